"""Hiring-demand surveys (채용수요 조사): rounds opened by the committee, answered by companies."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.skills import JobRole
from board.models.types import UTCDateTime, board_today, enum_column, utcnow


class HiringTiming(str, enum.Enum):
    """When the company plans to hire."""

    NOW = "now"
    WITHIN_3_MONTHS = "within_3_months"
    WITHIN_6_MONTHS = "within_6_months"
    NEXT_YEAR = "next_year"

    @property
    def label(self):
        return {
            HiringTiming.NOW: _l("Right away"),
            HiringTiming.WITHIN_3_MONTHS: _l("Within 3 months"),
            HiringTiming.WITHIN_6_MONTHS: _l("Within 6 months"),
            HiringTiming.NEXT_YEAR: _l("Next year"),
        }[self]


class SurveyRound(db.Model):
    """One survey round, for example "2026 하반기", open until its deadline."""

    __tablename__ = "survey_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the deadline reminder was claimed (board/domain/reminders.py): sent once per round.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    responses = relationship("SurveyResponse", back_populates="round", cascade="all, delete-orphan")

    def is_open(self, today=None):
        return (today or board_today()) <= self.deadline


survey_row_skills = Table(
    "survey_row_skills",
    db.metadata,
    Column("row_id", ForeignKey("survey_rows.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class SurveyResponse(db.Model):
    """A company's answer to a round; it can be corrected until the deadline."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("round_id", "company_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_rounds.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round = relationship("SurveyRound", back_populates="responses")
    company = relationship("Company")
    rows = relationship("SurveyRow", back_populates="response", cascade="all, delete-orphan", order_by="SurveyRow.id")


class SurveyRow(db.Model):
    """One line of an answer: a role, the skills it needs, how many people and when."""

    __tablename__ = "survey_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    job_role: Mapped[JobRole] = mapped_column(enum_column(JobRole, "job_role"))
    headcount: Mapped[int] = mapped_column(Integer)
    timing: Mapped[HiringTiming] = mapped_column(enum_column(HiringTiming, "hiring_timing"))

    response = relationship("SurveyResponse", back_populates="rows")
    skills = relationship("Skill", secondary=survey_row_skills, order_by="Skill.name")
