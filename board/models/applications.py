"""Applications (지원): a trainee, an opening, a cover letter, the resume as sent, and every stage move."""
import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class Stage(str, enum.Enum):
    """Where an application stands in the pipeline (the moves between stages live in board/domain/pipeline.py)."""

    SUBMITTED = "submitted"
    # The committee sent it back to the trainee with advice; the trainee edits and resubmits.
    NEEDS_CHANGES = "needs_changes"
    COMMITTEE_REVIEW = "committee_review"
    COMPANY_REVIEW = "company_review"
    LUNCH_MEETING = "lunch_meeting"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.SUBMITTED: _l("Submitted"),
    Stage.NEEDS_CHANGES: _l("Changes requested"),
    Stage.COMMITTEE_REVIEW: _l("Committee review"),
    Stage.COMPANY_REVIEW: _l("Document review"),
    Stage.LUNCH_MEETING: _l("Lunch-day meeting"),
    Stage.INTERVIEW: _l("Interview"),
    Stage.OFFER: _l("Offer"),
    Stage.HIRED: _l("Hired"),
    Stage.REJECTED: _l("Rejected"),
    Stage.WITHDRAWN: _l("Withdrawn"),
}


REJECTION_REASONS = {
    "skills": _l("Skills do not match the job yet"),
    "experience": _l("More experience is needed"),
    "filled": _l("The position has been filled"),
    "documents": _l("Documents are incomplete"),
    "other": _l("Other reason"),
}


class Application(db.Model):
    """One trainee's application to one opening; there is never a second."""

    __tablename__ = "applications"
    # The pipeline's columns: each stage's cards in the order they waited, without a sort.
    __table_args__ = (UniqueConstraint("opening_id", "trainee_id"),
                      Index("ix_applications_stage_changed", "stage", "stage_changed_at", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="RESTRICT"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="RESTRICT"), index=True)
    # The resume exactly as it was sent; later uploads do not change it.
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="RESTRICT"), index=True)
    cover_letter: Mapped[str] = mapped_column(Text)
    # The committee's advice when it sends the application back to the trainee.
    advice: Mapped[str] = mapped_column(Text, default="")
    # Why it was rejected: one of REJECTION_REASONS, with free text in the stage change.
    rejection_code: Mapped[str | None] = mapped_column(String(30))
    # What the company chose to tell the trainee when it rejected them.
    shared_reason: Mapped[str] = mapped_column(Text, default="")
    # The trainee asked for other interview times than those offered.
    other_times_note: Mapped[str] = mapped_column(Text, default="")
    # Answers to the opening's screening questions: {question_id: answer}.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "application_stage"), default=Stage.SUBMITTED, index=True)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Bumped on every move, so a form posted from a stale page is recognised.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    opening = relationship("Opening")
    trainee = relationship("Trainee", back_populates="applications")
    resume = relationship("Resume")
    # By id within one moment: a decision can record two steps at once (see pipeline.history_steps).
    events = relationship("StageChange", back_populates="application", order_by="[StageChange.at, StageChange.id]",
                          cascade="all, delete-orphan")
    # Interview times offered, for lists that load them all at once (board.domain.interviews.slots_of reads them).
    slots = relationship("InterviewSlot", viewonly=True, order_by="[InterviewSlot.starts_at, InterviewSlot.id]")


class StageChange(db.Model):
    """One move of an application: who, when, from, to and why."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column(Stage, "to_stage"))
    reason: Mapped[str] = mapped_column(Text, default="")

    application = relationship("Application", back_populates="events")
    actor = relationship("User")
