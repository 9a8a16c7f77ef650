"""Recruit lunch days: the rules for invitations, sign-ups and the waitlist, check-in and follow-ups.

Views, seeds and tests call these functions; nothing else changes a sign-up's status. They never
commit or roll back: the caller owns the transaction.
The seating plan itself is board/domain/seating.py.

Every change to who holds a place takes the lunch day's row lock first (an UPDATE of
its arrival counter), so on PostgreSQL concurrent sign-ups and cancellations queue on
that one row, and on SQLite they queue on BEGIN IMMEDIATE (board/platform/database.py). Either way
the count of seated trainees is read after the lock is held, so the event never
overfills and arrival numbers follow the order in which the database accepted them.
"""
from datetime import timedelta

from sqlalchemy import func, select, update

from board.platform.database import own_writes
from board.platform.extensions import db
from board.models import (
    Application, Attendance, Company, CompanyStatus, FollowUpDecision, LunchCompany, LunchDay, LunchFollowUp,
    LunchInterest, LunchPreference, LunchSeat, LunchSignup, Opening, SignupStatus, Stage, TraineeStatus,
)
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.notifications import notify, notify_company
from board.platform.seoul_time import seoul_date, seoul_time

MAX_PREFERENCES = 10
# Check-in opens this long before the first round, so trainees arriving early can be let in.
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)
CHECK_IN_OPEN_AT_LEAST = timedelta(hours=6)


class LunchRefused(Exception):
    """The step is not possible now; reason says why ('closed', 'twice', 'not_attending', 'full', ...)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def signup_is_open(lunch_day, now=None):
    now = now or utcnow()
    return lunch_day.signup_opens_at <= now < lunch_day.signup_closes_at


def confirmed_companies(lunch_day, *columns):
    """SQL: the lunch day's tables (invitations the company confirmed, companies in good standing)."""
    return (select(*(columns or (LunchCompany,))).select_from(LunchCompany).join(Company, Company.id == LunchCompany.company_id)
            .where(LunchCompany.lunch_day_id == lunch_day.id, LunchCompany.status == Attendance.CONFIRMED,
                   Company.status == CompanyStatus.APPROVED)
            .order_by(Company.name))


def hiring_roles(lunch_day):
    """{company id: [job role, ...]} of the open openings of the companies hosting a table, in one statement.

    Trainees read it before signing up: which companies come, and for which jobs they hire.
    """
    tables = confirmed_companies(lunch_day, LunchCompany.company_id).order_by(None).subquery()
    rows = db.session.execute(
        select(Opening.company_id, Opening.job_role).distinct().join(Company, Company.id == Opening.company_id)
        .where(Opening.company_id.in_(select(tables.c.company_id)), Opening.open_clause())).all()
    roles = {}
    for company_id, role in rows:
        roles.setdefault(company_id, []).append(role)
    return {company_id: sorted(found, key=lambda r: str(r.label)) for company_id, found in roles.items()}


def seats_per_round_sql(lunch_day_id):
    """SQL (a scalar subquery): how many trainees the confirmed tables of a lunch day seat in one round.

    lunch_day_id may be a column (LunchDay.id) to list every lunch day's figure in one statement.
    """
    return (select(func.coalesce(func.sum(LunchCompany.seats), 0)).join(Company, Company.id == LunchCompany.company_id)
            .where(LunchCompany.lunch_day_id == lunch_day_id, LunchCompany.status == Attendance.CONFIRMED,
                   Company.status == CompanyStatus.APPROVED)
            .scalar_subquery())


def seats_per_round(lunch_day):
    """How many trainees the confirmed tables (companies in good standing) seat in one round."""
    return db.session.scalar(select(seats_per_round_sql(lunch_day.id))) or 0


def lock(lunch_day, new_arrival=False):
    """Take the lunch day's row lock (every change to places or seats does); with new_arrival, also hand out the next arrival number."""
    step = 1 if new_arrival else 0
    arrival = db.session.execute(
        update(LunchDay).where(LunchDay.id == lunch_day.id).values(arrivals=LunchDay.arrivals + step)
        .returning(LunchDay.arrivals).execution_options(synchronize_session=False)).scalar_one()
    return arrival


def seated_count(lunch_day):
    return db.session.scalar(select(func.count(LunchSignup.id)).where(
        LunchSignup.lunch_day_id == lunch_day.id, LunchSignup.status == SignupStatus.SEATED))


# -- invitations -------------------------------------------------------------------------------------------

def invite(lunch_day, company, actor):
    """Invite an approved company; inviting it again changes nothing."""
    if company.status != CompanyStatus.APPROVED:
        raise LunchRefused("company_not_approved")
    existing = db.session.scalar(select(LunchCompany).where(LunchCompany.lunch_day_id == lunch_day.id,
                                                            LunchCompany.company_id == company.id))
    if existing:
        return existing
    invitation = LunchCompany(lunch_day_id=lunch_day.id, company_id=company.id, status=Attendance.INVITED, seats=0)
    db.session.add(invitation)
    db.session.flush()
    audit("lunch.invite", lunch_day, actor=actor, company_id=company.id)
    notify_company(company.id, "lunch.invited", link=("company.lunch_day", {"lunch_day_id": lunch_day.id}),
                   params={"title": lunch_day.title}, actor=actor)
    return invitation


def respond(invitation, attending, seats=0, note=""):
    """The company confirms with its seats per round, or declines. Once the plan is published, only the committee changes tables."""
    if invitation.lunch_day.plan_published_at is not None:
        raise LunchRefused("published")
    if attending and seats < 1:
        raise LunchRefused("seats")
    invitation.status = Attendance.CONFIRMED if attending else Attendance.DECLINED
    invitation.seats = seats if attending else 0
    invitation.note = note or ""
    invitation.responded_at = utcnow()
    if not attending:
        # A declined company has no table: the trainees' rankings of it and any draft seats at it go.
        db.session.execute(LunchPreference.__table__.delete().where(
            LunchPreference.lunch_company_id == invitation.id))
        db.session.execute(LunchSeat.__table__.delete().where(LunchSeat.lunch_company_id == invitation.id))
    db.session.flush()
    return invitation


def mark_interest(invitation, trainee, wanted=True, now=None):
    """The company would like to meet trainee at its table (or no longer); only while attending, before the start."""
    if invitation.status != Attendance.CONFIRMED:
        raise LunchRefused("not_attending")
    # Seating is done by then: a mark after the start would change nothing but the record.
    if invitation.lunch_day.starts_at <= (now or utcnow()):
        raise LunchRefused("started")
    existing = db.session.scalar(select(LunchInterest).where(LunchInterest.lunch_company_id == invitation.id,
                                                             LunchInterest.trainee_id == trainee.id))
    if wanted and existing is None:
        db.session.add(LunchInterest(lunch_company_id=invitation.id, trainee_id=trainee.id))
    elif not wanted and existing is not None:
        db.session.delete(existing)
    db.session.flush()


# -- sign-ups ----------------------------------------------------------------------------------------------

def sign_up(lunch_day, trainee, now=None):
    """Sign trainee up: a place while places remain, else the end of the waitlist.

    Refused outside the window, for a trainee no longer in training or already signed up.
    A cancelled sign-up may sign up again and joins the end of the line.
    """
    if not signup_is_open(lunch_day, now):
        raise LunchRefused("closed")
    if trainee.status == TraineeStatus.DROPPED:
        raise LunchRefused("not_in_training")
    # The lock first, then the check: of two clicks, the second sees the first's sign-up. A refused
    # click hands its arrival number back (a savepoint); the caller's own work stays.
    with own_writes():
        arrival = lock(lunch_day, new_arrival=True)
        signup = db.session.scalar(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day.id,
                                                             LunchSignup.trainee_id == trainee.id))
        if signup is not None and signup.status != SignupStatus.CANCELLED:
            raise LunchRefused("twice")
    status = SignupStatus.SEATED if seated_count(lunch_day) < lunch_day.capacity else SignupStatus.WAITLISTED
    if signup is None:
        signup = LunchSignup(lunch_day_id=lunch_day.id, trainee_id=trainee.id)
        db.session.add(signup)
    signup.status, signup.arrival, signup.created_at, signup.cancelled_at = status, arrival, utcnow(), None
    db.session.flush()
    if status == SignupStatus.SEATED:
        notify(trainee.user, "lunch.seat_confirmed", link=("me.lunch_day", {"lunch_day_id": lunch_day.id}),
               params={"title": lunch_day.title})
    return signup


def cancel(signup, now=None):
    """The trainee gives up the place (or leaves the waitlist); the first on the waitlist takes a freed place.

    Refused once the lunch day has started: the tables are set and the companies expect the trainee.
    """
    if signup.status == SignupStatus.CANCELLED:
        raise LunchRefused("cancelled")
    if signup.checked_in_at is not None:
        raise LunchRefused("checked_in")
    if signup.lunch_day.starts_at <= (now or utcnow()):
        raise LunchRefused("started")
    lunch_day = signup.lunch_day
    lock(lunch_day)
    db.session.refresh(signup)
    was_seated = signup.status == SignupStatus.SEATED
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, utcnow()
    db.session.execute(LunchSeat.__table__.delete().where(LunchSeat.signup_id == signup.id))
    db.session.flush()
    promoted = None
    if was_seated:
        promoted = promote_waitlist(lunch_day)
    return promoted


def promote_waitlist(lunch_day):
    """Seat the first on the waitlist if a place is free (the caller holds the lock); returns the promoted sign-up."""
    if seated_count(lunch_day) >= lunch_day.capacity:
        return None
    first = db.session.scalar(select(LunchSignup).where(
        LunchSignup.lunch_day_id == lunch_day.id, LunchSignup.status == SignupStatus.WAITLISTED)
        .order_by(LunchSignup.arrival).limit(1))
    if first is not None:
        first.status = SignupStatus.SEATED
        db.session.flush()
        notify(first.trainee.user, "lunch.promoted", link=("me.lunch_day", {"lunch_day_id": lunch_day.id}),
               params={"title": lunch_day.title})
    return first


def seat_from_waitlist(lunch_day):
    """After places were added: seat the waiting list in order of arrival until the places are full."""
    lock(lunch_day)
    promoted = []
    while (signup := promote_waitlist(lunch_day)) is not None:
        promoted.append(signup)
    return promoted


def waitlist_position(signup):
    """1 for the next to be seated; None when not waiting."""
    if signup.status != SignupStatus.WAITLISTED:
        return None
    return db.session.scalar(select(func.count(LunchSignup.id)).where(
        LunchSignup.lunch_day_id == signup.lunch_day_id, LunchSignup.status == SignupStatus.WAITLISTED,
        LunchSignup.arrival <= signup.arrival))


def set_preferences(signup, lunch_company_ids):
    """Replace the trainee's ranking; every company must host a table at this lunch day, none twice."""
    if signup.status == SignupStatus.CANCELLED:
        raise LunchRefused("cancelled")
    if not signup_is_open(signup.lunch_day):
        raise LunchRefused("closed")
    if len(lunch_company_ids) > MAX_PREFERENCES:
        raise LunchRefused("too_many")
    if len(set(lunch_company_ids)) != len(lunch_company_ids):
        raise LunchRefused("repeated")
    tables = set(db.session.scalars(confirmed_companies(signup.lunch_day, LunchCompany.id)))
    if not set(lunch_company_ids) <= tables:
        raise LunchRefused("not_attending")
    db.session.execute(LunchPreference.__table__.delete().where(LunchPreference.signup_id == signup.id))
    db.session.add_all(LunchPreference(signup_id=signup.id, lunch_company_id=company_id, rank=rank)
                       for rank, company_id in enumerate(lunch_company_ids, start=1))
    db.session.flush()
    db.session.expire(signup, ["preferences"])


# -- on the day ------------------------------------------------------------------------------------------

def check_in_window(lunch_day):
    """(opens, closes) in UTC: from an hour before the start until midnight ending that day in Seoul.

    A check-in outside it is not an arrival at the event and would count in the funnel's
    attendance figure (check-ins weeks ahead of the day were seen), so check_in refuses it.
    An event that starts late in the evening stays open for CHECK_IN_OPEN_AT_LEAST after
    its start, so the window never shrinks to minutes past midnight.
    """
    midnight = seoul_time(seoul_date(lunch_day.starts_at) + timedelta(days=1))
    closes = max(midnight, lunch_day.starts_at + CHECK_IN_OPEN_AT_LEAST)
    return lunch_day.starts_at - CHECK_IN_OPENS_BEFORE, closes


def check_in_state(lunch_day, now=None):
    """'not_yet', 'open' or 'closed': where the check-in window stands."""
    now = now or utcnow()
    opens, closes = check_in_window(lunch_day)
    if now < opens:
        return "not_yet"
    return "open" if now < closes else "closed"


def check_in(signup, actor, present=True, now=None):
    """Mark a seated trainee present on the day (or undo a mistaken tap, which is allowed at any time)."""
    if signup.status != SignupStatus.SEATED:
        raise LunchRefused("not_seated")
    if present:
        state = check_in_state(signup.lunch_day, now)
        if state != "open":
            raise LunchRefused("check_in_" + state)
    signup.checked_in_at = (now or utcnow()) if present else None
    signup.checked_in_by_id = actor.id if present else None
    db.session.flush()
    return signup


# -- follow-ups ------------------------------------------------------------------------------------------

def met_trainees(invitation):
    """SQL: the sign-ups seated at the company's table in the published plan."""
    return (select(LunchSignup).join(LunchSeat, LunchSeat.signup_id == LunchSignup.id)
            .where(LunchSeat.lunch_company_id == invitation.id, LunchSignup.status == SignupStatus.SEATED)
            .order_by(LunchSignup.id))


def follow_up(invitation, trainee, decision, actor, opening=None):
    """Record what the company wants after the lunch; 'interview' moves its application or proposes a match.

    Returns the follow-up. The application for one of the company's openings moves to 면접
    when the pipeline allows it from its stage; with no application, the trainee is
    proposed for `opening` (one of the company's open openings) and answers as usual.
    """
    from board.domain import matching, pipeline

    lunch_day = invitation.lunch_day
    if lunch_day.plan_published_at is None or lunch_day.starts_at > utcnow():
        raise LunchRefused("not_yet")
    seated_here = db.session.scalar(met_trainees(invitation).where(LunchSignup.trainee_id == trainee.id))
    if seated_here is None:
        raise LunchRefused("not_met")
    record = db.session.scalar(select(LunchFollowUp).where(LunchFollowUp.lunch_company_id == invitation.id,
                                                           LunchFollowUp.trainee_id == trainee.id))
    if record is None:
        record = LunchFollowUp(lunch_company_id=invitation.id, trainee_id=trainee.id, decision=decision)
        db.session.add(record)
    record.decision, record.decided_by_id, record.decided_at = decision, actor.id, utcnow()
    if decision == FollowUpDecision.INTERVIEW and record.application_id is None and record.proposal_id is None:
        # Only an application the committee has passed on exists for the company: one it still
        # holds must change nothing the company sees (no move, no refusal, no other message).
        application = db.session.scalar(
            select(Application).join(Opening, Opening.id == Application.opening_id)
            .where(Opening.company_id == invitation.company_id, Application.trainee_id == trainee.id,
                   Application.stage.notin_(pipeline.FINAL), pipeline.passed_to_company())
            .order_by(Application.created_at.desc()).limit(1))
        if application is not None:
            if application.stage != Stage.INTERVIEW:
                try:
                    pipeline.move(application, Stage.INTERVIEW, actor, reason="lunch day")
                except pipeline.MoveRefused:
                    pass  # past the interview already (an offer): the follow-up stays on record
            record.application_id = application.id
        else:
            if opening is None or opening.company_id != invitation.company_id:
                raise LunchRefused("opening_needed")
            held = db.session.scalar(
                select(Application).where(Application.opening_id == opening.id, Application.trainee_id == trainee.id,
                                          ~pipeline.passed_to_company()))
            if held is not None:
                # The trainee applied to this very opening and the committee still holds it: a proposal
                # would be refused ("already applied"). The follow-up is tied to the application for
                # the committee to see, and the company reads what it reads for a proposal.
                record.application_id = held.id
            else:
                try:
                    record.proposal_id = matching.propose(trainee, opening, actor, note="").id
                except matching.MatchRefused as refused:
                    raise LunchRefused(refused.reason)
    db.session.flush()
    return record


def funnel(lunch_day):
    """Seats → sign-ups → seated → checked in → interviews → hires, each a number, in one statement.

    The sign-up figures are conditional counts over the day's sign-ups; interviews and hires
    are scalar subqueries beside them (a page showing the funnel pays one round trip, not six).
    """
    interview_trainees = (select(LunchFollowUp.trainee_id, LunchCompany.company_id)
                          .join(LunchCompany, LunchCompany.id == LunchFollowUp.lunch_company_id)
                          .where(LunchCompany.lunch_day_id == lunch_day.id,
                                 LunchFollowUp.decision == FollowUpDecision.INTERVIEW))
    interviews = select(func.count()).select_from(interview_trainees.subquery()).scalar_subquery()
    pairs = interview_trainees.subquery()
    hires = (select(func.count(func.distinct(Application.id)))
             .join(Opening, Opening.id == Application.opening_id)
             .join(pairs, (pairs.c.trainee_id == Application.trainee_id) & (pairs.c.company_id == Opening.company_id))
             .where(Application.stage == Stage.HIRED).scalar_subquery())
    row = db.session.execute(
        select(func.count(LunchSignup.id).filter(LunchSignup.status == SignupStatus.SEATED).label("seated"),
               func.count(LunchSignup.id).filter(LunchSignup.status == SignupStatus.WAITLISTED).label("waitlisted"),
               func.count(LunchSignup.id).filter(LunchSignup.checked_in_at.is_not(None)).label("checked_in"),
               interviews.label("interviews"), hires.label("hires"))
        .where(LunchSignup.lunch_day_id == lunch_day.id)).one()
    return {
        "seats": lunch_day.capacity,
        "signups": row.seated + row.waitlisted,
        "seated": row.seated,
        "checked_in": row.checked_in,
        "interviews": row.interviews or 0,
        "hires": row.hires or 0,
    }
