"""The demo seed: `flask seed demo` fills an empty board with the academy of the article."""
from collections import Counter
import html
import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from board import create_app
from board.extensions import db
from board.models import Cohort, Company, CompanyStatus, Opening, OpeningStatus, Trainee, TraineeStatus, User
from board.models.companies import registration_number_is_valid
from board.seed import DemoRefused, seed_demo
from tests.conftest import sign_in
from tests.conftest import board_test_config

DEMO_PASSWORD = "demo-pass-2026"
DEMO_HOMES = {
    "admin@board.example": "/admin/",
    "committee@board.example": "/committee/",
    "company@board.example": "/company/",
    "trainee@board.example": "/me/",
}
STAT_RE = re.compile(r'<span class="stat-value">([^<]*)</span><span class="stat-label">([^<]*)</span>')


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return result


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_seed_reports_what_it_made(seeded):
    assert "2 cohorts" in seeded.output
    assert "360 trainees" in seeded.output
    assert "4 demo accounts" in seeded.output


def test_demo_accounts_sign_in_and_land_in_their_own_area(app, seeded):
    for email, home in DEMO_HOMES.items():
        client = app.test_client()
        response = sign_in(client, email, DEMO_PASSWORD)
        assert response.status_code == 303, (email, response.get_data(as_text=True))
        assert response.headers["Location"].endswith(home), email
        page = client.get(home)
        assert page.status_code == 200, email


def test_the_demo_trainee_is_in_cohort_2_class_1(app, seeded):
    client = app.test_client()
    sign_in(client, "trainee@board.example", DEMO_PASSWORD)
    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.email == "trainee@board.example")).trainee
        assert (trainee.cohort.number, trainee.cohort_class.number, trainee.region) == (2, 1, "광주")
        assert trainee.status == TraineeStatus.TRAINING


def test_invited_trainees_cannot_sign_in_before_setting_a_password(app, seeded):
    client = app.test_client()
    response = sign_in(client, "trainee-c2-002@board.example", DEMO_PASSWORD)
    assert response.status_code == 401
    with app.app_context():
        passwordless = db.session.scalar(
            select(func.count()).select_from(User).join(Trainee).where(User.password_hash.is_(None)))
        assert passwordless == 359


def test_cohorts_have_the_article_figures(app, seeded):
    with app.app_context():
        c1, c2 = db.session.scalars(select(Cohort).order_by(Cohort.number)).all()
        assert (c1.number, c1.applicants, c1.selected, c1.completed, c1.hours) == (1, 1045, 180, 155, 960)
        assert (c2.number, c2.applicants, c2.selected, c2.completed, c2.hours) == (2, 609, 180, None, 1120)
        for cohort in (c1, c2):
            assert [k.number for k in cohort.classes] == [1, 2, 3, 4, 5, 6]
            assert all(k.instructor and k.assistant for k in cohort.classes)
            assert (cohort.ends_on - cohort.starts_on).days <= 7 * 31


def test_cohort_1_graduates_match_the_article_by_region_and_gender(app, seeded):
    with app.app_context():
        c1 = db.session.scalar(select(Cohort).where(Cohort.number == 1))
        trainees = db.session.scalars(select(Trainee).where(Trainee.cohort_id == c1.id)).all()
        assert Counter(t.status for t in trainees) == {TraineeStatus.COMPLETED: 155, TraineeStatus.DROPPED: 25}
        graduates = [t for t in trainees if t.status == TraineeStatus.COMPLETED]
        assert Counter(t.region for t in graduates) == {
            "광주": 73, "서울": 30, "경기": 22, "전남북": 15, "충청": 4, "인천": 4, "경남북": 3, "대구": 2, "부산": 2,
        }
        assert Counter(t.gender for t in graduates) == {"male": 110, "female": 45}


def test_cohort_2_is_in_training_with_129_from_gwangju_in_six_classes_of_30(app, seeded):
    with app.app_context():
        c2 = db.session.scalar(select(Cohort).where(Cohort.number == 2))
        trainees = db.session.scalars(select(Trainee).where(Trainee.cohort_id == c2.id)).all()
        assert len(trainees) == 180
        assert {t.status for t in trainees} == {TraineeStatus.TRAINING}
        assert sum(t.region == "광주" for t in trainees) == 129
        assert all(t.region for t in trainees)
        assert Counter(t.cohort_class.number for t in trainees) == {n: 30 for n in range(1, 7)}


def test_trainees_have_korean_names_and_unique_emails(app, seeded):
    with app.app_context():
        users = db.session.scalars(select(User).join(Trainee)).all()
        assert len(users) == 360
        assert len({u.email for u in users}) == 360
        assert all(re.fullmatch(r"[가-힣]{3}", u.name) for u in users)


def test_companies_partners_and_approval_queue(app, seeded):
    with app.app_context():
        companies = db.session.scalars(select(Company)).all()
        assert 28 <= len(companies) <= 35
        assert sum(c.is_partner and c.is_approved for c in companies) == 28
        assert all(a.signed_on.isoformat() == "2021-07-27" for c in companies for a in c.agreements)
        pending = [c for c in companies if c.status == CompanyStatus.PENDING]
        assert len(pending) == 2
        assert all(len(c.members) == 1 and c.members[0].password_hash for c in pending)
        assert all(registration_number_is_valid(c.registration_number) for c in companies)
        assert len({c.registration_number for c in companies}) == len(companies)
        assert all(c.kind and c.description and c.website.startswith("https://") for c in companies)
        demo_member = db.session.scalar(select(User).where(User.email == "company@board.example"))
        assert demo_member.company.is_approved and demo_member.company.is_partner


def test_committee_sees_the_two_pending_companies(app, seeded):
    client = app.test_client()
    sign_in(client, "committee@board.example", DEMO_PASSWORD)
    page = client.get("/committee/companies").get_data(as_text=True)
    with app.app_context():
        names = db.session.scalars(select(Company.name).where(Company.status == CompanyStatus.PENDING)).all()
    assert all(name in page for name in names)


def test_front_page_shows_28_partner_companies(app, client, seeded):
    page = client.get("/")
    assert page.status_code == 200
    stats = {html.unescape(label): value for value, label in STAT_RE.findall(page.get_data(as_text=True))}
    with app.test_request_context(), force_locale("ko"):
        partner_label = gettext("partner companies with a recruitment agreement")
    assert stats[partner_label] == "28"


def test_second_run_is_refused_and_changes_nothing(app, runner, seeded):
    users = _count(app, User)
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert _count(app, User) == users


def test_second_run_with_if_empty_skips_quietly(app, runner, seeded):
    counts = [_count(app, model) for model in (User, Trainee, Company, Cohort)]
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output
    assert [_count(app, model) for model in (User, Trainee, Company, Cohort)] == counts


def test_a_database_with_companies_but_no_accounts_is_not_empty_either(app, runner, make):
    make.company()
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0
    assert "skipped" in result.output
    assert _count(app, User) == 0


@pytest.fixture
def production_app(app, database_url):
    """The board configured as production, on the same (empty) test database."""
    prod = create_app({**board_test_config(database_url), "BOARD_ENV": "production"})
    yield prod
    with prod.app_context():
        db.session.remove()
        db.engine.dispose()


def test_production_refuses_the_demo_seed(app, production_app):
    result = production_app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "production" in result.output
    result = production_app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code != 0
    assert _count(app, User) == 0


def test_seed_function_refuses_production_on_its_own(app, production_app):
    with production_app.app_context(), pytest.raises(DemoRefused, match="production"):
        seed_demo()
    assert _count(app, User) == 0


def test_seed_is_all_or_nothing(app, monkeypatch):
    import board.seed.academy as academy

    # Two companies with the same number make the commit fail after everything was added.
    numbers = iter(["1234567891"] * 2 + [None] * 100)
    real = academy._registration_number
    monkeypatch.setattr(academy, "_registration_number",
                        lambda rng, taken: next(numbers) or real(rng, taken))
    with app.app_context(), pytest.raises(IntegrityError):
        seed_demo()
    for model in (User, Trainee, Company, Cohort, Opening):
        assert _count(app, model) == 0


def test_demo_has_openings_in_every_state_and_the_board_shows_them(app, runner, client):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        states = dict(db.session.execute(select(Opening.status, func.count()).group_by(Opening.status)).all())
        assert set(states) == set(OpeningStatus)
        assert states[OpeningStatus.PUBLISHED] >= 30
        returned = db.session.scalars(select(Opening).where(Opening.status == OpeningStatus.RETURNED)).all()
        assert all(o.return_reason for o in returned)
    board = client.get("/openings").get_data(as_text=True)
    assert board.count('class="card opening-card"') == 20
    assert 'rel="next"' in board


def test_demo_trainee_has_a_profile_resume_and_applications_in_several_stages(app, runner):
    from board.models import Application, Stage
    from tests.conftest import sign_in
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    client = app.test_client()
    assert sign_in(client, "trainee@board.example", DEMO_PASSWORD).status_code == 303
    page = client.get("/me/applications").get_data(as_text=True)
    assert page.count('class="card application-card"') == 4
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "trainee@board.example"))
        assert user.trainee.resume is not None and user.trainee.skills
        stages = set(db.session.scalars(select(Application.stage)))
        assert stages == set(Stage)
        # Every recorded history is a walk along legal moves.
        from board.pipeline import MOVES
        for application in db.session.scalars(select(Application)):
            steps = [(e.from_stage, e.to_stage) for e in application.events][1:]
            assert all(step in MOVES for step in steps)
            assert application.events[-1].to_stage == application.stage


def test_demo_lunch_days_one_held_and_one_open_for_sign_up(app, seeded):
    from datetime import timedelta

    from board import lunchdays, seating
    from board.models import Stage
    from board.models import (
        Attendance, FollowUpDecision, LunchDay, LunchFollowUp, LunchInterest, LunchPreference, LunchSignup, SignupStatus,
    )
    from board.models.types import utcnow
    with app.app_context():
        held, upcoming = db.session.scalars(select(LunchDay).order_by(LunchDay.starts_at)).all()
        now = utcnow()
        assert held.starts_at < now - timedelta(days=20) and upcoming.starts_at > now
        # The held one: 9 tables with the demo company's among them, 40 seated, a published plan without violations.
        tables = db.session.scalars(lunchdays.confirmed_companies(held)).all()
        assert len(tables) == 9
        assert "company@board.example" in {u.email for t in tables for u in t.company.members}
        funnel = lunchdays.funnel(held)
        assert funnel["seated"] == 40 and 30 <= funnel["checked_in"] < 40 and funnel["interviews"] >= 3
        assert held.plan_published_at is not None and seating.quality(held).violations == []
        demo = db.session.scalar(select(LunchSignup).join(Trainee).join(User).where(
            LunchSignup.lunch_day_id == held.id, User.email == "trainee@board.example"))
        assert demo.status == SignupStatus.SEATED and demo.seats and demo.preferences
        decisions = {d for (d,) in db.session.execute(select(LunchFollowUp.decision))}
        assert decisions == set(FollowUpDecision)
        moved = db.session.scalars(select(LunchFollowUp).where(LunchFollowUp.application_id.is_not(None))).all()
        assert moved and all(f.application.stage == Stage.INTERVIEW for f in moved)
        assert db.session.scalar(select(func.count()).select_from(LunchFollowUp)
                                 .where(LunchFollowUp.proposal_id.is_not(None))) >= 1
        assert db.session.scalar(select(func.count()).select_from(LunchInterest)) > 0
        # The upcoming one: open, some tables confirmed, some invitations unanswered, a waitlist.
        assert lunchdays.signup_is_open(upcoming)
        answers = Counter(c.status for c in upcoming.companies)
        assert answers[Attendance.CONFIRMED] >= 5 and answers[Attendance.INVITED] >= 2
        statuses = Counter(s.status for s in upcoming.signups)
        assert statuses[SignupStatus.SEATED] == upcoming.capacity and statuses[SignupStatus.WAITLISTED] >= 3
        assert db.session.scalar(select(func.count()).select_from(LunchPreference)
                                 .join(LunchSignup).where(LunchSignup.lunch_day_id == upcoming.id)) > 30


def test_demo_company_profile_shows_the_lunch_day_it_attended(app, seeded, client):
    from board.models import LunchDay
    with app.app_context():
        company_id = db.session.scalar(select(User).where(User.email == "company@board.example")).company_id
        venue = db.session.scalars(select(LunchDay).order_by(LunchDay.starts_at)).first().venue
    page = client.get(f"/companies/{company_id}").get_data(as_text=True)
    assert 'id="lunch-days-attended"' in page and venue in page
