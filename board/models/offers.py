"""Offers (합격 통보) with their terms, and the checks that a hire is still employed (고용 유지 확인)."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.openings import EmploymentType
from board.models.types import UTCDateTime, enum_column, utcnow


class OfferState(str, enum.Enum):
    """Where an offer stands; 'expired' is never stored: an open offer past its answer-by date is shown as overdue."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return {
            OfferState.OFFERED: _l("Waiting for the answer"),
            OfferState.ACCEPTED: _l("Accepted"),
            OfferState.DECLINED: _l("Declined"),
            OfferState.WITHDRAWN: _l("Withdrawn by the company"),
        }[self]


class Offer(db.Model):
    """A company's offer to one applicant with the terms they decide on; an application's newest offer is its current one."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(120))
    employment_type: Mapped[EmploymentType] = mapped_column(enum_column(EmploymentType, "offer_employment_type"))
    starts_on: Mapped[date] = mapped_column(Date)
    # 만원 a year; None with salary_by_policy when the company states 회사 내규 instead of a figure.
    salary: Mapped[int | None] = mapped_column(Integer)
    salary_by_policy: Mapped[bool] = mapped_column(Boolean, default=False)
    probation_months: Mapped[int] = mapped_column(Integer, default=0)
    workplace: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    answer_by: Mapped[date] = mapped_column(Date)
    # The company said the interview took place although no booked slot has passed (on the phone, earlier).
    interview_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[OfferState] = mapped_column(enum_column(OfferState, "offer_state"), default=OfferState.OFFERED,
                                              index=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    # Who answered: the trainee in the browser, or the committee recording an acceptance made off the board.
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application = relationship("Application")
    made_by = relationship("User", foreign_keys=[made_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])


class RetentionStatus(str, enum.Enum):
    VERIFIED = "verified"
    LEFT = "left"
    UNKNOWN = "unknown"

    @property
    def label(self):
        return {
            RetentionStatus.VERIFIED: _l("Still employed"),
            RetentionStatus.LEFT: _l("Has left"),
            RetentionStatus.UNKNOWN: _l("Could not be verified"),
        }[self]


class EmploymentCheck(db.Model):
    """고용 유지 확인: whether a hire is still employed 3 or 6 months after the start date; one row per milestone."""

    __tablename__ = "employment_checks"
    __table_args__ = (UniqueConstraint("offer_id", "months"),
                      UniqueConstraint("outcome_id", "months"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A hire through the board (its accepted offer), or one the committee recorded as an outcome (outcome_id).
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    months: Mapped[int] = mapped_column(Integer)
    status: Mapped[RetentionStatus] = mapped_column(enum_column(RetentionStatus, "retention_status"))
    checked_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # True when a member of the company confirmed it from its side.
    by_company: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offer = relationship("Offer")
