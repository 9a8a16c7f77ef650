"""Matches the committee proposes, companies' requests to meet trainees, and interviews with their feedback."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class Decision(str, enum.Enum):
    """Where a proposal or a request to meet stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self):
        return {Decision.PENDING: _l("Waiting"), Decision.ACCEPTED: _l("Accepted"),
                Decision.DECLINED: _l("Declined")}[self]


class MatchProposal(db.Model):
    """The committee proposes a trainee for an opening; accepted, it becomes an application at 서류 검토."""

    __tablename__ = "match_proposals"
    __table_args__ = (UniqueConstraint("trainee_id", "opening_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Decision] = mapped_column(enum_column(Decision, "proposal_status"), default=Decision.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))

    trainee = relationship("Trainee")
    opening = relationship("Opening")
    proposed_by = relationship("User")


class MeetRequest(db.Model):
    """An approved company asks to meet a trainee from the talent pool; the committee decides."""

    __tablename__ = "meet_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[Decision] = mapped_column(enum_column(Decision, "meet_status"), default=Decision.PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company = relationship("Company")
    trainee = relationship("Trainee")
    requested_by = relationship("User", foreign_keys=[requested_by_id])


class InterviewSlot(db.Model):
    """A time the company offers for an interview; the trainee picks one."""

    __tablename__ = "interview_slots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_url: Mapped[str] = mapped_column(String(300), default="")
    chosen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application = relationship("Application")


class InterviewFeedback(db.Model):
    """One interviewer's scores (criterion -> 1..5) and note; the committee reads them."""

    __tablename__ = "interview_feedback"
    __table_args__ = (UniqueConstraint("application_id", "interviewer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    interviewer_name: Mapped[str] = mapped_column(String(80))
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application = relationship("Application")
