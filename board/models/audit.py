"""The audit trail: every committee decision, with who, when, what and why."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, utcnow


# What each action code means, for the people who read a history (the codes stay in the table).
ACTION_LABELS = {
    "company.approve": _l("Company approved"),
    "application.reject": _l("Application rejected"),
    "company.return": _l("Registration returned"),
    "company.suspend": _l("Company suspended"),
    "company.reinstate": _l("Suspension lifted"),
    "company.agreement": _l("Partner agreement recorded"),
    "company.review_edits": _l("Review of edits changed"),
    "opening.publish": _l("Opening published"),
    "opening.return": _l("Opening returned"),
    "opening.close": _l("Opening closed"),
    "project.publish": _l("Project published"),
    "project.return": _l("Project returned"),
    "lunch.create": _l("Lunch day created"),
    "lunch.edit": _l("Lunch day edited"),
    "lunch.invite": _l("Company invited to a lunch day"),
    "lunch.plan_generate": _l("Seating plan made"),
    "lunch.seat_move": _l("Seat moved"),
    "lunch.plan_publish": _l("Seating plan published"),
    "survey.open": _l("Hiring survey opened"),
    "roster.import": _l("Roster imported"),
    "trainee.invite": _l("Trainee invited"),
    "trainee.status": _l("Trainee status changed"),
    "outcome.record": _l("Outcome recorded"),
    "proposal.create": _l("Match proposed"),
    "meet.approve": _l("Meeting request approved"),
    "meet.decline": _l("Meeting request declined"),
    "report.export": _l("Report exported"),
    "offer.make": _l("Offer made"),
    "offer.accept": _l("Offer accepted"),
    "offer.decline": _l("Offer declined"),
    "offer.withdraw": _l("Offer withdrawn"),
    "offer.record_hire": _l("Acceptance made off the board recorded"),
    "hire.revert": _l("Hire reverted"),
    "employment.check": _l("Employment check recorded"),
}


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

    @property
    def label(self):
        """The action in the reader's language; an unknown code is shown as it is rather than hidden."""
        return ACTION_LABELS.get(self.action, self.action)


def audit(action, subject, reason="", actor=None, **detail):
    """Record a decision about subject (any model with an id) in the current transaction."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(action=action, subject_type=type(subject).__tablename__, subject_id=subject.id,
                       reason=reason or "", detail=detail, actor=actor)
    db.session.add(entry)
    return entry
