"""Openings (채용공고): their fields; the moderation states and versions are those of every posting."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_, or_, update
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from board.platform.extensions import db
from board.models.companies import Company, CompanyStatus
from board.models.postings import (  # noqa: F401 (re-exported: the openings' names for the posting states and moves)
    OpeningStatus, PostingMixin, PostingVersionMixin, TransitionRefused, move_posting,
)
from board.models.skills import JobRole
from board.models.types import UTCDateTime, board_today, enum_column, utcnow


class _Labelled(str, enum.Enum):
    @property
    def label(self):
        # Keyed by class too: str enums with the same value ("any") are equal to each other.
        return LABELS[type(self), self.value]


class EmploymentType(_Labelled):
    FULL_TIME = "full_time"
    CONTRACT = "contract"
    INTERN = "intern"


class CareerLevel(_Labelled):
    NEW = "new"
    EXPERIENCED = "experienced"
    ANY = "any"


class Education(_Labelled):
    ANY = "any"
    HIGH_SCHOOL = "high_school"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class DeadlineKind(_Labelled):
    DATE = "date"
    ROLLING = "rolling"
    UNTIL_FILLED = "until_filled"


class QuestionKind(_Labelled):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"


LABELS = {
    (EmploymentType, EmploymentType.FULL_TIME.value): _l("Full-time"),
    (EmploymentType, EmploymentType.CONTRACT.value): _l("Contract"),
    (EmploymentType, EmploymentType.INTERN.value): _l("Intern"),
    (CareerLevel, CareerLevel.NEW.value): _l("New graduate"),
    (CareerLevel, CareerLevel.EXPERIENCED.value): _l("Experienced"),
    (CareerLevel, CareerLevel.ANY.value): _l("Any career"),
    (Education, Education.ANY.value): _l("Any education"),
    (Education, Education.HIGH_SCHOOL.value): _l("High school"),
    (Education, Education.ASSOCIATE.value): _l("Associate degree"),
    (Education, Education.BACHELOR.value): _l("Bachelor's degree"),
    (Education, Education.MASTER.value): _l("Master's degree"),
    (Education, Education.DOCTORATE.value): _l("Doctorate"),
    (DeadlineKind, DeadlineKind.DATE.value): _l("Until a date"),
    (DeadlineKind, DeadlineKind.ROLLING.value): _l("Rolling recruitment"),
    (DeadlineKind, DeadlineKind.UNTIL_FILLED.value): _l("Until filled"),
    (QuestionKind, QuestionKind.TEXT.value): _l("Short answer"),
    (QuestionKind, QuestionKind.CHOICE.value): _l("Choice"),
    (QuestionKind, QuestionKind.YES_NO.value): _l("Yes or no"),
}

MAX_QUESTIONS = 5


class OpeningSkill(db.Model):
    """A skill an opening requires or prefers."""

    __tablename__ = "opening_skills"
    __table_args__ = (UniqueConstraint("opening_id", "skill_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    required: Mapped[bool] = mapped_column(Boolean, default=True)

    skill = relationship("Skill", lazy="joined")


class ScreeningQuestion(db.Model):
    """One of up to five questions of the company's own that applicants answer."""

    __tablename__ = "screening_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    prompt: Mapped[str] = mapped_column(String(300))
    # For choice questions: the options, one per line.
    choices: Mapped[str] = mapped_column(Text, default="")

    @property
    def choice_list(self):
        return [c for c in self.choices.splitlines() if c.strip()]


class Opening(PostingMixin, db.Model):
    """A company's job opening, moderated by the committee before trainees see it."""

    __tablename__ = "openings"
    kind = "opening"
    # The board lists open openings newest first, 20 at a time: with this index the database
    # walks them in that order and stops after a page instead of sorting every match.
    __table_args__ = (Index("ix_openings_board", "status", "published_at", "id"),)

    job_role: Mapped[JobRole] = mapped_column(enum_column(JobRole, "job_role"), index=True)
    employment_type: Mapped[EmploymentType] = mapped_column(enum_column(EmploymentType, "employment_type"))
    career_level: Mapped[CareerLevel] = mapped_column(enum_column(CareerLevel, "career_level"))
    education: Mapped[Education] = mapped_column(enum_column(Education, "education"), default=Education.ANY)
    workplace: Mapped[str] = mapped_column(String(100))
    # 만원 per year; both empty with salary_by_policy means 회사 내규.
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_by_policy: Mapped[bool] = mapped_column(Boolean, default=False)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    deadline_kind: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind, "deadline_kind"))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[OpeningStatus] = mapped_column(
        enum_column(OpeningStatus, "opening_status"), default=OpeningStatus.DRAFT, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company = relationship("Company", back_populates="openings")
    skill_links = relationship("OpeningSkill", cascade="all, delete-orphan", order_by="OpeningSkill.id")
    questions = relationship("ScreeningQuestion", cascade="all, delete-orphan", order_by="ScreeningQuestion.position")
    versions = relationship("OpeningVersion", back_populates="opening", order_by="OpeningVersion.number",
                            cascade="all, delete-orphan")

    @property
    def required_skills(self):
        return [link.skill for link in self.skill_links if link.required]

    @property
    def preferred_skills(self):
        return [link.skill for link in self.skill_links if not link.required]

    def set_skills(self, required, preferred):
        """Replace the skill lists; a skill named in both counts as required.

        Existing links are updated in place: deleting and re-adding the same skill in one
        flush would break the (opening, skill) unique constraint.
        """
        wanted = {s.id: (s, False) for s in preferred}
        wanted.update({s.id: (s, True) for s in required})
        kept = []
        for link in self.skill_links:
            if link.skill_id in wanted:
                link.required = wanted.pop(link.skill_id)[1]
                kept.append(link)
        order = [s.id for s in required] + [s.id for s in preferred]
        added = [OpeningSkill(skill=skill, required=req) for skill_id, (skill, req) in
                 sorted(wanted.items(), key=lambda item: order.index(item[0]))]
        self.skill_links = kept + added

    def is_open(self, today=None):
        """Trainees can see and apply: published, not past its deadline, company in good standing."""
        today = today or board_today()
        return (self.status == OpeningStatus.PUBLISHED
                and (self.deadline_kind != DeadlineKind.DATE or self.deadline is None or self.deadline >= today)
                and self.company.status == CompanyStatus.APPROVED)

    @classmethod
    def open_clause(cls, today=None):
        """SQL for is_open(), for listings; needs a join to Company."""
        today = today or board_today()
        return and_(cls.status == OpeningStatus.PUBLISHED, Company.status == CompanyStatus.APPROVED,
                    or_(cls.deadline_kind != DeadlineKind.DATE, cls.deadline >= today))

    def is_visible(self):
        """What every posting answers: may anyone see it? For an opening, while it is open."""
        return self.is_open()

    def days_left(self, today=None):
        if self.deadline_kind != DeadlineKind.DATE or self.deadline is None:
            return None
        return (self.deadline - (today or board_today())).days

    def snapshot(self):
        """The opening as a reviewer reads it, for versions and diffs."""
        def salary():
            if self.salary_by_policy:
                return "회사 내규"
            return f"{self.salary_min or ''}–{self.salary_max or ''} 만원"
        return {
            "title": self.title,
            "job_role": self.job_role.value,
            "employment_type": self.employment_type.value,
            "career_level": self.career_level.value,
            "education": self.education.value,
            "workplace": self.workplace,
            "salary": salary(),
            "headcount": self.headcount,
            "deadline": self.deadline.isoformat() if self.deadline_kind == DeadlineKind.DATE and self.deadline else self.deadline_kind.value,
            "required_skills": ", ".join(s.name for s in self.required_skills),
            "preferred_skills": ", ".join(s.name for s in self.preferred_skills),
            "questions": "\n".join(f"{q.position}. [{q.kind.value}] {q.prompt}" + (f" ({' / '.join(q.choice_list)})" if q.choice_list else "")
                                   for q in self.questions),
            "description": self.description,
        }


class OpeningVersion(PostingVersionMixin, db.Model):
    """A saved state of an opening."""

    posting_kind = "opening"
    opening_id = synonym("posting_id")
    opening = relationship("Opening", back_populates="versions")


def duplicate(opening, actor):
    """A new draft with the same content, for next cohort's round of the same job."""
    copy = Opening(company_id=opening.company_id, created_by_id=actor.id, status=OpeningStatus.DRAFT,
                   **{c: getattr(opening, c) for c in (
                       "title", "job_role", "employment_type", "career_level", "education", "workplace",
                       "salary_min", "salary_max", "salary_by_policy", "headcount", "description",
                       "deadline_kind")})
    copy.deadline = opening.deadline if opening.deadline and opening.deadline >= board_today() else None
    copy.skill_links = [OpeningSkill(skill_id=link.skill_id, required=link.required) for link in opening.skill_links]
    copy.questions = [ScreeningQuestion(position=q.position, kind=q.kind, prompt=q.prompt, choices=q.choices)
                      for q in opening.questions]
    db.session.add(copy)
    db.session.flush()
    db.session.refresh(copy)
    return copy


def close_expired(today=None):
    """Close published openings whose closing date has passed; returns how many.

    Listings already hide them by date; this makes the state say so too (run daily).
    """
    today = today or board_today()
    result = db.session.execute(
        update(Opening).where(Opening.status == OpeningStatus.PUBLISHED, Opening.deadline_kind == DeadlineKind.DATE,
                              Opening.deadline < today)
        .values(status=OpeningStatus.CLOSED, closed_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount
