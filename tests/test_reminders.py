"""Announcements and reminders of the periodic jobs: the right people hear, once however often the job runs,
nothing survives a rollback, and the sentences read in Korean."""
from datetime import time, timedelta

from flask_babel import force_locale
from sqlalchemy import func, select

from board.domain import lunchdays
from board.domain.notifications import choose, text_of
from board.domain.reminders import announce_signups, remind_lunch_days, remind_survey_deadlines
from board.domain.tasks import PERIODIC
from board.platform.extensions import db
from board.models import (
    Attendance, Company, CompanyStatus, LunchCompany, LunchDay, Notification, OutboxMessage, Role, SignupStatus,
    SurveyResponse, SurveyRound, Trainee, TraineeStatus, User,
)
from board.models.notifications import Channel
from board.models.types import utcnow
from board.platform.seoul_time import seoul_date, seoul_time


def _notes(user_id, kind):
    return db.session.scalars(select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)
                              .order_by(Notification.id)).all()


def _trainee(user_id):
    return db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))


def _twice(job, now):
    """Run the job as two consumer runs would (each commits); the counts of both runs."""
    first = job(now)
    db.session.commit()
    second = job(now)
    db.session.commit()
    return first, second


def test_the_periodic_jobs_are_registered():
    names = {name for name, _, _ in PERIODIC}
    assert {"lunch-signup-announcements", "lunch-day-reminders", "survey-deadline-reminders"} <= names


def test_an_open_window_is_announced_once_to_the_trainees_who_may_sign_up(app, make):
    lunch_day_id = make.lunch_day(opens_in=timedelta(hours=-1))
    make.lunch_day(opens_in=timedelta(hours=1))  # not open yet
    make.lunch_day(opens_in=timedelta(days=-9), closes_in=timedelta(hours=-1))  # closed before any run
    waiting, dropped, signed, gone = (make.user(Role.TRAINEE) for _ in range(4))
    member = make.user(Role.COMPANY, company_id=make.company())
    with app.app_context():
        _trainee(dropped).status = TraineeStatus.DROPPED
        db.session.get(User, gone).active = False
        lunchdays.sign_up(db.session.get(LunchDay, lunch_day_id), _trainee(signed))
        db.session.commit()

        assert _twice(announce_signups, utcnow()) == (1, 0)
        notes = _notes(waiting, "lunch.signup_open")
        assert [n.link_values for n in notes] == [{"lunch_day_id": lunch_day_id}]
        for user_id in (dropped, signed, gone, member):
            assert _notes(user_id, "lunch.signup_open") == []
        with force_locale("ko"):
            assert text_of(notes[0]) == "“리쿠르트 런치데이” 신청을 받고 있습니다."


def test_the_day_before_seated_trainees_and_hosting_companies_are_reminded_once(app, make):
    host, invited_only = make.company(name="엑스랩"), make.company()
    host_members = [make.user(Role.COMPANY, company_id=host) for _ in range(2)]
    invited_member = make.user(Role.COMPANY, company_id=invited_only)
    seated, waitlisted = make.user(Role.TRAINEE), make.user(Role.TRAINEE)
    lunch_day_id = make.lunch_day(capacity=1, companies=[host])
    later_id = make.lunch_day()
    now = utcnow()
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        lunch_day.starts_at = seoul_time(seoul_date(now) + timedelta(days=1), time(12))
        db.session.get(LunchDay, later_id).starts_at = seoul_time(seoul_date(now) + timedelta(days=2), time(12))
        db.session.add(LunchCompany(lunch_day_id=lunch_day_id, company_id=invited_only, status=Attendance.INVITED))
        lunchdays.sign_up(lunch_day, _trainee(seated))
        assert lunchdays.sign_up(lunch_day, _trainee(waitlisted)).status == SignupStatus.WAITLISTED
        db.session.commit()
        mails_before = db.session.scalar(select(func.count(OutboxMessage.id)))

        assert _twice(remind_lunch_days, now) == (1, 0)
        [note] = _notes(seated, "lunch.reminder")
        assert note.link_values == {"lunch_day_id": lunch_day_id}
        assert _notes(waitlisted, "lunch.reminder") == []
        for member in host_members:
            assert len(_notes(member, "lunch.reminder_host")) == 1
        assert _notes(invited_member, "lunch.reminder_host") == []
        assert db.session.get(LunchDay, later_id).reminded_at is None
        # Reminders are mailed at once by default: one mail each, however often the job ran.
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == mails_before + 3
        with force_locale("ko"):
            assert text_of(note) == "내일은 “리쿠르트 런치데이” 날입니다. 장소: 인공지능사관학교 3층. 자리가 준비되어 있습니다."


def test_companies_that_have_not_answered_hear_two_days_before_the_deadline_once(app, make):
    silent, answered = make.company(), make.company()
    pending = make.company(status=CompanyStatus.PENDING)
    silent_member, answered_member, pending_member = (
        make.user(Role.COMPANY, company_id=c) for c in (silent, answered, pending))
    now = utcnow()
    with app.app_context():
        survey = SurveyRound(title="2026 하반기", deadline=seoul_date(now) + timedelta(days=2), note="")
        later = SurveyRound(title="2027 상반기", deadline=seoul_date(now) + timedelta(days=5), note="")
        db.session.add_all([survey, later])
        db.session.flush()
        db.session.add(SurveyResponse(round_id=survey.id, company_id=answered))
        db.session.commit()

        assert _twice(remind_survey_deadlines, now) == (1, 0)
        [note] = _notes(silent_member, "survey.deadline")
        assert note.link_values == {"round_id": survey.id}
        assert _notes(answered_member, "survey.deadline") == []
        assert _notes(pending_member, "survey.deadline") == []
        assert db.session.get(SurveyRound, later.id).reminded_at is None
        with force_locale("ko"):
            assert text_of(note) == (f"“2026 하반기” 조사가 {survey.deadline.isoformat()}에 마감됩니다. "
                                     "귀사는 아직 답하지 않았습니다.")


def test_a_rolled_back_run_leaves_nothing_and_the_next_run_announces(app, make):
    lunch_day_id = make.lunch_day(opens_in=timedelta(hours=-1))
    trainee = make.user(Role.TRAINEE)
    with app.app_context():
        user = db.session.get(User, trainee)
        user.locale = "ko"
        choose(user, "lunch.signup_open", Channel.IMMEDIATE)
        db.session.commit()
        mails_before = db.session.scalar(select(func.count(OutboxMessage.id)))

        assert announce_signups() == 1
        db.session.rollback()
        assert _notes(trainee, "lunch.signup_open") == []
        assert db.session.get(LunchDay, lunch_day_id).signup_announced_at is None
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == mails_before

        assert announce_signups() == 1
        db.session.commit()
        assert len(_notes(trainee, "lunch.signup_open")) == 1
        [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == user.email)).all()
        assert "런치데이 신청 시작" in mail.subject


def test_an_invitation_tells_the_company_once(app, make):
    company = make.company()
    member = make.user(Role.COMPANY, company_id=company)
    committee = make.user(Role.COMMITTEE)
    lunch_day_id = make.lunch_day()
    with app.app_context():
        lunch_day, actor = db.session.get(LunchDay, lunch_day_id), db.session.get(User, committee)
        lunchdays.invite(lunch_day, db.session.get(Company, company), actor)
        lunchdays.invite(lunch_day, db.session.get(Company, company), actor)
        db.session.commit()
        [note] = _notes(member, "lunch.invited")
        assert note.endpoint == "company.lunch_day"
        with force_locale("ko"):
            assert text_of(note) == "귀사가 “리쿠르트 런치데이”에 초대되었습니다. 참석 여부를 취업지원위원회에 알려 주세요."


def test_a_lunch_day_another_consumer_claimed_meanwhile_is_not_announced_again(app, make, monkeypatch):
    """Two consumers read the same due lunch day; the one whose claim comes second notifies no one."""
    from board.domain import reminders

    make.lunch_day(opens_in=timedelta(hours=-1))
    trainee = make.user(Role.TRAINEE)
    real_claim = reminders._claim

    def claimed_first_by_the_other(column, row_id, now):
        db.session.execute(db.update(column.class_).where(column.class_.id == row_id).values({column.key: now}))
        return real_claim(column, row_id, now)

    monkeypatch.setattr(reminders, "_claim", claimed_first_by_the_other)
    with app.app_context():
        assert announce_signups() == 0
        db.session.commit()
        assert _notes(trainee, "lunch.signup_open") == []
