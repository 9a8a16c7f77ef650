"""Offers and hires through the screens: terms, the trainee's answer, the other applications, outcomes, reverts, checks."""
import html
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import (
    Application, AuditEntry, EmploymentCheck, Offer, OfferState, Outcome, OutcomeKind, Role, Stage, Trainee, User,
)
from board.models.matching import InterviewSlot
from board.models.types import board_today, utcnow
from board.domain.pipeline import apply, move


def ko(app, message, **values):
    with app.test_request_context(), force_locale("ko"):
        return gettext(message, **values)


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(app, make, as_role):
    """Trainee A at 면접 with company X; A's applications to Y (서류 검토) and Z (지원) still open."""
    companies = {name: make.company(name=name) for name in ("엑스랩", "와이데이터", "제트비전")}
    openings = {name: make.opening(company_id, title=f"{name} 엔지니어") for name, company_id in companies.items()}
    trainee = as_role(Role.TRAINEE)
    member = as_role(Role.COMPANY, company_id=companies["엑스랩"])
    member_y = as_role(Role.COMPANY, company_id=companies["와이데이터"])
    committee = as_role(Role.COMMITTEE)
    stages = {"엑스랩": (Stage.COMPANY_REVIEW, Stage.INTERVIEW), "와이데이터": (Stage.COMPANY_REVIEW,), "제트비전": ()}
    ids = {}
    with app.app_context():
        actor = db.session.get(User, committee.user_id)
        owner = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        for name, path in stages.items():
            application = apply(owner, db.session.get(__import__("board.models", fromlist=["Opening"]).Opening,
                                                      openings[name]), "지원합니다.", {}, owner.user)
            db.session.flush()
            for stage in path:
                move(application, stage, actor)
            ids[name] = application.id
        db.session.commit()
        cohort_id = owner.cohort_id
    return {"trainee": trainee, "member": member, "member_y": member_y, "committee": committee, "ids": ids,
            "cohort": cohort_id, "x": ids["엑스랩"]}


def _terms(**changes):
    today = board_today()
    found = {"position": "데이터 엔지니어", "employment_type": "full_time",
             "starts_on": (today + timedelta(days=60)).isoformat(), "salary": "3600", "probation_months": "3",
             "workplace": "광주 광산구", "answer_by": (today + timedelta(days=7)).isoformat(), "note": "환영합니다."}
    found.update(changes)
    return {k: v for k, v in found.items() if v is not None}


def _offer(world, **changes):
    """The company reviews the terms, then confirms them: the offer is made."""
    url = f"/company/applications/{world['x']}/offer"
    review = world["member"].post(url, data=_terms(**changes))
    assert review.status_code == 200 and 'name="confirmed" value="1"' in review.get_data(as_text=True)
    return world["member"].post(url, data={**_terms(**changes), "confirmed": "1"})


def _state(app, application_id):
    with app.app_context():
        application = db.session.get(Application, application_id)
        offers = db.session.scalars(select(Offer).where(Offer.application_id == application_id)).all()
        return application.stage, [o.state for o in offers]


def test_an_offer_with_terms_accepted_withdraws_two_other_applications_and_records_the_outcome(app, world):
    trainee, x = world["trainee"], world["x"]
    assert _offer(world).status_code == 303
    assert _state(app, x) == (Stage.OFFER, [OfferState.OFFERED])
    # The trainee reads the terms on the application's page.
    page = text_of(trainee.get(f"/me/applications/{x}"))
    assert "데이터 엔지니어" in page and "연 3,600만원" in page and "광주 광산구" in page and "3개월" in page
    # Accepting asks for a confirmation first: a GET changes nothing.
    confirm = text_of(trainee.get(f"/me/applications/{x}/offer/accept"))
    assert ko(app, "Accept the offer of %(company)s?", company="엑스랩") in confirm
    assert _state(app, x) == (Stage.OFFER, [OfferState.OFFERED])
    accepted = trainee.post(f"/me/applications/{x}/offer/accept")
    assert accepted.headers["Location"] == f"/me/applications/{x}/after-hire"
    assert _state(app, x) == (Stage.HIRED, [OfferState.ACCEPTED])
    # The other applications are offered for withdrawal, all chosen.
    others = text_of(trainee.get(f"/me/applications/{x}/after-hire"))
    y, z = world["ids"]["와이데이터"], world["ids"]["제트비전"]
    assert f'name="application" value="{y}" checked' in others and f'name="application" value="{z}" checked' in others
    assert trainee.post(f"/me/applications/{x}/after-hire", data={"application": [str(y), str(z)]}).status_code == 303
    assert _state(app, y)[0] == Stage.WITHDRAWN and _state(app, z)[0] == Stage.WITHDRAWN
    # Company Y sees the withdrawal on the application's page.
    assert "badge-stage-withdrawn" in text_of(world["member_y"].get(f"/company/applications/{y}"))
    with app.app_context():
        outcome = db.session.scalar(select(Outcome).where(Outcome.application_id == x))
        assert outcome.kind == OutcomeKind.EMPLOYED and outcome.through_board
        assert outcome.started_on == board_today() + timedelta(days=60)
    # Still in training: the cohort page says so instead of a silent 0 employed.
    cohort = text_of(world["committee"].get(f"/committee/cohorts/{world['cohort']}/outcomes"))
    stat = cohort.split(ko(app, "hired, starting after completion"))[0].rsplit('class="stat-value">', 1)[1]
    assert stat.startswith("1<")


def test_a_declined_offer_withdraws_the_application_and_the_company_reads_why(app, world):
    trainee, x = world["trainee"], world["x"]
    _offer(world)
    assert trainee.post(f"/me/applications/{x}/offer/decline", data={"reason": "다른 회사에 가기로 했습니다."}).status_code == 303
    assert _state(app, x) == (Stage.WITHDRAWN, [OfferState.DECLINED])
    page = text_of(world["member"].get(f"/company/applications/{x}"))
    assert "다른 회사에 가기로 했습니다." in page and ko(app, "Declined") in page
    # Declined is final: accepting afterwards is refused and changes nothing.
    refused = trainee.post(f"/me/applications/{x}/offer/accept", follow_redirects=True)
    assert ko(app, "This offer has already been declined.") in text_of(refused)
    assert _state(app, x) == (Stage.WITHDRAWN, [OfferState.DECLINED])


@pytest.mark.parametrize("changes, message", [
    ({"starts_on": ""}, "Enter the start date (입사 예정일)."),
    ({"answer_by": (board_today() - timedelta(days=1)).isoformat()}, "The answer-by date cannot be in the past."),
    ({"salary": "-1"}, "The annual salary is between 0 and 100,000 만원."),
    ({"salary": "100001"}, "The annual salary is between 0 and 100,000 만원."),
    ({"salary": ""}, "Enter the annual salary in 만원, or choose 회사 내규."),
    ({"position": ""}, "Write the position offered."),
])
def test_bad_terms_are_refused_with_a_korean_message_and_nothing_changes(app, world, changes, message):
    response = world["member"].post(f"/company/applications/{world['x']}/offer",
                                    data={**_terms(**changes), "confirmed": "1"})
    assert response.status_code == 422
    assert ko(app, message) in text_of(response)
    assert _state(app, world["x"]) == (Stage.INTERVIEW, [])


def test_company_policy_salary_is_an_offer_without_a_figure(app, world):
    assert _offer(world, salary="", salary_by_policy="y").status_code == 303
    assert "회사 내규" in text_of(world["trainee"].get(f"/me/applications/{world['x']}"))


def test_no_offer_before_the_booked_interview_unless_the_company_says_it_took_place(app, world):
    with app.app_context():
        db.session.add(InterviewSlot(application_id=world["x"], starts_at=utcnow() + timedelta(days=2), minutes=60,
                                     place="본사", chosen_at=utcnow()))
        db.session.commit()
    url = f"/company/applications/{world['x']}/offer"
    refused = world["member"].post(url, data={**_terms(), "confirmed": "1"})
    assert refused.status_code == 422 and "면접이 아직 진행되지 않았습니다" in text_of(refused)
    assert _state(app, world["x"]) == (Stage.INTERVIEW, [])
    assert world["member"].post(url, data={**_terms(), "interview_took_place": "y", "confirmed": "1"}).status_code == 303
    assert _state(app, world["x"]) == (Stage.OFFER, [OfferState.OFFERED])


def test_another_trainee_cannot_see_or_accept_the_offer_and_twice_is_one_hire(app, world, as_role):
    _offer(world)
    x = world["x"]
    other = as_role(Role.TRAINEE)
    assert other.get(f"/me/applications/{x}/offer/accept").status_code == 404
    assert other.post(f"/me/applications/{x}/offer/accept").status_code == 404
    assert other.post(f"/me/applications/{x}/offer/decline").status_code == 404
    assert _state(app, x) == (Stage.OFFER, [OfferState.OFFERED])
    world["trainee"].post(f"/me/applications/{x}/offer/accept")
    again = world["trainee"].post(f"/me/applications/{x}/offer/accept", follow_redirects=True)
    assert ko(app, "This offer has already been accepted.") in text_of(again)
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id)).where(Outcome.application_id == x)) == 1


def test_accepting_a_withdrawn_offer_is_refused(app, world):
    _offer(world)
    x = world["x"]
    assert world["member"].post(f"/company/applications/{x}/offer/withdraw", data={"reason": "채용 계획 변경"}).status_code == 303
    assert _state(app, x) == (Stage.INTERVIEW, [OfferState.WITHDRAWN])
    refused = world["trainee"].post(f"/me/applications/{x}/offer/accept", follow_redirects=True)
    assert ko(app, "The company has withdrawn this offer.") in text_of(refused)
    assert _state(app, x) == (Stage.INTERVIEW, [OfferState.WITHDRAWN])


def test_the_committee_reverts_a_mistaken_hire_with_an_audited_reason_and_a_company_cannot(app, world):
    _offer(world)
    x = world["x"]
    world["trainee"].post(f"/me/applications/{x}/offer/accept")
    assert world["member"].post(f"/committee/applications/{x}/revert-hire", data={"reason": "실수"}).status_code == 403
    empty = world["committee"].post(f"/committee/applications/{x}/revert-hire", data={"reason": ""})
    assert empty.status_code == 422 and _state(app, x)[0] == Stage.HIRED
    done = world["committee"].post(f"/committee/applications/{x}/revert-hire", data={"reason": "다른 지원자와 혼동"})
    assert done.status_code == 303
    assert _state(app, x) == (Stage.OFFER, [OfferState.OFFERED])
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id)).where(Outcome.application_id == x)) == 0
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hire.revert"))
        assert entry.reason == "다른 지원자와 혼동" and entry.actor_id == world["committee"].user_id
        assert entry.detail["outcomes"][0]["kind"] == "employed"
    # The committee then records an acceptance made by phone, with how it was made.
    assert world["committee"].post(f"/committee/applications/{x}/hire", data={"reason": "전화로 수락"}).status_code == 303
    assert _state(app, x) == (Stage.HIRED, [OfferState.ACCEPTED])
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offer.record_hire")).reason == "전화로 수락"


def test_an_overdue_offer_shows_to_the_company_and_the_committee(app, world):
    _offer(world)
    with app.app_context():
        db.session.scalar(select(Offer)).answer_by = board_today() - timedelta(days=2)
        db.session.commit()
    overdue = ko(app, "Answer overdue")
    assert overdue in text_of(world["member"].get(f"/company/applications/{world['x']}"))
    assert overdue in text_of(world["committee"].get("/committee/offers"))


def test_a_three_month_check_is_due_recorded_and_counted_in_the_cohort_retention(app, world):
    _offer(world)
    x = world["x"]
    world["trainee"].post(f"/me/applications/{x}/offer/accept")
    with app.app_context():
        offer = db.session.scalar(select(Offer))
        offer.starts_on = board_today() - timedelta(days=100)
        db.session.commit()
        offer_id = offer.id
    page = text_of(world["committee"].get("/committee/offers"))
    assert f"/committee/offers/{offer_id}/checks/3" in page and f"/committee/offers/{offer_id}/checks/6" not in page
    prefix = f"c{offer_id}m3-"
    future = world["committee"].post(f"/committee/offers/{offer_id}/checks/3", data={
        f"{prefix}status": "verified", f"{prefix}checked_on": (board_today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and ko(app, "The date cannot be in the future.") in text_of(future)
    assert world["committee"].post(f"/committee/offers/{offer_id}/checks/3", data={
        f"{prefix}status": "verified", f"{prefix}checked_on": board_today().isoformat(),
        f"{prefix}note": "인사팀 확인"}).status_code == 303
    with app.app_context():
        check = db.session.scalar(select(EmploymentCheck))
        assert (check.months, check.status.value, check.note) == (3, "verified", "인사팀 확인")
    assert f"/committee/offers/{offer_id}/checks/3" not in text_of(world["committee"].get("/committee/offers"))
    retention = text_of(world["committee"].get(f"/committee/cohorts/{world['cohort']}/outcomes"))
    assert "100.0%" in retention.split('id="retention"')[1]


def test_changing_the_terms_returns_to_the_form_with_the_terms_as_entered(app, world):
    url = f"/company/applications/{world['x']}/offer"
    terms = _terms(salary="3850", workplace="광주 북구 첨단", note="연구소 근무입니다.")
    review = text_of(world["member"].post(url, data=terms))
    assert ko(app, "Change the terms") in review
    again = world["member"].post(url, data={**terms, "confirmed": "1", "edit": "1"})
    page = text_of(again)
    assert again.status_code == 200 and ko(app, "Review the offer") in page
    assert 'value="3850"' in page and 'value="광주 북구 첨단"' in page and "연구소 근무입니다." in page
    assert f'value="{terms["starts_on"]}"' in page
    # Back on the form nothing was sent, and sending the form again shows the terms once more.
    assert 'name="confirmed" type="hidden" value=""' in page or 'name="confirmed" value=""' in page
    assert _state(app, world["x"]) == (Stage.INTERVIEW, [])


def test_the_committee_finds_offers_and_checks_in_its_navigation(app, world):
    page = text_of(world["committee"].get("/committee/"))
    assert 'href="/committee/offers"' in page and ko(app, "Offers and hires") in page


def test_the_offer_mail_is_in_korean_and_its_link_opens_the_trainees_application(app, world):
    from board.models import OutboxMessage

    with app.app_context():
        email = db.session.get(Application, world["x"]).trainee.user.email
    assert _offer(world, position="AI 엔지니어").status_code == 303
    with app.app_context():
        # The stage change's notification mail goes too; this is the offer's own.
        (mail,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == email,
                                                                 OutboxMessage.subject == "[엑스랩] 합격 통보")).all()
        body, base = mail.body, app.config["BOARD_URL"].rstrip("/")
    assert "엑스랩에서 ‘AI 엔지니어’ 자리를 제안했습니다." in body and "게시판에서 답해 주세요" in body
    link = next(line for line in body.splitlines() if line.startswith("지원 내용: ")).removeprefix("지원 내용: ")
    assert link == f"{base}/me/applications/{world['x']}"
    page = world["trainee"].get(link.removeprefix(base))
    assert page.status_code == 200 and "AI 엔지니어" in text_of(page) and 'id="offer"' in text_of(page)
