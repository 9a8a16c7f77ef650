"""Recruit lunch days (리쿠르트 런치데이): the event, its rounds and tables, sign-ups, the seating plan and follow-ups.

The rules that change these rows (the sign-up rush, the waitlist, the plan's checks) live
in board/domain/lunchdays.py and board/domain/seating.py; the models only keep what was decided.
"""
from datetime import datetime
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class LunchDay(db.Model):
    """One lunch day: when and where, its rounds, the sign-up window and how many trainees it seats."""

    __tablename__ = "lunch_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    venue: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    signup_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signup_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # How many trainees get a place; sign-ups beyond it wait in order of arrival.
    capacity: Mapped[int] = mapped_column(Integer)
    # Counts every sign-up ever made here; each sign-up's arrival number is taken from it under
    # the event row's lock, so arrival order is the order the database accepted them.
    arrivals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    plan_generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    plan_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once by the periodic jobs (board/domain/reminders.py): their conditional UPDATE claims
    # the announcement and the day-before reminder, so two runs or two consumers send them once.
    signup_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rounds = relationship("LunchRound", back_populates="lunch_day", order_by="LunchRound.number",
                          cascade="all, delete-orphan")
    companies = relationship("LunchCompany", back_populates="lunch_day", cascade="all, delete-orphan")
    signups = relationship("LunchSignup", back_populates="lunch_day", cascade="all, delete-orphan")


class LunchRound(db.Model):
    """One round of table talks (for example the first 40 minutes); every seated trainee has one table per round."""

    __tablename__ = "lunch_rounds"
    __table_args__ = (UniqueConstraint("lunch_day_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lunch_day_id: Mapped[int] = mapped_column(ForeignKey("lunch_days.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer, default=40)

    lunch_day = relationship("LunchDay", back_populates="rounds")


class Attendance(str, enum.Enum):
    """A company's answer to the invitation."""

    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self):
        return {Attendance.INVITED: _l("Invited"), Attendance.CONFIRMED: _l("Attending"),
                Attendance.DECLINED: _l("Not attending")}[self]


class LunchCompany(db.Model):
    """A company invited to a lunch day; confirmed, it hosts one table with the same number of seats each round."""

    __tablename__ = "lunch_companies"
    __table_args__ = (UniqueConstraint("lunch_day_id", "company_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lunch_day_id: Mapped[int] = mapped_column(ForeignKey("lunch_days.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    status: Mapped[Attendance] = mapped_column(enum_column(Attendance, "attendance"), default=Attendance.INVITED)
    seats: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lunch_day = relationship("LunchDay", back_populates="companies")
    company = relationship("Company")
    interests = relationship("LunchInterest", back_populates="lunch_company", cascade="all, delete-orphan")


class LunchInterest(db.Model):
    """A company at a lunch day would like to meet this trainee (from its applicants or the talent pool)."""

    __tablename__ = "lunch_interests"
    __table_args__ = (UniqueConstraint("lunch_company_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lunch_company_id: Mapped[int] = mapped_column(ForeignKey("lunch_companies.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lunch_company = relationship("LunchCompany", back_populates="interests")
    trainee = relationship("Trainee")


class SignupStatus(str, enum.Enum):
    """A trainee's place at a lunch day."""

    SEATED = "seated"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return {SignupStatus.SEATED: _l("Confirmed place"), SignupStatus.WAITLISTED: _l("Waiting list"),
                SignupStatus.CANCELLED: _l("Cancelled")}[self]


class LunchSignup(db.Model):
    """A trainee's sign-up for a lunch day, with the companies they ranked and whether they came."""

    __tablename__ = "lunch_signups"
    __table_args__ = (UniqueConstraint("lunch_day_id", "trainee_id"), UniqueConstraint("lunch_day_id", "arrival", name="uq_lunch_signups_arrival"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lunch_day_id: Mapped[int] = mapped_column(ForeignKey("lunch_days.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    status: Mapped[SignupStatus] = mapped_column(enum_column(SignupStatus, "signup_status"), index=True)
    # 1, 2, 3 ... in the order the database accepted the sign-ups; the waitlist is served in this order.
    arrival: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lunch_day = relationship("LunchDay", back_populates="signups")
    trainee = relationship("Trainee")
    preferences = relationship("LunchPreference", back_populates="signup", order_by="LunchPreference.rank",
                               cascade="all, delete-orphan")
    seats = relationship("LunchSeat", back_populates="signup", cascade="all, delete-orphan")


class LunchPreference(db.Model):
    """The companies a trainee wants to meet, 1 = most wanted."""

    __tablename__ = "lunch_preferences"
    __table_args__ = (UniqueConstraint("signup_id", "lunch_company_id"), UniqueConstraint("signup_id", "rank", name="uq_lunch_preferences_rank"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("lunch_signups.id", ondelete="CASCADE"), index=True)
    lunch_company_id: Mapped[int] = mapped_column(ForeignKey("lunch_companies.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)

    signup = relationship("LunchSignup", back_populates="preferences")
    lunch_company = relationship("LunchCompany")


class LunchSeat(db.Model):
    """The seating plan: this trainee sits at this company's table in this round.

    The unique constraints are two of the plan's rules: one table per round, never the same company twice.
    """

    __tablename__ = "lunch_seats"
    __table_args__ = (UniqueConstraint("signup_id", "round_id"), UniqueConstraint("signup_id", "lunch_company_id", name="uq_lunch_seats_company"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("lunch_signups.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("lunch_rounds.id", ondelete="CASCADE"), index=True)
    lunch_company_id: Mapped[int] = mapped_column(ForeignKey("lunch_companies.id", ondelete="CASCADE"), index=True)

    signup = relationship("LunchSignup", back_populates="seats")
    round = relationship("LunchRound")
    lunch_company = relationship("LunchCompany")


class FollowUpDecision(str, enum.Enum):
    """What a company wants after meeting a trainee at its table."""

    INTERVIEW = "interview"
    KEEP_IN_TOUCH = "keep_in_touch"
    NO = "no"

    @property
    def label(self):
        return {FollowUpDecision.INTERVIEW: _l("Invite to interview"),
                FollowUpDecision.KEEP_IN_TOUCH: _l("Keep in touch"),
                FollowUpDecision.NO: _l("No further step")}[self]


class LunchFollowUp(db.Model):
    """A company's decision about a trainee it met; 'interview' moved an application or proposed a match."""

    __tablename__ = "lunch_follow_ups"
    __table_args__ = (UniqueConstraint("lunch_company_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lunch_company_id: Mapped[int] = mapped_column(ForeignKey("lunch_companies.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    decision: Mapped[FollowUpDecision] = mapped_column(enum_column(FollowUpDecision, "follow_up_decision"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("match_proposals.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lunch_company = relationship("LunchCompany")
    trainee = relationship("Trainee")
    application = relationship("Application")
    proposal = relationship("MatchProposal")
