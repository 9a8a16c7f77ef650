"""Openings (채용공고): their fields, their moderation states and every version of them."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.extensions import db
from board.models.audit import AuditEntry, audit
from board.models.companies import Company, CompanyStatus
from board.models.skills import JobRole
from board.models.types import UTCDateTime, board_today, enum_column, utcnow


class _Labelled(str, enum.Enum):
    @property
    def label(self):
        # Keyed by class too: str enums with the same value ("any") are equal to each other.
        return LABELS[type(self), self.value]


class OpeningStatus(_Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    CLOSED = "closed"


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
    (OpeningStatus, OpeningStatus.DRAFT.value): _l("Draft"),
    (OpeningStatus, OpeningStatus.SUBMITTED.value): _l("In review"),
    (OpeningStatus, OpeningStatus.PUBLISHED.value): _l("Published"),
    (OpeningStatus, OpeningStatus.RETURNED.value): _l("Returned"),
    (OpeningStatus, OpeningStatus.CLOSED.value): _l("Closed"),
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


class Opening(db.Model):
    """A company's job opening, moderated by the committee before trainees see it."""

    __tablename__ = "openings"
    # The board lists open openings newest first, 20 at a time: with this index the database
    # walks them in that order and stops after a page instead of sorting every match.
    __table_args__ = (Index("ix_openings_board", "status", "published_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(120))
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
    description: Mapped[str] = mapped_column(Text, default="")
    deadline_kind: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind, "deadline_kind"))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[OpeningStatus] = mapped_column(
        enum_column(OpeningStatus, "opening_status"), default=OpeningStatus.DRAFT, index=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
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


class OpeningVersion(db.Model):
    """A saved state of an opening; the committee compares a submission with the last approved one."""

    __tablename__ = "opening_versions"
    __table_args__ = (UniqueConstraint("opening_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opening = relationship("Opening", back_populates="versions")
    created_by = relationship("User")


class TransitionRefused(Exception):
    """A posting was not in a state that allows the requested move (perhaps someone else moved it)."""


def move_posting(posting, from_states, to_state, **values):
    """Change an opening's or a project's status only if it is still one of from_states.

    One conditional UPDATE: of two committee members deciding at once, exactly one wins
    and the other gets TransitionRefused instead of overwriting the first decision. Never commits
    or rolls back: the view owns the transaction.
    """
    model = type(posting)
    result = db.session.execute(
        update(model).where(model.id == posting.id, model.status.in_(from_states))
        .values(status=to_state, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    # Nothing was written: the caller's transaction is left as it was (its view decides to roll back).
    db.session.refresh(posting)
    if result.rowcount != 1:
        raise TransitionRefused(posting.id)


def save_version(opening, actor, approved=False):
    """Keep the opening's current content as a new version."""
    db.session.flush()
    number = (db.session.scalar(select(db.func.max(OpeningVersion.number)).where(OpeningVersion.opening_id == opening.id)) or 0) + 1
    version = OpeningVersion(opening=opening, number=number, content=opening.snapshot(), created_by=actor,
                             approved_at=utcnow() if approved else None)
    db.session.add(version)
    return version


def last_approved_version(opening):
    return db.session.scalar(select(OpeningVersion).where(OpeningVersion.opening_id == opening.id,
                                                          OpeningVersion.approved_at.is_not(None))
                             .order_by(OpeningVersion.number.desc()).limit(1))


def review_baseline(opening):
    """What the committee compares a submission with: (version, "approved" or "returned"), or (None, None).

    The last approved version if there is one. Before any approval, the version the committee
    last returned (the newest saved before its last return), so a resubmission shows what the
    company changed since then rather than nothing.
    """
    approved = last_approved_version(opening)
    if approved is not None:
        return approved, "approved"
    returned_at = db.session.scalar(
        select(AuditEntry.at).where(AuditEntry.action == "opening.return", AuditEntry.subject_type == Opening.__tablename__,
                                    AuditEntry.subject_id == opening.id)
        .order_by(AuditEntry.at.desc()).limit(1))
    if returned_at is None:
        return None, None
    returned = db.session.scalar(select(OpeningVersion).where(OpeningVersion.opening_id == opening.id,
                                                              OpeningVersion.created_at <= returned_at)
                                 .order_by(OpeningVersion.number.desc()).limit(1))
    return (returned, "returned") if returned is not None else (None, None)


def submit(opening, actor):
    """The company asks the committee to publish a draft or a returned opening.

    The form's "save and submit" has just saved a version of this very content; a second,
    identical version would only make one submission look like two.
    """
    move_posting(opening, [OpeningStatus.DRAFT, OpeningStatus.RETURNED], OpeningStatus.SUBMITTED, submitted_at=utcnow())
    latest = db.session.scalar(select(OpeningVersion).where(OpeningVersion.opening_id == opening.id)
                               .order_by(OpeningVersion.number.desc()).limit(1))
    if latest is None or latest.content != opening.snapshot():
        save_version(opening, actor)


def publish(opening, actor):
    """The committee publishes a submitted opening; its current version becomes the approved one."""
    move_posting(opening, [OpeningStatus.SUBMITTED], OpeningStatus.PUBLISHED, published_at=utcnow(), return_reason="")
    latest = db.session.scalar(select(OpeningVersion).where(OpeningVersion.opening_id == opening.id)
                               .order_by(OpeningVersion.number.desc()).limit(1))
    if latest is None or latest.content != opening.snapshot():
        latest = save_version(opening, actor)
    latest.approved_at = utcnow()
    audit("opening.publish", opening, actor=actor, company_id=opening.company_id)
    from board.notifications import notify_company
    notify_company(opening.company_id, "opening.published", link=("company.opening", {"opening_id": opening.id}),
                   params={"title": opening.title}, actor=actor)


def return_to_company(opening, actor, reason):
    """The committee sends a submitted opening back with a reason the company sees."""
    move_posting(opening, [OpeningStatus.SUBMITTED], OpeningStatus.RETURNED, return_reason=reason)
    audit("opening.return", opening, reason=reason, actor=actor, company_id=opening.company_id)
    from board.notifications import notify_company
    notify_company(opening.company_id, "opening.returned", link=("company.opening", {"opening_id": opening.id}),
                   params={"title": opening.title}, actor=actor)


def close(opening, actor):
    """The company (or the committee) closes an opening; nothing is deleted."""
    move_posting(opening, [OpeningStatus.PUBLISHED, OpeningStatus.SUBMITTED, OpeningStatus.DRAFT, OpeningStatus.RETURNED],
          OpeningStatus.CLOSED, closed_at=utcnow())
    if actor.role.value in ("committee", "admin"):
        audit("opening.close", opening, actor=actor, company_id=opening.company_id)


def after_edit(opening, actor):
    """Keep a version of every saved edit; a published opening goes back to review where the committee asked for it."""
    if opening.status == OpeningStatus.PUBLISHED and opening.company.review_edits:
        opening.status = OpeningStatus.SUBMITTED
        opening.submitted_at = utcnow()
        save_version(opening, actor)
    else:
        save_version(opening, actor, approved=opening.status == OpeningStatus.PUBLISHED)
    opening.updated_at = utcnow()


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


def changes(before, after):
    """What differs between two version contents: (field, old, new, line diff) for each changed field.

    The line diff is a list of (mark, line) with mark '+', '-' or ' ', for long text such as
    the description, where a reviewer wants to see only what moved.
    """
    import difflib

    result = []
    for key, new in after.items():
        old = (before or {}).get(key)
        if old == new:
            continue
        lines = None
        if isinstance(new, str) and ("\n" in new or "\n" in (old or "")):
            lines = [(line[0], line[2:]) for line in difflib.ndiff((old or "").splitlines(), new.splitlines())
                     if line[0] in "+- "]
        result.append((key, old, new, lines))
    return result


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
