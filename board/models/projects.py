"""Company projects (기업과제): problems a company proposes for a trainee team in the project course."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.extensions import db
from board.models.openings import OpeningStatus
from board.models.types import UTCDateTime, enum_column, utcnow

project_skills = Table(
    "project_skills",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Project(db.Model):
    """A project proposal. It is moderated like an opening, so it shares the opening's states."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    # Markdown: the problem, the data the company provides, what a good result looks like.
    description: Mapped[str] = mapped_column(Text, default="")
    team_size: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[OpeningStatus] = mapped_column(enum_column(OpeningStatus, "project_status"),
                                                  default=OpeningStatus.DRAFT, index=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    company = relationship("Company")
    skills = relationship("Skill", secondary=project_skills, order_by="Skill.name")
