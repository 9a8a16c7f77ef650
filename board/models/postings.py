"""What openings and projects share as postings: the moderation states, the common columns and the versions.

A posting is something a company writes and the committee publishes: an opening (채용공고) or a
project (기업과제). Each kind is its own table with its own fields; the columns, the states and the
saved versions of the life they share are declared once here, and board/domain/postings.py holds the rules.
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, utcnow


class OpeningStatus(str, enum.Enum):
    """The moderation state of any posting (the name is the openings', which had it first)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    CLOSED = "closed"

    @property
    def label(self):
        return _STATUS_LABELS[self.value]


PostingStatus = OpeningStatus

_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("In review"),
    "published": _l("Published"),
    "returned": _l("Returned"),
    "closed": _l("Closed"),
}

# The states in which the company may still change a posting; a closed one is kept as it was.
EDITABLE = (OpeningStatus.DRAFT, OpeningStatus.RETURNED, OpeningStatus.SUBMITTED, OpeningStatus.PUBLISHED)


class PostingMixin:
    """The columns every posting has; a kind adds its status column (its own enum name) and its fields.

    A kind also sets `kind` (the word in its audit actions and search index) and `edits_always_reviewed`
    (whether an edit of a published posting always goes back to the committee, or only when the
    committee asked that of the company), and defines `snapshot()`, `is_visible()` and `versions`.
    """

    kind = ""
    edits_always_reviewed = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @classmethod
    def version_model(cls):
        """The table of this kind's saved versions."""
        return cls.versions.property.mapper.class_


class PostingVersionMixin:
    """A saved state of a posting; the committee compares a submission with the last approved one.

    A kind's version table sets `posting_kind` ("opening": table opening_versions, key opening_id to
    openings) and adds the relationship to its posting under the kind's name.
    """

    posting_kind = ""

    @declared_attr.directive
    def __tablename__(cls):
        return f"{cls.posting_kind}_versions"

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint(f"{cls.posting_kind}_id", "number"),)

    @declared_attr
    def posting_id(cls) -> Mapped[int]:
        return mapped_column(f"{cls.posting_kind}_id", ForeignKey(f"{cls.posting_kind}s.id", ondelete="CASCADE"),
                             index=True)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def created_by(cls):
        return relationship("User")


class TransitionRefused(Exception):
    """A posting was not in a state that allows the requested move (perhaps someone else moved it)."""


def move_posting(posting, from_states, to_state, **values):
    """Change an opening's or a project's status only if it is still one of from_states.

    One conditional UPDATE: of two committee members deciding at once, exactly one wins
    and the other gets TransitionRefused instead of overwriting the first decision. The
    caller's transaction is left as it is: the view decides whether to commit or not.
    """
    model = type(posting)
    # Unsaved changes to the posting go first: the refresh below would otherwise discard them.
    db.session.flush()
    result = db.session.execute(
        update(model)
        .where(model.id == posting.id, model.status.in_(from_states))
        .values(status=to_state, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise TransitionRefused(posting.id)
    db.session.refresh(posting)
