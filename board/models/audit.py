"""The audit trail: every committee decision, with who, when, what and why."""
from datetime import datetime

from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.extensions import db
from board.models.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One decision or change worth answering for later."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")


def audit(action, subject, reason="", actor=None, **detail):
    """Record a decision about subject (any model with an id) in the current transaction."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(action=action, subject_type=type(subject).__tablename__, subject_id=subject.id,
                       reason=reason or "", detail=detail, actor=actor)
    db.session.add(entry)
    return entry
