"""The authorization matrix: every rule of the URL map, every method, every kind of person.

A table says what each actor gets. A route added without a row fails
test_every_route_has_a_row, so no page is ever published without a decision about
who may use it.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from board.platform.extensions import db
from board.models import (
    Application, Attendance, CompanyStatus, LunchCompany, LunchDay, LunchRound, LunchSignup, MatchProposal,
    ConsumerHeartbeat, MeetRequest, Notification, OutboxMessage, OutboxStatus, Project, Role, RosterImport, SignupStatus,
    Stage, StageChange, SurveyRound, Trainee, User,
)
from board.models.matching import InterviewSlot
from board.models.offers import Offer
from board.models.openings import EmploymentType, OpeningStatus
from board.models.types import board_today, utcnow
from tests.conftest import sign_in

ACTORS = ("anon", "trainee_a", "trainee_b", "member_x", "member_y", "member_pending", "committee", "admin")

# What each actor gets, in the order of ACTORS:
#   ok      through the gate (any answer below 500 that is not one of the refusals below)
#   login   302 to the sign-in page
#   403     refused for the role
#   404     refused without revealing that the object exists
#   pending 302 back to /company/: a company that is not approved may not do this
ANYONE = "ok ok ok ok ok ok ok ok"
SIGNED_IN = "login ok ok ok ok ok ok ok"
TRAINEES = "login ok ok 403 403 403 403 403"
OWN_TRAINEE = "login ok 404 403 403 403 403 403"
COMPANIES = "login 403 403 ok ok ok 403 403"
APPROVED_COMPANIES = "login 403 403 ok ok pending 403 403"
OWN_COMPANY = "login 403 403 ok 404 404 403 403"
OWN_APPROVED_COMPANY = "login 403 403 ok 404 pending 403 403"
COMMITTEE = "login 403 403 403 403 403 ok ok"
ADMIN = "login 403 403 403 403 403 403 ok"
# Trainee A's notification: anyone else, whatever their role, gets 404.
OWN_NOTIFICATION = "login ok 404 404 404 404 404 404"

SPEC = {
    "public.index": ANYONE, "public.openings": ANYONE, "public.opening": ANYONE, "public.company": ANYONE,
    "public.projects": ANYONE, "public.project": ANYONE, "public.language": ANYONE, "health.healthz": ANYONE,
    "public.favicon": ANYONE,
    "public.sitemap": ANYONE, "public.robots": ANYONE, "public.manifest": ANYONE,
    "public.download_resume": "login ok 404 ok 404 404 ok ok",
    "accounts.login": ANYONE, "accounts.logout": ANYONE, "accounts.signup_company": ANYONE,
    "accounts.finish_signup": ANYONE,
    "accounts.reset_request": ANYONE, "accounts.reset": ANYONE, "accounts.accept_invitation": ANYONE,
    "accounts.welcome": ANYONE, "accounts.password_change": SIGNED_IN,
    "me.index": TRAINEES, "me.applications": TRAINEES, "me.profile": TRAINEES, "me.upload_resume": TRAINEES,
    "me.apply_to": TRAINEES, "me.application": OWN_TRAINEE, "me.withdraw": OWN_TRAINEE, "me.edit_application": OWN_TRAINEE,
    "company.index": COMPANIES, "company.openings": COMPANIES, "company.registration": COMPANIES,
    "company.leave": COMPANIES, "company.projects": COMPANIES,
    "company.profile": COMPANIES, "company.new_opening": APPROVED_COMPANIES,
    "company.invite": APPROVED_COMPANIES, "company.new_project": APPROVED_COMPANIES,
    "company.surveys": APPROVED_COMPANIES, "company.survey": APPROVED_COMPANIES,
    "company.opening": OWN_COMPANY, "company.close_opening": OWN_COMPANY, "company.application": OWN_COMPANY,
    "company.project": OWN_COMPANY,
    "company.edit_opening": OWN_APPROVED_COMPANY, "company.submit_opening": OWN_APPROVED_COMPANY,
    "company.duplicate_opening": OWN_APPROVED_COMPANY, "company.edit_project": OWN_APPROVED_COMPANY,
    "company.submit_project": OWN_APPROVED_COMPANY,
    "company.pipeline": COMPANIES, "company.applicants_csv": COMPANIES, "company.pipeline_move": OWN_APPROVED_COMPANY,
    "company.offer_slots": OWN_APPROVED_COMPANY, "company.record_feedback": OWN_APPROVED_COMPANY,
    "company.reject": OWN_APPROVED_COMPANY, "company.slot_ics": OWN_COMPANY,
    "me.choose_slot": OWN_TRAINEE, "me.other_times": OWN_TRAINEE, "me.slot_ics": OWN_TRAINEE,
    "admin.index": ADMIN, "admin.new_user": ADMIN, "admin.user_active": ADMIN,
    "admin.outbox_list": ADMIN, "admin.outbox_message": ADMIN, "admin.outbox_retry": ADMIN, "health.queue_health": ANYONE,
    "me.proposals": TRAINEES, "me.accept_proposal": OWN_TRAINEE, "me.decline_proposal": OWN_TRAINEE,
    "company.talent_pool": APPROVED_COMPANIES, "company.request_meet": APPROVED_COMPANIES,
    "company.meet_request": OWN_APPROVED_COMPANY,
    "company.lunch_days": APPROVED_COMPANIES, "company.lunch_day": OWN_APPROVED_COMPANY,
    "company.lunch_interest": OWN_APPROVED_COMPANY, "company.lunch_follow_up": OWN_APPROVED_COMPANY,
    "company.lunch_calendar": OWN_APPROVED_COMPANY,
    "me.lunch_days": TRAINEES, "me.lunch_day": TRAINEES, "me.lunch_signup": TRAINEES,
    "me.lunch_preferences": TRAINEES, "me.lunch_cancel": TRAINEES, "me.lunch_calendar": OWN_TRAINEE,
    # Offers: only the company the application went to makes or withdraws one and confirms employment;
    # only the trainee it was made to answers it (another trainee gets 404); a company never reverts a hire.
    "company.make_offer": OWN_APPROVED_COMPANY, "company.withdraw_offer": OWN_APPROVED_COMPANY,
    "company.confirm_employment": OWN_APPROVED_COMPANY,
    "me.accept_offer": OWN_TRAINEE, "me.decline_offer": OWN_TRAINEE, "me.after_hire": OWN_TRAINEE,
    "notifications.index": SIGNED_IN, "notifications.bell": SIGNED_IN, "notifications.read": OWN_NOTIFICATION,
    "notifications.read_all": SIGNED_IN, "notifications.preferences": SIGNED_IN,
    # The signed token is the key (RFC 8058 one-click): a bad one is a 400 for everyone, below the gate.
    "notifications.unsubscribe": ANYONE,
}
COMMITTEE_ENDPOINTS = (
    "index", "companies", "company", "approve_company", "return_company", "suspend_company", "reinstate_company",
    "save_agreement", "review_edits", "openings", "opening", "publish_opening", "return_opening", "projects",
    "project", "publish_project", "return_project", "review_queue", "review", "pass_on", "return_with_advice",
    "reject", "cohorts", "new_cohort", "cohort", "edit_cohort", "upload_roster", "roster_import",
    "confirm_roster_import", "roster_download", "resend_invitation", "trainee_status", "surveys", "new_survey", "survey",
    "outcomes", "cohort_outcomes", "trainee_outcome", "pipeline", "pipeline_move",
    "new_proposal", "proposals", "meet_requests", "decide_meet_request",
    "lunch_days", "new_lunch_day", "edit_lunch_day", "lunch_day", "invite_to_lunch_day", "lunch_calendar",
    "lunch_plan", "generate_lunch_plan", "move_lunch_seat", "publish_lunch_plan", "lunch_check_in", "check_in_trainee",
    "reports", "report_trainees", "report_companies", "report_csv", "report_trainees_csv", "report_applications_csv",
    "audit_log",
    "offers_index", "record_hire", "revert_hire", "record_check",
)
SPEC.update({f"committee.{name}": COMMITTEE for name in COMMITTEE_ENDPOINTS})


def _rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_row(app):
    missing = sorted({rule.endpoint for rule, _ in _rules(app)} - set(SPEC))
    assert not missing, f"routes without a row in the authorization table: {missing}"
    stale = sorted(set(SPEC) - {rule.endpoint for rule, _ in _rules(app)})
    assert not stale, f"rows for routes that no longer exist: {stale}"


@pytest.fixture
def world(app, make):
    """Trainee A applied to company X's opening (passed on to X); companies Y and pending P; the staff."""
    x = make.company(name="엑스", partner=True)
    y = make.company(name="와이")
    p = make.company(name="피", status=CompanyStatus.PENDING)
    ids = {"member_x": make.user(Role.COMPANY, company_id=x), "member_y": make.user(Role.COMPANY, company_id=y),
           "member_pending": make.user(Role.COMPANY, company_id=p), "trainee_a": make.user(Role.TRAINEE),
           "trainee_b": make.user(Role.TRAINEE), "committee": make.user(Role.COMMITTEE), "admin": make.user(Role.ADMIN)}
    opening = make.opening(x, title="엑스 공고")
    resume = make.resume(ids["trainee_a"])
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == ids["trainee_a"]))
        application = Application(opening_id=opening, trainee_id=trainee.id, resume_id=resume, cover_letter="지원합니다",
                                  stage=Stage.COMPANY_REVIEW)
        db.session.add(application)
        db.session.flush()
        db.session.add(StageChange(application_id=application.id, to_stage=Stage.COMPANY_REVIEW))
        slot = InterviewSlot(application_id=application.id, starts_at=utcnow() + timedelta(days=3), place="본사")
        db.session.add(slot)
        project = Project(company_id=x, title="수어 통역", description="설명", team_size=4, status=OpeningStatus.PUBLISHED)
        survey = SurveyRound(title="2026 하반기", deadline=board_today() + timedelta(days=10))
        roster = RosterImport(cohort_id=trainee.cohort_id, filename="명단.csv", content="이름,이메일,반,지역\n".encode())
        # Trainee A is in the talent pool, was proposed for an opening and company X asked to meet them.
        trainee.visible_to_companies = True
        proposal = MatchProposal(trainee_id=trainee.id, opening_id=opening, note="추천합니다")
        meet = MeetRequest(company_id=x, trainee_id=trainee.id, message="만나고 싶습니다")
        # A lunch day where company X hosts a table and trainee A holds a place.
        starts_at = utcnow() + timedelta(days=10)
        lunch_day = LunchDay(title="런치데이", venue="3층", starts_at=starts_at, capacity=10, arrivals=1,
                             signup_opens_at=utcnow() - timedelta(days=1), signup_closes_at=utcnow() + timedelta(days=7))
        lunch_day.rounds = [LunchRound(number=1, starts_at=starts_at, minutes=40)]
        lunch_day.companies = [LunchCompany(company_id=x, status=Attendance.CONFIRMED, seats=4)]
        signup = LunchSignup(trainee_id=trainee.id, status=SignupStatus.SEATED, arrival=1)
        lunch_day.signups = [signup]
        offer = Offer(application_id=application.id, position="데이터 엔지니어", employment_type=EmploymentType.FULL_TIME,
                      starts_on=board_today() + timedelta(days=30), salary=3600, answer_by=board_today() + timedelta(days=7))
        note = Notification(user_id=ids["trainee_a"], kind="opening.published", params={"title": "공고"},
                            endpoint="public.index", link_values={})
        failed_mail = OutboxMessage(to="gone@example.kr", subject="메일", body="본문", status=OutboxStatus.FAILED,
                                    last_error="550 No such mailbox")
        # A consumer that beat just now: /healthz/queue answers 200 rather than its 503 for a stopped one.
        heartbeat = ConsumerHeartbeat(name="matrix", beat_at=utcnow())
        db.session.add_all([project, survey, roster, proposal, meet, lunch_day, offer, note, failed_mail, heartbeat])
        db.session.commit()
        params = {"message_id": failed_mail.id, "company_id": x, "opening_id": opening, "application_id": application.id, "resume_id": resume,
                  "trainee_id": trainee.id, "user_id": ids["trainee_a"], "cohort_id": trainee.cohort_id,
                  "import_id": roster.id, "round_id": survey.id, "project_id": project.id, "token": "not-a-real-token",
                  "slot_id": slot.id, "proposal_id": proposal.id, "request_id": meet.id,
                  "lunch_day_id": lunch_day.id, "signup_id": signup.id, "name": "regions",
                  "offer_id": offer.id, "months": 3, "notification_id": note.id}
        emails = {actor: db.session.get(User, user_id).email for actor, user_id in ids.items()}
    clients = {"anon": app.test_client()}
    for actor, email in emails.items():
        clients[actor] = app.test_client()
        assert sign_in(clients[actor], email).status_code == 303
    return {"clients": clients, "params": params}


def _outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/login"):
        return "login"
    if response.status_code == 302 and location == "/company/":
        return "pending"
    if response.status_code in (403, 404):
        return str(response.status_code)
    assert response.status_code < 500, response.status_code
    return "ok"


def _url(rule, params):
    return rule.build({name: params[name] for name in rule.arguments}, append_unknown=False)[1]


def _check(app, world, rule, method):
    expected = dict(zip(ACTORS, SPEC[rule.endpoint].split()))
    url = _url(rule, world["params"])
    got = {}
    for actor in ACTORS:
        client = world["clients"][actor]
        response = client.get(url) if method == "GET" else client.post(url, data={})
        got[actor] = _outcome(response)
        # A streamed download keeps its request (and signed-in person) open until it is read and closed.
        response.get_data()
        response.close()
    assert got == expected, f"{method} {url}"


def test_every_get_route_admits_exactly_its_actors(app, world):
    for rule, method in _rules(app):
        if method == "GET":
            _check(app, world, rule, method)


def _post_endpoints():
    """The endpoints of the URL map that accept POST: GET-only routes would assert nothing below."""
    from board import create_app
    from tests.conftest import board_test_config
    app = create_app(board_test_config("sqlite://"))
    return sorted({rule.endpoint for rule, method in _rules(app) if method == "POST"})


POST_ENDPOINTS = _post_endpoints()


def test_the_post_matrix_covers_every_post_route_of_the_table():
    assert len(POST_ENDPOINTS) > 60 and set(POST_ENDPOINTS) <= set(SPEC)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_every_post_route_admits_exactly_its_actors(app, world, endpoint):
    # A fresh world for each route: a POST that an actor may make changes what the next one finds.
    checked = 0
    for rule, method in _rules(app):
        if rule.endpoint == endpoint and method == "POST":
            _check(app, world, rule, method)
            checked += 1
    assert checked


# Ids no database column holds: zero, negative, past 32 bits (PostgreSQL's id columns), past 64 bits.
OUT_OF_RANGE_IDS = ("0", "-1", str(2**31), str(2**63), "99999999999999999999")


def _id_arguments(rule):
    return [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]


def test_ids_out_of_range_in_any_url_answer_404_for_everyone(app, world):
    # Walked from the URL map, so a route added later is covered without a row here.
    rules = [(rule, method) for rule, method in _rules(app) if _id_arguments(rule)]
    assert len(rules) > 50
    for rule, method in rules:
        for name in _id_arguments(rule):
            for value in OUT_OF_RANGE_IDS:
                # Build with a marker, then put the raw value in its place (the converter would refuse some).
                url = _url(rule, {**world["params"], name: 424242}).replace("424242", value)
                for actor in ("anon", "trainee_a", "member_x", "committee"):
                    client = world["clients"][actor]
                    response = client.get(url) if method == "GET" else client.post(url, data={})
                    assert response.status_code == 404, f"{actor} {method} {url}: {response.status_code}"
