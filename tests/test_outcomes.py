"""Outcomes (취업 성과): hires through the board, outcomes the committee records, the cohort figures."""
import html
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import (
    Application, AuditEntry, Cohort, CohortClass, CompanyStatus, Opening, Outcome, OutcomeKind, Role, Stage, Trainee,
    TraineeStatus, User,
)
from board.models.types import board_today
from board.domain.outcomes import cohort_figures, current_outcomes_of
from board.domain.pipeline import apply
from tests.offer_world import advance
from tests.conftest import sign_in

DEMO_PASSWORD = "demo-pass-2026"


def ko(app, message, **values):
    """The message as a Korean page shows it."""
    with app.test_request_context(), force_locale("ko"):
        return gettext(message, **values)


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def committee(as_role):
    return as_role(Role.COMMITTEE)


def graduates(app, n=1, cohort_number=1):
    """n trainees of one cohort who completed the course; their ids."""
    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.number == cohort_number))
        if cohort is None:
            cohort = Cohort(number=cohort_number, starts_on=date(2020, 5, 11), ends_on=date(2020, 11, 27),
                            applicants=1045, selected=180, classes=[CohortClass(number=k) for k in range(1, 7)])
            db.session.add(cohort)
        start = db.session.scalar(select(func.count()).select_from(Trainee))
        trainees = []
        for i in range(start, start + n):
            user = User(email=f"graduate{i:03d}@example.kr", name=f"수료생{i:03d}", role=Role.TRAINEE)
            trainees.append(Trainee(user=user, cohort=cohort, cohort_class=cohort.classes[i % 6],
                                    status=TraineeStatus.COMPLETED))
        db.session.add_all(trainees)
        db.session.commit()
        return [t.id for t in trainees]


def outcomes_of(app, trainee_id):
    with app.app_context():
        return db.session.scalars(select(Outcome).where(Outcome.trainee_id == trainee_id).order_by(Outcome.id)).all()


def test_recording_outcomes_keeps_the_history_and_the_newest_is_current(app, committee):
    [trainee_id] = graduates(app)
    url = f"/committee/trainees/{trainee_id}/outcome"
    assert committee.get(url).status_code == 200
    first = committee.post(url, data={"kind": "looking", "note": "정보처리기사 준비 중"})
    assert first.status_code == 303
    assert first.headers["Location"].startswith("/committee/cohorts/")
    since = (board_today() - timedelta(days=3)).isoformat()
    second = committee.post(url, data={"kind": "employed", "organisation": "한빛데이터시스템", "started_on": since})
    assert second.status_code == 303

    rows = outcomes_of(app, trainee_id)
    assert [r.kind for r in rows] == [OutcomeKind.LOOKING, OutcomeKind.EMPLOYED]
    assert rows[1].organisation == "한빛데이터시스템" and rows[1].started_on.isoformat() == since
    assert not rows[1].through_board and rows[1].recorded_by_id == committee.user_id
    with app.app_context():
        assert current_outcomes_of([trainee_id])[trainee_id].kind == OutcomeKind.EMPLOYED
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "outcome.record")
                                     .order_by(AuditEntry.id)).all()
        assert [e.detail["kind"] for e in entries] == ["looking", "employed"]
        assert all(e.actor_id == committee.user_id and e.detail["trainee_id"] == trainee_id for e in entries)

    history = text_of(committee.get(url)).split('id="history-title"')[1]
    assert history.index("한빛데이터시스템") < history.index("정보처리기사 준비 중")
    listing = text_of(committee.get(second.headers["Location"]))
    assert "한빛데이터시스템" in listing and "badge-outcome-employed" in listing


def test_an_outcome_at_a_company_on_the_board_keeps_the_company(app, committee, make):
    [trainee_id] = graduates(app)
    company_id = make.company(name="빛고을에이아이")
    response = committee.post(f"/committee/trainees/{trainee_id}/outcome", data={
        "kind": "employed", "company": str(company_id), "started_on": board_today().isoformat()})
    assert response.status_code == 303
    [row] = outcomes_of(app, trainee_id)
    assert (row.company_id, row.organisation) == (company_id, "빛고을에이아이")


def test_the_list_goes_back_to_the_page_and_filter_it_came_from(app, committee):
    [trainee_id] = graduates(app)
    with app.app_context():
        cohort_id = db.session.get(Trainee, trainee_id).cohort_id
    back = f"/committee/cohorts/{cohort_id}/outcomes?show=none"
    response = committee.post(f"/committee/trainees/{trainee_id}/outcome", data={"kind": "looking", "next": back})
    assert response.headers["Location"] == back
    elsewhere = committee.post(f"/committee/trainees/{trainee_id}/outcome",
                               data={"kind": "looking", "next": "https://evil.example/"})
    assert elsewhere.headers["Location"] == f"/committee/cohorts/{cohort_id}/outcomes"


TODAY = board_today()


@pytest.mark.parametrize("data, field, message", [
    ({"kind": "employed", "started_on": TODAY.isoformat()}, "company",
     "Choose the employer from the list, or write its name below."),
    ({"kind": "employed", "organisation": "한빛데이터시스템", "started_on": (TODAY + timedelta(days=1)).isoformat()},
     "started_on", "The date cannot be in the future."),
    ({"kind": "employed", "organisation": "한빛데이터시스템"}, "started_on", "Enter the date it started."),
    ({"kind": "astronaut", "started_on": TODAY.isoformat()}, "kind", None),
    ({"kind": "", "started_on": TODAY.isoformat()}, "kind", "Choose what became of the graduate."),
    ({"kind": "graduate_school", "started_on": TODAY.isoformat()}, "organisation", "Write the name of the graduate school."),
    ({"kind": "looking", "organisation": "한빛데이터시스템"}, "organisation",
     "Leave this empty for a graduate who is still looking."),
    ({"kind": "founded", "organisation": "<b>데이터마루</b>", "started_on": TODAY.isoformat()}, "organisation", None),
    ({"kind": "employed", "organisation": "가" * 121, "started_on": TODAY.isoformat()}, "organisation",
     "Use at most 120 characters."),
], ids=["employed-nowhere", "future-date", "no-date", "unknown-kind", "no-kind", "school-unnamed", "looking-somewhere",
        "markup", "too-long"])
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(app, committee, data, field, message):
    [trainee_id] = graduates(app)
    response = committee.post(f"/committee/trainees/{trainee_id}/outcome", data=data)
    assert response.status_code == 422
    page = text_of(response)
    assert f'id="{field}-error"' in page
    if message:
        assert ko(app, message) in page.split(f'id="{field}-error"')[1].split("</p>")[0]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.SUSPENDED])
def test_only_approved_companies_can_be_chosen(app, committee, make, status):
    [trainee_id] = graduates(app)
    company_id = make.company(status=status)
    response = committee.post(f"/committee/trainees/{trainee_id}/outcome", data={
        "kind": "employed", "company": str(company_id), "started_on": TODAY.isoformat()})
    assert response.status_code == 422 and 'id="company-error"' in text_of(response)
    assert outcomes_of(app, trainee_id) == []


def test_an_htmx_form_that_fails_answers_with_the_form_only(app, committee):
    [trainee_id] = graduates(app)
    response = committee.post(f"/committee/trainees/{trainee_id}/outcome", data={"kind": "employed"},
                              headers={"HX-Request": "true"})
    assert response.status_code == 422
    page = text_of(response)
    assert page.lstrip().startswith("<form") and 'id="company-error"' in page and "<html" not in page


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COMPANY])
def test_trainees_and_companies_are_refused(app, as_role, role):
    [trainee_id] = graduates(app)
    with app.app_context():
        cohort_id = db.session.get(Trainee, trainee_id).cohort_id
    other = as_role(role)
    for url in ("/committee/outcomes", f"/committee/cohorts/{cohort_id}/outcomes",
                f"/committee/trainees/{trainee_id}/outcome"):
        assert other.get(url).status_code == 403, url
    assert other.post(f"/committee/trainees/{trainee_id}/outcome", data={"kind": "looking"}).status_code == 403
    assert outcomes_of(app, trainee_id) == []


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/committee/outcomes")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_trainees_and_cohorts_are_not_found(committee):
    assert committee.get("/committee/trainees/9999/outcome").status_code == 404
    assert committee.post("/committee/trainees/9999/outcome", data={"kind": "looking"}).status_code == 404
    assert committee.get("/committee/cohorts/9999/outcomes").status_code == 404


def test_the_cohort_list_filters_by_outcome_and_pages_by_30(app, committee):
    ids = graduates(app, 32)
    with app.app_context():
        cohort_id = db.session.get(Trainee, ids[0]).cohort_id
    committee.post(f"/committee/trainees/{ids[0]}/outcome", data={"kind": "founded", "organisation": "데이터마루",
                                                                   "started_on": TODAY.isoformat()})
    url = f"/committee/cohorts/{cohort_id}/outcomes"
    first = text_of(committee.get(url))
    assert first.count("<tr>") == 30 + 1 and 'rel="next"' in first
    assert text_of(committee.get(url + "?page=2")).count("<tr>") == 2 + 1
    founded = text_of(committee.get(url + "?show=founded"))
    assert "데이터마루" in founded and founded.count("<tr>") == 1 + 1
    assert text_of(committee.get(url + "?show=none")).count("<tr>") == 30 + 1
    assert text_of(committee.get(url + "?show=rubbish")).count("<tr>") == 30 + 1


def test_the_figures_count_current_outcomes_of_graduates_only(app, committee):
    ids = graduates(app, 4)
    for trainee_id in ids:
        committee.post(f"/committee/trainees/{trainee_id}/outcome", data={"kind": "looking"})
    for trainee_id, kind, where in ((ids[0], "employed", "한빛데이터시스템"), (ids[1], "graduate_school", "광주과학기술원 AI대학원"),
                                    (ids[3], "founded", "데이터마루")):
        committee.post(f"/committee/trainees/{trainee_id}/outcome", data={
            "kind": kind, "organisation": where, "started_on": TODAY.isoformat()})
    with app.app_context():
        db.session.get(Trainee, ids[3]).status = TraineeStatus.DROPPED
        db.session.commit()
        cohort_id = db.session.get(Trainee, ids[0]).cohort_id
        figures = cohort_figures()[cohort_id]
    assert figures.completed == 3 and figures.none_yet == 0
    assert figures.by_kind == {OutcomeKind.EMPLOYED: 1, OutcomeKind.FOUNDED: 0, OutcomeKind.GRADUATE_SCHOOL: 1,
                               OutcomeKind.LOOKING: 1}
    assert figures.success_label == "2 / 3 (66.7%)"
    assert "2 / 3 (66.7%)" in text_of(committee.get("/committee/outcomes"))


def test_the_demo_reproduces_the_article_130_of_155(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert sign_in(client, "committee@board.example", DEMO_PASSWORD).status_code == 303
    page = text_of(client.get("/committee/outcomes"))
    assert "130 / 155" in page and "83.9%" in page
    with app.app_context():
        c1 = db.session.scalar(select(Cohort).where(Cohort.number == 1))
        figures = cohort_figures(c1.id)[c1.id]
        assert (figures.completed, figures.success, figures.none_yet) == (155, 130, 0)
        assert figures.by_kind[OutcomeKind.LOOKING] == 25 and figures.by_kind[OutcomeKind.FOUNDED] > 0
        rows = db.session.scalars(select(Outcome).join(Trainee).where(Trainee.cohort_id == c1.id)).all()
        # After cohort 1 finished and not in the future (the demo's calendar is built around today).
        today = board_today()
        assert all(c1.ends_on < r.started_on <= today for r in rows)
        assert all(c1.ends_on < r.recorded_at.date() <= today for r in rows)
        assert len(rows) > 155 and any(r.company_id for r in rows)
        # Every hire in the demo's pipeline has its outcome through the board.
        hired = db.session.scalars(select(Application.id).where(Application.stage == Stage.HIRED)).all()
        through = db.session.scalars(select(Outcome.application_id).where(Outcome.through_board.is_(True))).all()
        assert hired and sorted(hired) == sorted(through)


def _hire(app, make, headcount=1, stages=(Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)):
    """A graduate applies to a new opening and the committee moves the application through stages; ids."""
    company_id = make.company(name="무등데이터랩")
    opening_id = make.opening(company_id=company_id, title="데이터 엔지니어")
    committee_id = make.user(Role.COMMITTEE)
    [trainee_id] = graduates(app)
    with app.app_context():
        opening = db.session.get(Opening, opening_id)
        opening.headcount = headcount
        trainee = db.session.get(Trainee, trainee_id)
        application = apply(trainee, opening, "데이터 파이프라인을 만들고 싶습니다.", {}, trainee.user)
        db.session.commit()
        actor = db.session.get(User, committee_id)
        for stage in stages:
            advance(application, stage, actor)
        db.session.commit()
        return {"company": company_id, "opening": opening_id, "trainee": trainee_id, "cohort": trainee.cohort_id}


def test_a_hire_through_the_pipeline_shows_as_employed_through_the_board(app, make, committee):
    hire = _hire(app, make)
    page = text_of(committee.get(f"/committee/cohorts/{hire['cohort']}/outcomes?show=employed"))
    row = page.split('id="graduates"')[1]
    assert "무등데이터랩" in row and "badge-outcome-employed" in row and ko(app, "Through the board") in row
    with app.app_context():
        assert cohort_figures(hire["cohort"])[hire["cohort"]].through_board == 1
    figures = text_of(committee.get("/committee/outcomes")).split('id="outcome-figures"')[1]
    assert "1 / 1 (100.0%)" in figures


def test_a_filled_opening_offers_to_close(app, make, as_role):
    hire = _hire(app, make, headcount=2, stages=(Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED))
    member = as_role(Role.COMPANY, company_id=hire["company"])
    url = f"/company/openings/{hire['opening']}"
    assert 'id="filled-notice"' not in text_of(member.get(url))
    with app.app_context():
        db.session.get(Opening, hire["opening"]).headcount = 1
        db.session.commit()
    page = text_of(member.get(url))
    notice = page.split('id="filled-notice"')[1].split("</p>")[0]
    assert ko(app, "This opening is filled (%(hired)s of %(headcount)s hired).", hired=1, headcount=1) in notice
    assert f'href="/company/openings/{hire["opening"]}/close"' in notice


def test_an_offer_is_not_a_hire_for_the_headcount(app, make, as_role):
    hire = _hire(app, make, stages=(Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER))
    member = as_role(Role.COMPANY, company_id=hire["company"])
    assert 'id="filled-notice"' not in text_of(member.get(f"/company/openings/{hire['opening']}"))
    assert outcomes_of(app, hire["trainee"]) == []
