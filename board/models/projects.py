"""Company projects (기업과제): problems a company proposes for a trainee team in the project course."""

from sqlalchemy import Column, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from board.platform.extensions import db
from board.models.companies import CompanyStatus
from board.models.postings import OpeningStatus, PostingMixin, PostingVersionMixin
from board.models.types import enum_column

project_skills = Table(
    "project_skills",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Project(PostingMixin, db.Model):
    """A project proposal: a posting like an opening, with a team size and skills of its own.

    Its description is Markdown: the problem, the data the company provides, what a good result looks like.
    """

    __tablename__ = "projects"
    kind = "project"
    # A project is written for one course; the committee sees every change before the board does.
    edits_always_reviewed = True

    team_size: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[OpeningStatus] = mapped_column(
        enum_column(OpeningStatus, "project_status"), default=OpeningStatus.DRAFT, index=True
    )

    company = relationship("Company")
    skills = relationship("Skill", secondary=project_skills, order_by="Skill.name")
    versions = relationship(
        "ProjectVersion", back_populates="project", order_by="ProjectVersion.number", cascade="all, delete-orphan"
    )

    def is_visible(self):
        """Everyone sees a published project of a company in good standing."""
        return self.status == OpeningStatus.PUBLISHED and self.company.status == CompanyStatus.APPROVED

    def snapshot(self):
        """The project as a reviewer reads it, for versions and diffs."""
        return {
            "title": self.title,
            "team_size": self.team_size,
            "skills": ", ".join(s.name for s in self.skills),
            "description": self.description,
        }


class ProjectVersion(PostingVersionMixin, db.Model):
    """A saved state of a project."""

    posting_kind = "project"
    project_id = synonym("posting_id")
    project = relationship("Project", back_populates="versions")
