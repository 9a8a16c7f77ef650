"""A company's lunch days: answering the invitation, trainees it would like to meet, who comes, follow-ups."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from board.platform.extensions import db
from board.models import (
    Application, Attendance, CompanyStatus, FollowUpDecision, LunchCompany, LunchDay, LunchFollowUp, LunchInterest,
    LunchSeat, LunchSignup, MatchProposal, Role, SignupStatus, Stage, StageChange, Trainee,
)
from tests.test_lunchdays_trainee import said, trainee_id


@pytest.fixture
def company(app, make, as_role):
    """Company 엑스랩 with a member signed in."""
    company_id = make.company(name="엑스랩")
    member = as_role(Role.COMPANY, company_id=company_id)
    member.company_id = company_id
    return member


def invite(app, lunch_day_id, company_id, status=Attendance.INVITED, seats=0):
    with app.app_context():
        invitation = LunchCompany(lunch_day_id=lunch_day_id, company_id=company_id, status=status, seats=seats)
        db.session.add(invitation)
        db.session.commit()
        return invitation.id


def invitation_of(app, lunch_day_id, company_id):
    with app.app_context():
        invitation = db.session.scalar(select(LunchCompany).where(LunchCompany.lunch_day_id == lunch_day_id,
                                                                  LunchCompany.company_id == company_id))
        db.session.expunge(invitation)
        return invitation


def applicant(app, make, as_role, company_id, stage=Stage.COMPANY_REVIEW, title="머신러닝 엔지니어"):
    """A trainee (client) with an application to one of the company's openings at stage."""
    trainee = as_role(Role.TRAINEE)
    opening = make.opening(company_id, title=title)
    with app.app_context():
        t = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        t.headline = "비전 모델을 다룹니다"
        application = Application(opening_id=opening, trainee_id=t.id, cover_letter="지원합니다", stage=stage)
        db.session.add(application)
        db.session.flush()
        if stage != Stage.SUBMITTED:
            db.session.add(StageChange(application_id=application.id, to_stage=stage))
        db.session.commit()
        trainee.application_id, trainee.trainee_id, trainee.opening_id = application.id, t.id, opening
    return trainee


def test_the_list_shows_only_the_companys_invitations(app, make, company):
    mine = make.lunch_day()
    invite(app, mine, company.company_id)
    others = make.lunch_day(companies=[make.company()])
    page = company.get("/company/lunch-days").get_data(as_text=True)
    assert f"/company/lunch-days/{mine}" in page and f"/company/lunch-days/{others}" not in page
    assert company.get(f"/company/lunch-days/{others}").status_code == 404
    assert company.post(f"/company/lunch-days/{others}", data={"answer": "attend", "seats": "4"}).status_code == 404
    assert company.get(f"/company/lunch-days/{others}/calendar.ics").status_code == 404


def test_the_list_has_an_empty_state(company):
    page = company.get("/company/lunch-days")
    assert page.status_code == 200
    assert said(page.get_data(as_text=True), "초대가 없습니다", "No invitation for now.")


def test_attending_with_seats_confirms_the_table(app, make, company):
    day = make.lunch_day()
    invite(app, day, company.company_id)
    response = company.post(f"/company/lunch-days/{day}", data={"answer": "attend", "seats": "6", "note": "두 명이 갑니다"})
    assert response.status_code == 303
    invitation = invitation_of(app, day, company.company_id)
    assert (invitation.status, invitation.seats, invitation.note) == (Attendance.CONFIRMED, 6, "두 명이 갑니다")
    assert invitation.responded_at is not None


@pytest.mark.parametrize("data", [
    {"answer": "attend", "seats": ""}, {"answer": "attend", "seats": "0"}, {"answer": "attend", "seats": "21"},
    {"answer": "attend", "seats": "many"}, {"answer": "maybe", "seats": "4"}, {"seats": "4"},
    {"answer": "attend", "seats": "4", "note": "<script>alert(1)</script>"},
])
def test_invalid_answers_are_refused_beside_the_field(app, make, company, data):
    day = make.lunch_day()
    invite(app, day, company.company_id)
    response = company.post(f"/company/lunch-days/{day}", data=data)
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    invitation = invitation_of(app, day, company.company_id)
    assert (invitation.status, invitation.seats) == (Attendance.INVITED, 0)


def test_declining_asks_for_confirmation_first(app, make, company):
    day = make.lunch_day()
    invite(app, day, company.company_id, status=Attendance.CONFIRMED, seats=4)
    ask = company.post(f"/company/lunch-days/{day}", data={"answer": "decline"})
    assert ask.status_code == 200 and 'name="confirmed" value="yes"' in ask.get_data(as_text=True)
    assert invitation_of(app, day, company.company_id).status == Attendance.CONFIRMED
    done = company.post(f"/company/lunch-days/{day}", data={"answer": "decline", "confirmed": "yes"})
    assert done.status_code == 303
    invitation = invitation_of(app, day, company.company_id)
    assert (invitation.status, invitation.seats) == (Attendance.DECLINED, 0)


def test_answers_are_refused_once_the_plan_is_published(app, make, company):
    day = make.lunch_day(companies=[company.company_id], published=True)
    response = company.post(f"/company/lunch-days/{day}", data={"answer": "attend", "seats": "10"})
    assert response.status_code == 409
    assert said(response.get_data(as_text=True), "배치표가 공개", "The seating plan is published")
    assert invitation_of(app, day, company.company_id).seats == 4


def test_an_attending_company_marks_and_unmarks_an_applicant(app, make, as_role, company):
    day = make.lunch_day(companies=[company.company_id])
    trainee = applicant(app, make, as_role, company.company_id)
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert f'id="trainee-{trainee.trainee_id}"' in page and f"/company/applications/{trainee.application_id}" in page

    marked = company.post(f"/company/lunch-days/{day}/interest", data={"trainee_id": trainee.trainee_id, "wanted": "1"},
                          headers={"HX-Request": "true"})
    assert marked.status_code == 200
    fragment = marked.get_data(as_text=True)
    assert fragment.lstrip().startswith(f'<li id="trainee-{trainee.trainee_id}"') and 'aria-pressed="true"' in fragment
    with app.app_context():
        assert db.session.scalar(select(LunchInterest.trainee_id)) == trainee.trainee_id

    unmarked = company.post(f"/company/lunch-days/{day}/interest", data={"trainee_id": trainee.trainee_id, "wanted": "0"})
    assert unmarked.status_code == 303  # without JavaScript: back to the page
    with app.app_context():
        assert db.session.scalars(select(LunchInterest)).all() == []


def test_a_company_can_mark_a_trainee_from_the_talent_pool(app, make, as_role, company):
    day = make.lunch_day(companies=[company.company_id])
    trainee = as_role(Role.TRAINEE)
    tid = trainee_id(app, trainee.user_id)
    with app.app_context():
        db.session.get(Trainee, tid).visible_to_companies = True
        db.session.commit()
    assert f'id="trainee-{tid}"' in company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert company.post(f"/company/lunch-days/{day}/interest", data={"trainee_id": tid, "wanted": "1"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(LunchInterest.trainee_id)) == tid


def test_a_trainee_neither_applicant_nor_in_the_pool_cannot_be_marked(app, make, as_role, company):
    day = make.lunch_day(companies=[company.company_id])
    hidden = trainee_id(app, as_role(Role.TRAINEE).user_id)
    response = company.post(f"/company/lunch-days/{day}/interest", data={"trainee_id": hidden, "wanted": "1"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(LunchInterest)).all() == []


@pytest.mark.parametrize("status", [Attendance.INVITED, Attendance.DECLINED])
def test_a_company_not_attending_cannot_mark_trainees(app, make, as_role, company, status):
    day = make.lunch_day()
    invite(app, day, company.company_id, status=status)
    trainee = applicant(app, make, as_role, company.company_id)
    for headers in ({}, {"HX-Request": "true"}):
        response = company.post(f"/company/lunch-days/{day}/interest",
                                data={"trainee_id": trainee.trainee_id, "wanted": "1"}, headers=headers)
        assert response.status_code == 409
        assert said(response.get_data(as_text=True), "참석하지 않습니다", "Your company is not attending this lunch day")
    with app.app_context():
        assert db.session.scalars(select(LunchInterest)).all() == []


def seat(app, lunch_day_id, user_id, lunch_company_id, round_number=1):
    """Trainee user_id seated at the table in the given round (a sign-up made if needed)."""
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        tid = db.session.scalar(select(Trainee.id).where(Trainee.user_id == user_id))
        signup = db.session.scalar(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day_id,
                                                             LunchSignup.trainee_id == tid))
        if signup is None:
            lunch_day.arrivals += 1
            signup = LunchSignup(lunch_day_id=lunch_day_id, trainee_id=tid, status=SignupStatus.SEATED,
                                 arrival=lunch_day.arrivals)
            db.session.add(signup)
            db.session.flush()
        db.session.add(LunchSeat(signup_id=signup.id, round_id=lunch_day.rounds[round_number - 1].id,
                                 lunch_company_id=lunch_company_id))
        db.session.commit()
        return signup.id


def test_who_is_coming_per_round_once_published(app, make, as_role, company):
    day = make.lunch_day(companies=[company.company_id], published=True, rounds=2)
    table = invitation_of(app, day, company.company_id).id
    known = applicant(app, make, as_role, company.company_id)
    stranger = as_role(Role.TRAINEE, name="김비공개")
    seat(app, day, known.user_id, table, round_number=1)
    seat(app, day, stranger.user_id, table, round_number=2)
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert said(page, "누가 오나요", "Who is coming")
    assert "비전 모델을 다룹니다" in page and f"/company/applications/{known.application_id}" in page
    assert "김비공개" in page
    # No profile link for a trainee the company may not read.
    assert f"/company/talent/{trainee_id(app, stranger.user_id)}/meet" not in page


def test_who_is_coming_is_above_the_talent_pool_once_published(app, make, as_role, company):
    day = make.lunch_day(companies=[company.company_id], published=True)
    table = invitation_of(app, day, company.company_id).id
    seated = as_role(Role.TRAINEE, name="김착석")
    seat(app, day, seated.user_id, table)
    # Twenty trainees in the talent pool: their cards must not push the table down the page.
    with app.app_context():
        for user_id in [make.user(Role.TRAINEE) for _ in range(20)]:
            db.session.scalar(select(Trainee).where(Trainee.user_id == user_id)).visible_to_companies = True
        db.session.commit()
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert page.count('class="interest-row') >= 10
    coming, meet = page.index('id="coming-title"'), page.index('id="meet"')
    assert coming < meet and page.index("김착석") < meet


def past_lunch_day(app, make, company):
    day = make.lunch_day(companies=[company.company_id], published=True, opens_in=timedelta(days=-30),
                         closes_in=timedelta(days=-20), starts_in=timedelta(days=-10))
    return day, invitation_of(app, day, company.company_id).id


def test_follow_up_interview_moves_the_application(app, make, as_role, company):
    day, table = past_lunch_day(app, make, company)
    trainee = applicant(app, make, as_role, company.company_id)
    seat(app, day, trainee.user_id, table)
    response = company.post(f"/company/lunch-days/{day}/follow-up/{trainee.trainee_id}", data={"decision": "interview"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Application, trainee.application_id).stage == Stage.INTERVIEW
        record = db.session.scalar(select(LunchFollowUp))
        assert (record.decision, record.application_id) == (FollowUpDecision.INTERVIEW, trainee.application_id)
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert said(page, "면접 단계로 옮겼습니다", "Moved to interview")


def test_follow_up_interview_without_an_application_proposes_an_opening(app, make, as_role, company):
    day, table = past_lunch_day(app, make, company)
    opening = make.opening(company.company_id, title="데이터 분석가")
    trainee = as_role(Role.TRAINEE)
    tid = trainee_id(app, trainee.user_id)
    seat(app, day, trainee.user_id, table)
    url = f"/company/lunch-days/{day}/follow-up/{tid}"
    # An opening the trainee once applied to (passed on, then withdrawn) is not offered: the match would be refused.
    withdrawn = make.opening(company.company_id, title="철회한 공고")
    with app.app_context():
        application = Application(opening_id=withdrawn, trainee_id=tid, cover_letter="지원", stage=Stage.WITHDRAWN)
        db.session.add(application)
        db.session.flush()
        db.session.add_all([StageChange(application_id=application.id, to_stage=Stage.COMPANY_REVIEW),
                            StageChange(application_id=application.id, to_stage=Stage.WITHDRAWN)])
        db.session.commit()
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert f'id="opening-{tid}"' in page and "데이터 분석가" in page and "철회한 공고" not in page

    missing = company.post(url, data={"decision": "interview"})
    assert missing.status_code == 422
    assert said(missing.get_data(as_text=True), "제안할 공고를 고르세요", "Choose the opening to propose")
    other = make.opening(make.company(), title="남의 공고")
    assert company.post(url, data={"decision": "interview", "opening": str(other)}).status_code == 422
    with app.app_context():
        assert db.session.scalars(select(MatchProposal)).all() == []
        assert db.session.scalars(select(LunchFollowUp)).all() == []

    assert company.post(url, data={"decision": "interview", "opening": str(opening)}).status_code == 303
    with app.app_context():
        proposal = db.session.scalar(select(MatchProposal))
        assert (proposal.trainee_id, proposal.opening_id) == (tid, opening)
        assert db.session.scalar(select(LunchFollowUp.proposal_id)) == proposal.id
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert "데이터 분석가" in page and said(page, "제안했습니다", "Proposed for")


def test_follow_up_keep_in_touch_and_no(app, make, as_role, company):
    day, table = past_lunch_day(app, make, company)
    trainee = applicant(app, make, as_role, company.company_id)
    seat(app, day, trainee.user_id, table)
    url = f"/company/lunch-days/{day}/follow-up/{trainee.trainee_id}"
    assert company.post(url, data={"decision": "keep_in_touch"}).status_code == 303
    assert company.post(url, data={"decision": "no"}).status_code == 303
    assert company.post(url, data={"decision": "maybe"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(LunchFollowUp.decision)) == FollowUpDecision.NO
        assert db.session.get(Application, trainee.application_id).stage == Stage.COMPANY_REVIEW


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, Stage.NEEDS_CHANGES])
def test_follow_up_does_not_reveal_an_application_still_with_the_committee(app, make, as_role, company, stage):
    day, table = past_lunch_day(app, make, company)
    held = applicant(app, make, as_role, company.company_id, stage=stage, title="비공개 지원 공고")
    stranger = as_role(Role.TRAINEE)
    stranger_id = trainee_id(app, stranger.user_id)
    seat(app, day, held.user_id, table)
    seat(app, day, stranger.user_id, table)

    def form(page, tid):
        start = page.index("<form", page.index(f'id="follow-up-{tid}"'))
        # The trainee's name is in the legend and in hidden labels; everything else must match.
        html = re.sub(r"<legend[^>]*>.*?</legend>|<span class=\"visually-hidden\">[^<]*</span>", "",
                      page[start:page.index("</form>", start)])
        return re.sub(rf"(follow-up/|decision-|opening-){tid}(?=[\"-])", r"\1TID", html)

    # Before: the trainee with the held application gets the same form and openings as one without any.
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert form(page, held.trainee_id) == form(page, stranger_id)
    assert "비공개 지원 공고" in form(page, held.trainee_id)

    # Choosing an interview answers as it does for a trainee without an application.
    url = f"/company/lunch-days/{day}/follow-up/{held.trainee_id}"
    missing = company.post(url, data={"decision": "interview"})
    assert missing.status_code == 422 and said(missing.get_data(as_text=True), "제안할 공고를 고르세요",
                                               "Choose the opening to propose")
    done = company.post(url, data={"decision": "interview", "opening": str(held.opening_id)}, follow_redirects=True)
    assert done.status_code == 200
    page = done.get_data(as_text=True)
    assert said(page, "제안했습니다", "Proposed for") and not said(page, "위원회 검토 중", "still with the committee")
    assert f"/company/applications/{held.application_id}" not in page
    with app.app_context():
        assert db.session.get(Application, held.application_id).stage == stage
        # The committee sees the company's wish on the application itself; no second match was made.
        assert db.session.scalar(select(LunchFollowUp.application_id)) == held.application_id
        assert db.session.scalars(select(MatchProposal)).all() == []

    # Once the committee passes it on, the company sees the application and may move it.
    with app.app_context():
        application = db.session.get(Application, held.application_id)
        application.stage = Stage.COMPANY_REVIEW
        db.session.add(StageChange(application_id=application.id, to_stage=Stage.COMPANY_REVIEW))
        db.session.commit()
    page = company.get(f"/company/lunch-days/{day}").get_data(as_text=True)
    assert f"/company/applications/{held.application_id}" in page


def test_follow_up_refused_for_a_trainee_not_met_or_before_the_event(app, make, as_role, company):
    day, table = past_lunch_day(app, make, company)
    trainee = applicant(app, make, as_role, company.company_id)
    assert company.post(f"/company/lunch-days/{day}/follow-up/{trainee.trainee_id}",
                        data={"decision": "interview"}).status_code == 404
    upcoming = make.lunch_day(companies=[company.company_id], published=True)
    seat(app, upcoming, trainee.user_id, invitation_of(app, upcoming, company.company_id).id)
    assert company.post(f"/company/lunch-days/{upcoming}/follow-up/{trainee.trainee_id}",
                        data={"decision": "interview"}).status_code == 409
    with app.app_context():
        assert db.session.scalars(select(LunchFollowUp)).all() == []
        assert db.session.get(Application, trainee.application_id).stage == Stage.COMPANY_REVIEW


def test_a_pending_company_is_sent_back(app, make, as_role):
    from board.models import CompanyStatus
    pending = make.company(status=CompanyStatus.PENDING)
    member = as_role(Role.COMPANY, company_id=pending)
    day = make.lunch_day()
    invite(app, day, pending)
    response = member.get(f"/company/lunch-days/{day}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/company/")


def test_public_profile_lists_past_lunch_days_the_company_attended(app, make, client):
    attended = make.company(name="참석기업")
    held = make.lunch_day(companies=[attended], opens_in=timedelta(days=-30), closes_in=timedelta(days=-20),
                          starts_in=timedelta(days=-10))
    upcoming = make.lunch_day(companies=[attended])
    declined = make.lunch_day(opens_in=timedelta(days=-60), closes_in=timedelta(days=-50), starts_in=timedelta(days=-40))
    invite(app, declined, attended, status=Attendance.DECLINED)
    with app.app_context():
        db.session.get(LunchDay, held).venue = "지난 행사장"
        db.session.get(LunchDay, upcoming).venue = "다음 행사장"
        db.session.get(LunchDay, declined).venue = "거절한 행사장"
        db.session.commit()
    page = client.get(f"/companies/{attended}").get_data(as_text=True)
    assert "지난 행사장" in page
    assert "다음 행사장" not in page and "거절한 행사장" not in page
    assert "lunch-days-attended" not in client.get(f"/companies/{make.company()}").get_data(as_text=True)


# The company's home (/company/) points at invitations awaiting an answer

def test_company_home_links_an_invitation_awaiting_an_answer(app, make, company):
    waiting = make.lunch_day()
    declined, past, others = make.lunch_day(), make.lunch_day(starts_in=timedelta(days=-3)), make.lunch_day()
    invite(app, waiting, company.company_id)
    invite(app, declined, company.company_id, status=Attendance.DECLINED)
    invite(app, past, company.company_id)
    invite(app, others, make.company(name="와이랩"))
    home = company.get("/company/").get_data(as_text=True)
    assert f'href="/company/lunch-days/{waiting}"' in home
    assert said(home, "초대에 답하기", "Answer the invitation")
    assert not any(f'/company/lunch-days/{day}"' in home for day in (declined, past, others))


def test_company_home_shows_a_confirmed_table_without_asking_again(app, make, company):
    day = make.lunch_day(companies=[company.company_id], seats=6)
    home = company.get("/company/").get_data(as_text=True)
    assert f'href="/company/lunch-days/{day}"' in home and "badge-confirmed" in home
    assert not said(home, "초대에 답하기", "Answer the invitation")


def test_a_pending_company_home_does_not_mention_lunch_days(app, make, as_role):
    pending = make.company(status=CompanyStatus.PENDING)
    member = as_role(Role.COMPANY, company_id=pending)
    invite(app, make.lunch_day(), pending)
    home = member.get("/company/")
    assert home.status_code == 200 and "/company/lunch-days/" not in home.get_data(as_text=True)


def test_the_domain_refuses_an_interest_mark_after_the_start(app, make, as_role, company):
    """The rule lives in lunchdays.mark_interest, not only in the view."""
    from board.domain import lunchdays
    day = make.lunch_day(companies=[company.company_id])
    trainee = applicant(app, make, as_role, company.company_id)
    with app.app_context():
        invitation = db.session.scalar(select(LunchCompany).where(LunchCompany.lunch_day_id == day))
        with pytest.raises(lunchdays.LunchRefused) as refused:
            lunchdays.mark_interest(invitation, db.session.get(Trainee, trainee.trainee_id),
                                    now=invitation.lunch_day.starts_at)
        assert refused.value.reason == "started"
        assert db.session.scalar(select(LunchInterest.id)) is None
