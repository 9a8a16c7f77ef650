"""The demo seed: `flask seed demo` fills an empty board with the academy of the article."""
from collections import Counter
import html
import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from board import create_app
from board.platform.extensions import db
from board.models import Cohort, Company, CompanyKind, CompanyStatus, Opening, OpeningStatus, Trainee, TraineeStatus, User
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
    with app.app_context():
        waiting = db.session.scalars(select(User.email).join(Trainee).join(Cohort).where(
            User.password_hash.is_(None), Cohort.number == 2).order_by(User.email)).all()
        # Cohort 1's roster was imported for its outcomes; 150 of cohort 2 have joined, 30 not yet.
        passwordless = db.session.scalar(
            select(func.count()).select_from(User).join(Trainee).where(User.password_hash.is_(None)))
        assert (len(waiting), passwordless) == (30, 210)
    client = app.test_client()
    response = sign_in(client, waiting[0], DEMO_PASSWORD)
    assert response.status_code == 401


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
        # The article's counts by kind (16 relocated, 26 founded, 46 offices and labs), besides the regional firms.
        approved = [c for c in companies if c.is_approved]
        assert [sum(c.kind == kind for c in approved) for kind in (CompanyKind.RELOCATED, CompanyKind.FOUNDED,
                                                                   CompanyKind.BRANCH)] == [16, 26, 46]
        assert sum(c.is_partner and c.is_approved for c in companies) == 28
        assert len({a.signed_on for c in companies for a in c.agreements}) == 1
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
        from board.domain.pipeline import MOVES
        for application in db.session.scalars(select(Application)):
            steps = [(e.from_stage, e.to_stage) for e in application.events][1:]
            assert all(step in MOVES for step in steps)
            assert application.events[-1].to_stage == application.stage


def test_demo_lunch_days_one_held_and_one_open_for_sign_up(app, seeded):
    from datetime import timedelta

    from board.domain import lunchdays, seating
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


# One story on every page: the demo's calendar is built around today, and what people did matches who they are.

def _seoul_day(at):
    from zoneinfo import ZoneInfo

    from board.models.types import ACADEMY_TIMEZONE
    return at.astimezone(ZoneInfo(ACADEMY_TIMEZONE)).date()


def test_cohort_1_finished_months_ago_and_cohort_2_is_in_its_project_course(app, seeded):
    from datetime import timedelta

    from board.models import Agreement, Outcome, Project
    from board.models.types import board_today
    with app.app_context():
        today = board_today()
        c1, c2 = db.session.scalars(select(Cohort).order_by(Cohort.number)).all()
        assert c1.starts_on < c1.ends_on < c2.starts_on < today < c2.ends_on
        for cohort in (c1, c2):
            assert 6 * 30 <= (cohort.ends_on - cohort.starts_on).days <= 7 * 31
            assert cohort.starts_on.weekday() < 5 and cohort.ends_on.weekday() < 5
        # The project course is the last two months of seven; cohort 1 ended several months ago.
        assert c2.ends_on - timedelta(days=61) <= today
        assert today - c1.ends_on >= timedelta(days=90)
        # A finished cohort has no one still training; the running one has no graduates yet.
        statuses = dict(db.session.execute(select(Trainee.cohort_id, func.count()).where(
            Trainee.status == TraineeStatus.TRAINING).group_by(Trainee.cohort_id)).all())
        assert c1.id not in statuses and statuses[c2.id] == 180
        # The partners signed during cohort 2; cohort 1's outcomes happened after it ended and are not in the future.
        signed = set(db.session.scalars(select(Agreement.signed_on)))
        assert signed and all(c2.starts_on <= day < today for day in signed)
        rows = db.session.scalars(select(Outcome).join(Trainee).where(Trainee.cohort_id == c1.id)).all()
        assert all(c1.ends_on < r.started_on <= today and r.started_on <= r.recorded_at.date() <= today for r in rows)
        # The company projects the teams work on were published before the project course began.
        published = db.session.scalars(select(Project.published_at).where(Project.published_at.is_not(None))).all()
        assert published and all(_seoul_day(at) < c2.ends_on - timedelta(days=55) for at in published)


def test_every_trainee_who_used_the_board_has_joined_and_the_roster_counts_them(app, seeded):
    from board.models import Application, LunchSignup, MatchProposal, MeetRequest, Resume
    with app.app_context():
        used = set()
        for column in (Application.trainee_id, Resume.trainee_id, LunchSignup.trainee_id, MatchProposal.trainee_id,
                       MeetRequest.trainee_id):
            used |= set(db.session.scalars(select(column)))
        used |= set(db.session.scalars(select(Trainee.id).where(Trainee.headline != "")))
        people = db.session.scalars(select(Trainee).where(Trainee.id.in_(used))).all()
        assert len(people) >= 60
        assert [t.user.email for t in people if not (t.user.password_hash and t.user.active)] == []
        c2 = db.session.scalar(select(Cohort).where(Cohort.number == 2))
        joined = db.session.scalar(select(func.count()).select_from(Trainee).join(User).where(
            Trainee.cohort_id == c2.id, User.password_hash.is_not(None)))
        assert joined >= len(people)
    client = app.test_client()
    sign_in(client, "committee@board.example", DEMO_PASSWORD)
    page = html.unescape(client.get(f"/committee/cohorts/{c2.id}").get_data(as_text=True))
    with app.test_request_context(), force_locale("ko"):
        line = gettext("%(total)s trainees: %(joined)s joined, %(waiting)s not joined yet",
                       total=180, joined=joined, waiting=180 - joined)
    assert line in page
    # The dashboard counts everyone on the roster; it must not call them all joined (가입).
    home = html.unescape(client.get("/committee/").get_data(as_text=True))
    assert "보드 가입 교육생" not in home


def test_joining_came_before_the_resume_and_the_resume_before_the_applications(app, seeded):
    from board.models import Application, Resume
    with app.app_context():
        for resume in db.session.scalars(select(Resume)):
            assert db.session.get(Trainee, resume.trainee_id).user.password_changed_at <= resume.uploaded_at
        for application in db.session.scalars(select(Application)):
            assert application.resume.uploaded_at <= application.created_at


def test_trainee_headlines_are_varied(app, seeded):
    with app.app_context():
        headlines = db.session.scalars(select(Trainee.headline).where(Trainee.headline != "")).all()
    assert len(headlines) >= 60
    assert len(set(headlines)) >= 0.9 * len(headlines), Counter(headlines).most_common(3)


def test_no_opening_title_carries_two_tags(app, seeded):
    with app.app_context():
        titles = set(db.session.scalars(select(Opening.title)))
    assert [t for t in titles if len(re.findall(r"\([^)]*\)", t)) > 1] == []


def test_specialist_openings_come_from_companies_in_that_field(app, seeded):
    # A voice company does not hire a sign-language researcher, nor a vision company a recommender engineer.
    field = {"수어 인식": "수어", "음성 AI": "음성", "추천 시스템": "추천", "문서 AI": "문서"}
    with app.app_context():
        rows = db.session.execute(select(Opening.title, Company.description).join(Opening.company)).all()
    wrong = [(title, description) for title, description in rows
             for job, word in field.items() if title.startswith(job) and word not in description]
    assert wrong == []


def test_lunch_days_fall_on_weekdays_of_cohort_2s_course_one_past_one_coming(app, seeded):
    from board.models import LunchDay, LunchSignup
    from board.models.types import board_today
    with app.app_context():
        today = board_today()
        c2 = db.session.scalar(select(Cohort).where(Cohort.number == 2))
        held, upcoming = db.session.scalars(select(LunchDay).order_by(LunchDay.starts_at)).all()
        held_day, upcoming_day = _seoul_day(held.starts_at), _seoul_day(upcoming.starts_at)
        assert c2.starts_on < held_day < today < upcoming_day <= c2.ends_on
        assert held_day.weekday() < 5 and upcoming_day.weekday() < 5
        assert upcoming.signups and all(s.checked_in_at is None for s in upcoming.signups)
        assert all(_seoul_day(s.checked_in_at) == held_day for s in held.signups if s.checked_in_at)
        # Only cohort 2's trainees, still training, sign up.
        cohorts = set(db.session.scalars(select(Trainee.cohort_id).join(LunchSignup)))
        assert cohorts == {c2.id}


def test_the_demand_survey_asks_about_the_coming_half_year(app, seeded):
    from board.models import SurveyRound
    from board.models.types import board_today
    with app.app_context():
        today = board_today()
        title = db.session.scalar(select(SurveyRound.title))
    expected = f"{today.year} 하반기" if today.month <= 6 else f"{today.year + 1} 상반기"
    assert title == expected


def test_cohort_1s_employed_graduates_have_their_employment_checks_and_the_outcomes_stay_130(app, seeded):
    from board.domain.retention import months_after
    from board.models import EmploymentCheck, Outcome, OutcomeKind, RetentionStatus
    from board.models.types import board_today
    with app.app_context():
        c1 = db.session.scalar(select(Cohort).where(Cohort.number == 1))
        checks = db.session.scalars(select(EmploymentCheck).where(EmploymentCheck.outcome_id.is_not(None))).all()
        assert {c.status for c in checks} == set(RetentionStatus) and {c.months for c in checks} == {3, 6}
        today = board_today()
        for check in checks:
            outcome = db.session.get(Outcome, check.outcome_id)
            # Only employed graduates of cohort 1, checked once their milestone came, never in the future.
            assert outcome.kind == OutcomeKind.EMPLOYED and outcome.trainee.cohort_id == c1.id
            assert months_after(outcome.started_on, check.months) <= check.checked_on <= today
    client = app.test_client()
    sign_in(client, "committee@board.example", DEMO_PASSWORD)
    page = html.unescape(client.get(f"/committee/cohorts/{c1.id}/outcomes").get_data(as_text=True))
    table = page.split('id="retention"', 1)[1].split("</table>", 1)[0]
    whole = table.split("</tr>", 2)[1]
    # Whole cohort: a rate at 3 and at 6 months, with the verified, left and unknown behind it.
    assert len(re.findall(r"\d+\.\d%", whole)) == 2, whole
    assert "130" in page and "155" in page
