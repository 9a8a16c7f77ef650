"""Announcements and reminders that no one's click triggers: the periodic jobs of board/domain/tasks.py call these.

Each event is claimed first by a conditional UPDATE of its own column (NULL -> now): of two runs,
or two consumers at once, only the one whose UPDATE changed the row notifies; on PostgreSQL the
other waits on the row lock and then finds the column set. Claim and notifications share the
caller's transaction, so a rollback leaves neither and the next run tries again. Request-free; they
never commit.
"""

from datetime import timedelta

from sqlalchemy import exists, select, update

from board.platform.extensions import db
from board.models import (
    Company, CompanyStatus, LunchCompany, LunchDay, LunchSignup, SignupStatus, SurveyResponse, SurveyRound, Trainee,
    TraineeStatus, User,
)
from board.models.types import utcnow
from board.domain.lunchdays import confirmed_companies
from board.domain.notifications import notify, notify_company
from board.platform.seoul_time import seoul_date, seoul_time

# Companies that have not answered hear this many days before the round's deadline (a date in Seoul).
SURVEY_REMINDER_DAYS = 2


def _claim(column, row_id, now):
    """Set column (NULL until now) on row row_id; True for the one caller that set it."""
    model = column.class_
    return db.session.execute(
        update(model).where(model.id == row_id, column.is_(None)).values({column.key: now})
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def announce_signups(now=None):
    """Tell every trainee who may sign up that a lunch day's window is open; once per lunch day.

    Only while the window is open: a window that closed before any run is not news any more.
    Returns how many lunch days were announced.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(LunchDay.id).where(LunchDay.signup_announced_at.is_(None), LunchDay.signup_opens_at <= now,
                                  LunchDay.signup_closes_at > now).order_by(LunchDay.id)).all()
    announced = 0
    for lunch_day_id in due:
        if not _claim(LunchDay.signup_announced_at, lunch_day_id, now):
            continue
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        signed_up = exists().where(LunchSignup.lunch_day_id == lunch_day_id, LunchSignup.trainee_id == Trainee.id,
                                   LunchSignup.status != SignupStatus.CANCELLED)
        trainees = db.session.scalars(
            select(User).join(Trainee, Trainee.user_id == User.id)
            .where(User.active.is_(True), Trainee.status != TraineeStatus.DROPPED, ~signed_up).order_by(User.id))
        for user in trainees:
            notify(user, "lunch.signup_open", link=("me.lunch_day", {"lunch_day_id": lunch_day_id}),
                   params={"title": lunch_day.title})
        announced += 1
    return announced


def remind_lunch_days(now=None):
    """The day before (in Seoul) a lunch day: its seated trainees and its confirmed companies hear; once per lunch day."""
    now = now or utcnow()
    tomorrow = seoul_date(now) + timedelta(days=1)
    due = db.session.scalars(
        select(LunchDay.id).where(LunchDay.reminded_at.is_(None), LunchDay.starts_at >= seoul_time(tomorrow),
                                  LunchDay.starts_at < seoul_time(tomorrow + timedelta(days=1)))
        .order_by(LunchDay.id)).all()
    reminded = 0
    for lunch_day_id in due:
        if not _claim(LunchDay.reminded_at, lunch_day_id, now):
            continue
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        params = {"title": lunch_day.title, "venue": lunch_day.venue}
        seated = db.session.scalars(
            select(User).join(Trainee, Trainee.user_id == User.id).join(LunchSignup, LunchSignup.trainee_id == Trainee.id)
            .where(LunchSignup.lunch_day_id == lunch_day_id, LunchSignup.status == SignupStatus.SEATED)
            .order_by(User.id))
        for user in seated:
            notify(user, "lunch.reminder", link=("me.lunch_day", {"lunch_day_id": lunch_day_id}), params=params)
        for company_id in db.session.scalars(confirmed_companies(lunch_day, LunchCompany.company_id)).all():
            notify_company(company_id, "lunch.reminder_host",
                           link=("company.lunch_day", {"lunch_day_id": lunch_day_id}), params=params)
        reminded += 1
    return reminded


def remind_survey_deadlines(now=None):
    """SURVEY_REMINDER_DAYS before a round's deadline: approved companies without an answer hear; once per round."""
    now = now or utcnow()
    today = seoul_date(now)
    due = db.session.scalars(
        select(SurveyRound.id).where(SurveyRound.reminded_at.is_(None), SurveyRound.deadline >= today,
                                     SurveyRound.deadline <= today + timedelta(days=SURVEY_REMINDER_DAYS))
        .order_by(SurveyRound.id)).all()
    reminded = 0
    for round_id in due:
        if not _claim(SurveyRound.reminded_at, round_id, now):
            continue
        survey = db.session.get(SurveyRound, round_id)
        answered = exists().where(SurveyResponse.round_id == round_id, SurveyResponse.company_id == Company.id)
        silent = db.session.scalars(
            select(Company.id).where(Company.status == CompanyStatus.APPROVED, ~answered).order_by(Company.id)).all()
        for company_id in silent:
            notify_company(company_id, "survey.deadline", link=("company.survey", {"round_id": round_id}),
                           params={"title": survey.title, "deadline": survey.deadline.isoformat()})
        reminded += 1
    return reminded
