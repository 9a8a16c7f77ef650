"""A trainee's lunch days: signing up (place or waitlist), ranking the companies, cancelling, tables and the .ics."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from board.platform.extensions import db
from board.models import (
    LunchCompany, LunchDay, LunchPreference, LunchSeat, LunchSignup, Role, SignupStatus, Trainee, TraineeStatus,
)


def said(page, korean, english):
    """The message in Korean (once translated) or in the English msgid."""
    return korean in page or english in page


def trainee_id(app, user_id):
    with app.app_context():
        return db.session.scalar(select(Trainee.id).where(Trainee.user_id == user_id))


def signup_of(app, lunch_day_id, user_id):
    with app.app_context():
        signup = db.session.scalar(select(LunchSignup).join(Trainee).where(
            LunchSignup.lunch_day_id == lunch_day_id, Trainee.user_id == user_id))
        if signup is not None:
            db.session.expunge(signup)
        return signup


def tables(app, lunch_day_id):
    with app.app_context():
        return db.session.scalars(select(LunchCompany.id).where(LunchCompany.lunch_day_id == lunch_day_id)
                                  .order_by(LunchCompany.id)).all()


def test_lunch_days_page_has_an_empty_state(as_role):
    page = as_role(Role.TRAINEE).get("/me/lunch-days")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert said(text, "예정된 런치데이가 없습니다", "No lunch day is planned right now.")


def test_sign_up_takes_a_place_and_the_page_says_so(app, make, as_role):
    day = make.lunch_day(capacity=2, companies=[make.company(name="알파랩")])
    trainee = as_role(Role.TRAINEE)
    response = trainee.post(f"/me/lunch-days/{day}/signup")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/me/lunch-days/{day}")
    assert signup_of(app, day, trainee.user_id).status == SignupStatus.SEATED
    page = trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert said(page, "자리가 확정되었습니다", "Your place is confirmed.")
    listing = trainee.get("/me/lunch-days").get_data(as_text=True)
    assert "badge-seated" in listing


def test_full_lunch_day_puts_the_trainee_on_the_waitlist_with_a_position(app, make, as_role):
    day = make.lunch_day(capacity=1)
    as_role(Role.TRAINEE).post(f"/me/lunch-days/{day}/signup")
    second, third = as_role(Role.TRAINEE), as_role(Role.TRAINEE)
    second.post(f"/me/lunch-days/{day}/signup")
    third.post(f"/me/lunch-days/{day}/signup")
    assert signup_of(app, day, third.user_id).status == SignupStatus.WAITLISTED
    page = third.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert said(page, "대기 2번", "number 2 on the waiting list")


def test_signing_up_twice_lands_on_the_existing_sign_up(app, make, as_role):
    day = make.lunch_day()
    trainee = as_role(Role.TRAINEE)
    assert trainee.post(f"/me/lunch-days/{day}/signup").status_code == 303
    again = trainee.post(f"/me/lunch-days/{day}/signup", follow_redirects=True)
    assert again.status_code == 200
    assert said(again.get_data(as_text=True), "이미 신청했습니다", "You are already signed up")
    with app.app_context():
        assert len(db.session.scalars(select(LunchSignup).where(LunchSignup.lunch_day_id == day)).all()) == 1


def test_signing_up_outside_the_window_is_refused(app, make, as_role):
    not_yet = make.lunch_day(opens_in=timedelta(days=2), closes_in=timedelta(days=5))
    closed = make.lunch_day(opens_in=timedelta(days=-5), closes_in=timedelta(days=-1))
    trainee = as_role(Role.TRAINEE)
    for day in (not_yet, closed):
        response = trainee.post(f"/me/lunch-days/{day}/signup")
        assert response.status_code == 409
        assert said(response.get_data(as_text=True), "신청 기간이 아닙니다", "Sign-up for this lunch day is closed.")
        assert signup_of(app, day, trainee.user_id) is None


def test_a_trainee_who_dropped_out_cannot_sign_up(app, make, as_role):
    day = make.lunch_day()
    trainee = as_role(Role.TRAINEE)
    with app.app_context():
        db.session.get(Trainee, trainee_id(app, trainee.user_id)).status = TraineeStatus.DROPPED
        db.session.commit()
    response = trainee.post(f"/me/lunch-days/{day}/signup")
    assert response.status_code == 409
    assert said(response.get_data(as_text=True), "교육 중인 교육생만", "Only trainees still in training")
    assert signup_of(app, day, trainee.user_id) is None


def test_ranking_is_saved_in_order(app, make, as_role):
    day = make.lunch_day(companies=[make.company(name="알파랩"), make.company(name="베타소프트"), make.company()])
    first, second, third = tables(app, day)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    response = trainee.post(f"/me/lunch-days/{day}/preferences",
                            data={"choice_1": str(second), "choice_2": "", "choice_3": str(first)})
    assert response.status_code == 303
    with app.app_context():
        ranked = db.session.execute(select(LunchPreference.lunch_company_id, LunchPreference.rank)
                                    .order_by(LunchPreference.rank)).all()
    assert [tuple(r) for r in ranked] == [(second, 1), (first, 2)]
    page = trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert "알파랩" in page and "베타소프트" in page


def test_before_signing_up_the_trainee_sees_who_comes_and_for_which_jobs(app, make, as_role):
    from board.models import CompanyStatus, JobRole, OpeningStatus
    alpha, beta = make.company(name="알파랩"), make.company(name="베타<소프트>")
    declined, pending = make.company(name="안와요"), make.company(name="심사중", status=CompanyStatus.PENDING)
    make.opening(alpha, job_role=JobRole.DATA_ENGINEER)
    make.opening(alpha, title="비전", job_role=JobRole.VISION)
    make.opening(alpha, title="초안", job_role=JobRole.AI_RESEARCHER, status=OpeningStatus.DRAFT)
    day = make.lunch_day(companies=[alpha, beta, pending], seats=3)
    with app.app_context():
        from board.models import Attendance
        db.session.add(LunchCompany(lunch_day_id=day, company_id=declined, status=Attendance.DECLINED))
        db.session.commit()
    trainee = as_role(Role.TRAINEE)
    trainee.post("/language", data={"lang": "en"})
    page = trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    attending = page.split('id="attending"')[1].split("</section>")[0]
    assert "Companies attending" in page and page.index('id="attending"') < page.index('id="place"')
    assert "알파랩" in attending and "베타&lt;소프트&gt;" in attending and "3 seats per round" in attending
    assert "안와요" not in attending and "심사중" not in attending
    alpha_row = attending.split("알파랩")[1].split("</li>")[0]
    assert "Data engineer" in alpha_row or "데이터" in alpha_row
    assert "Hiring for" in alpha_row and alpha_row.count(" · ") == 1     # two open roles; the draft's is not shown
    assert "Hiring for" not in attending.split("베타")[1].split("</li>")[0]
    # Still shown once signed up, until the published plan gives the trainee their own tables.
    trainee.post(f"/me/lunch-days/{day}/signup")
    assert 'id="attending"' in trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)


def test_the_ranking_offers_one_choice_per_company_attending(app, make, as_role):
    day = make.lunch_day(companies=[make.company(name="알파랩"), make.company(name="베타소프트")])
    trainee = as_role(Role.TRAINEE)
    trainee.post("/language", data={"lang": "en"})
    trainee.post(f"/me/lunch-days/{day}/signup")
    page = trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert 'name="choice_1"' in page and 'name="choice_2"' in page and 'name="choice_3"' not in page
    assert "(up to 2)" in page
    many = make.lunch_day(companies=[make.company() for _ in range(12)])
    trainee.post(f"/me/lunch-days/{many}/signup")
    page = trainee.get(f"/me/lunch-days/{many}").get_data(as_text=True)
    assert 'name="choice_10"' in page and 'name="choice_11"' not in page


def _no_preferences(app):
    with app.app_context():
        return db.session.scalars(select(LunchPreference)).all() == []


def test_ranking_a_company_not_at_the_event_is_refused_beside_the_field(app, make, as_role):
    day = make.lunch_day(companies=[make.company(), make.company()])
    other_day = make.lunch_day(companies=[make.company(name="딴데기업")])
    (table, _second), (elsewhere,) = tables(app, day), tables(app, other_day)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    for forged in (str(elsewhere), "999999", "abc"):
        response = trainee.post(f"/me/lunch-days/{day}/preferences",
                                data={"choice_1": str(table), "choice_2": forged})
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'id="choice_2-error"' in page
        assert said(page, "이 런치데이에 참석하지 않는", "This company has no table at this lunch day.")
    assert _no_preferences(app)


def test_ranking_the_same_company_twice_is_refused(app, make, as_role):
    day = make.lunch_day(companies=[make.company(), make.company()])
    first, _second = tables(app, day)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    response = trainee.post(f"/me/lunch-days/{day}/preferences", data={"choice_1": str(first), "choice_2": str(first)})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="choice_2-error"' in page and said(page, "두 번", "twice")
    assert _no_preferences(app)


def test_ranking_after_the_window_closed_is_refused(app, make, as_role):
    day = make.lunch_day(companies=[make.company()])
    (table,) = tables(app, day)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    with app.app_context():
        db.session.get(LunchDay, day).signup_closes_at -= timedelta(days=30)
        db.session.commit()
    response = trainee.post(f"/me/lunch-days/{day}/preferences", data={"choice_1": str(table)})
    assert response.status_code == 422
    assert 'id="choice_1-error"' in response.get_data(as_text=True)
    assert _no_preferences(app)


def test_ranking_without_a_sign_up_is_refused(app, make, as_role):
    day = make.lunch_day(companies=[make.company()])
    (table,) = tables(app, day)
    response = as_role(Role.TRAINEE).post(f"/me/lunch-days/{day}/preferences", data={"choice_1": str(table)})
    assert response.status_code == 409
    assert _no_preferences(app)


def test_cancel_asks_for_confirmation_then_promotes_the_waitlist(app, make, as_role):
    day = make.lunch_day(capacity=1)
    seated, waiting = as_role(Role.TRAINEE), as_role(Role.TRAINEE)
    seated.post(f"/me/lunch-days/{day}/signup")
    waiting.post(f"/me/lunch-days/{day}/signup")
    assert signup_of(app, day, waiting.user_id).status == SignupStatus.WAITLISTED

    ask = seated.post(f"/me/lunch-days/{day}/cancel")
    assert ask.status_code == 200 and 'name="confirmed" value="yes"' in ask.get_data(as_text=True)
    assert signup_of(app, day, seated.user_id).status == SignupStatus.SEATED

    done = seated.post(f"/me/lunch-days/{day}/cancel", data={"confirmed": "yes"})
    assert done.status_code == 303
    assert signup_of(app, day, seated.user_id).status == SignupStatus.CANCELLED
    assert signup_of(app, day, waiting.user_id).status == SignupStatus.SEATED
    page = waiting.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert said(page, "자리가 확정되었습니다", "Your place is confirmed.")


def test_a_cancelled_trainee_may_sign_up_again_at_the_end_of_the_line(app, make, as_role):
    day = make.lunch_day(capacity=1)
    first, second = as_role(Role.TRAINEE), as_role(Role.TRAINEE)
    first.post(f"/me/lunch-days/{day}/signup")
    first.post(f"/me/lunch-days/{day}/cancel", data={"confirmed": "yes"})
    second.post(f"/me/lunch-days/{day}/signup")
    first.post(f"/me/lunch-days/{day}/signup")
    assert signup_of(app, day, second.user_id).status == SignupStatus.SEATED
    assert signup_of(app, day, first.user_id).status == SignupStatus.WAITLISTED


def test_published_plan_shows_the_tables_and_the_calendar_link(app, make, as_role):
    alpha, beta = make.company(name="알파랩"), make.company(name="베타소프트")
    day = make.lunch_day(companies=[alpha, beta], rounds=2)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    signup = signup_of(app, day, trainee.user_id)
    with app.app_context():
        lunch_day = db.session.get(LunchDay, day)
        first, second = tables(app, day)
        db.session.add_all([LunchSeat(signup_id=signup.id, round_id=lunch_day.rounds[0].id, lunch_company_id=second),
                            LunchSeat(signup_id=signup.id, round_id=lunch_day.rounds[1].id, lunch_company_id=first)])
        lunch_day.plan_published_at = lunch_day.created_at
        db.session.commit()
    page = trainee.get(f"/me/lunch-days/{day}").get_data(as_text=True)
    assert page.index("베타소프트") < page.index("알파랩")  # round 1 first
    assert f"/me/lunch-signups/{signup.id}/calendar.ics" in page


def test_another_trainees_calendar_is_not_found(app, make, as_role):
    day = make.lunch_day()
    owner, other = as_role(Role.TRAINEE), as_role(Role.TRAINEE)
    owner.post(f"/me/lunch-days/{day}/signup")
    signup = signup_of(app, day, owner.user_id)
    assert owner.get(f"/me/lunch-signups/{signup.id}/calendar.ics").status_code == 200
    assert other.get(f"/me/lunch-signups/{signup.id}/calendar.ics").status_code == 404
    assert other.get("/me/lunch-signups/999999/calendar.ics").status_code == 404


# The trainee's home (/me/) points at the next lunch day that concerns them

def test_my_page_invites_to_an_open_lunch_day_then_shows_the_place(app, make, as_role):
    day = make.lunch_day(capacity=1)
    trainee = as_role(Role.TRAINEE)
    home = trainee.get("/me/").get_data(as_text=True)
    assert f'href="/me/lunch-days/{day}"' in home
    assert said(home, "리쿠르트 런치데이 신청", "Sign up for the recruit lunch day")
    trainee.post(f"/me/lunch-days/{day}/signup")
    home = trainee.get("/me/").get_data(as_text=True)
    assert "badge-seated" in home and f'href="/me/lunch-days/{day}"' in home
    assert not said(home, "리쿠르트 런치데이 신청", "Sign up for the recruit lunch day")
    second = as_role(Role.TRAINEE)
    second.post(f"/me/lunch-days/{day}/signup")
    assert said(second.get("/me/").get_data(as_text=True), "대기 1번", "Waiting list: number 1")


def test_my_page_is_quiet_about_lunch_days_not_open_past_or_cancelled(app, make, as_role):
    not_yet = make.lunch_day(opens_in=timedelta(days=3))
    past = make.lunch_day(opens_in=timedelta(days=-10), closes_in=timedelta(days=-5), starts_in=timedelta(days=-2))
    trainee = as_role(Role.TRAINEE)
    cancelled = make.lunch_day(closes_in=timedelta(days=7))
    trainee.post(f"/me/lunch-days/{cancelled}/signup")
    trainee.post(f"/me/lunch-days/{cancelled}/cancel", data={"confirmed": "yes"})
    with app.app_context():
        db.session.execute(LunchDay.__table__.update().where(LunchDay.id == cancelled)
                           .values(signup_closes_at=LunchDay.signup_opens_at))
        db.session.commit()
    home = trainee.get("/me/")
    assert home.status_code == 200
    text = home.get_data(as_text=True)
    assert not any(f'href="/me/lunch-days/{day}"' in text for day in (not_yet, past, cancelled))
    assert not said(text, "리쿠르트 런치데이 신청", "Sign up for the recruit lunch day")


def test_the_domain_refuses_a_cancellation_after_the_start(app, make, as_role):
    """The rule lives in lunchdays.cancel, not only in the view: a job or command calling it is refused too."""
    from board.domain import lunchdays
    day = make.lunch_day(capacity=2)
    trainee = as_role(Role.TRAINEE)
    trainee.post(f"/me/lunch-days/{day}/signup")
    with app.app_context():
        signup = db.session.scalar(select(LunchSignup).join(Trainee).where(
            LunchSignup.lunch_day_id == day, Trainee.user_id == trainee.user_id))
        with pytest.raises(lunchdays.LunchRefused) as refused:
            lunchdays.cancel(signup, now=signup.lunch_day.starts_at + timedelta(minutes=1))
        assert refused.value.reason == "started"
    assert signup_of(app, day, trainee.user_id).status == SignupStatus.SEATED
