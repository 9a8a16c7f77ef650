"""The academy itself: cohorts, their classes and the trainees in them."""
from datetime import date
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import enum_column


class Cohort(db.Model):
    """A cohort (기수): 180 places, six classes, seven months."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    applicants: Mapped[int] = mapped_column(Integer, default=0)
    selected: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[int | None] = mapped_column(Integer)

    classes = relationship("CohortClass", back_populates="cohort", order_by="CohortClass.number")

    @property
    def competition_ratio(self):
        return self.applicants / self.selected if self.selected else None


class CohortClass(db.Model):
    """One of a cohort's classes (반), with its lead instructor and assistant."""

    __tablename__ = "cohort_classes"
    __table_args__ = (UniqueConstraint("cohort_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    instructor: Mapped[str] = mapped_column(String(80), default="")
    assistant: Mapped[str] = mapped_column(String(80), default="")

    cohort = relationship("Cohort", back_populates="classes")


class TraineeStatus(str, enum.Enum):
    """교육중 / 수료 / 중도포기."""

    TRAINING = "training"
    COMPLETED = "completed"
    DROPPED = "dropped"

    @property
    def label(self):
        return {
            TraineeStatus.TRAINING: _l("In training"),
            TraineeStatus.COMPLETED: _l("Completed"),
            TraineeStatus.DROPPED: _l("Dropped out"),
        }[self]


class Trainee(db.Model):
    """A trainee's place in the academy; the account is the User it belongs to."""

    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="RESTRICT"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("cohort_classes.id", ondelete="SET NULL"), index=True)
    status: Mapped[TraineeStatus] = mapped_column(
        enum_column(TraineeStatus, "trainee_status"), default=TraineeStatus.TRAINING
    )
    # Asked for statistics only; shown to nobody but in totals.
    region: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(20), default="")
    headline: Mapped[str] = mapped_column(String(120), default="")
    introduction: Mapped[str] = mapped_column(Text, default="")
    github_url: Mapped[str] = mapped_column(String(300), default="")
    blog_url: Mapped[str] = mapped_column(String(300), default="")
    demo_url: Mapped[str] = mapped_column(String(300), default="")
    # Off until the trainee says yes: companies see a profile only through an application otherwise.
    visible_to_companies: Mapped[bool] = mapped_column(Boolean, default=False)

    user = relationship("User", back_populates="trainee")
    cohort = relationship("Cohort")
    cohort_class = relationship("CohortClass")
    skills = relationship("Skill", secondary="trainee_skills", order_by="Skill.name")
    # Newest first; the first is the current resume. Older ones stay for the applications that sent them.
    resumes = relationship("Resume", order_by="Resume.id.desc()", viewonly=True)
    applications = relationship("Application", back_populates="trainee")

    @property
    def resume(self):
        return self.resumes[0] if self.resumes else None
