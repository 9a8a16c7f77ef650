"""The life every posting (an opening or a project) shares: moderation, versions and diffs, who owns it.

A company drafts a posting and submits it; the committee publishes it or returns it with a
reason; the company edits and closes it. Each move is a conditional UPDATE (move_posting), so of
two people deciding at once exactly one wins, and each decision is audited under the kind's name
("opening.publish", "project.return"). Every saved edit and every submission keeps a version, and
the committee reads a submission as a diff against the last approved one.

Request-free: each function takes the person acting; none commits or rolls back.
"""

import difflib

from sqlalchemy import select

from board.platform.extensions import db
from board.models.accounts import Role
from board.models.audit import AuditEntry, audit
from board.models.postings import EDITABLE, OpeningStatus, TransitionRefused, move_posting
from board.models.types import utcnow
from board.domain.notifications import notify_company

__all__ = [
    "EDITABLE", "TransitionRefused", "after_edit", "changes", "close", "is_owner", "last_approved_version",
    "may_see", "move_posting", "publish", "return_to_company", "review_baseline", "save_version", "submit",
]


def is_owner(posting, user):
    """A company member owns the postings of their company; nobody else owns any."""
    return (user is not None and getattr(user, "is_authenticated", False) and user.role == Role.COMPANY
            and user.company_id == posting.company_id)


def may_see(posting, user):
    """A visible posting is public; any other only to its company's members and the committee."""
    if posting.is_visible():
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.role in (Role.COMMITTEE, Role.ADMIN) or is_owner(posting, user)


def _versions(posting):
    model = type(posting).version_model()
    return model, select(model).where(model.posting_id == posting.id)


def latest_version(posting):
    model, query = _versions(posting)
    return db.session.scalar(query.order_by(model.number.desc()).limit(1))


def save_version(posting, actor, approved=False):
    """Keep the posting's current content as a new version."""
    db.session.flush()
    model, _ = _versions(posting)
    number = (db.session.scalar(select(db.func.max(model.number)).where(model.posting_id == posting.id)) or 0) + 1
    # Through the kind's relationship ("opening", "project"), as the kind's own code would write it.
    version = model(number=number, content=posting.snapshot(), created_by=actor,
                    approved_at=utcnow() if approved else None, **{posting.kind: posting})
    db.session.add(version)
    return version


def _current_version(posting, actor):
    """The newest version if it holds the current content, else a new one of it.

    The form's "save and submit" has just saved a version of this very content; a second,
    identical version would only make one submission look like two.
    """
    latest = latest_version(posting)
    if latest is None or latest.content != posting.snapshot():
        latest = save_version(posting, actor)
    return latest


def last_approved_version(posting):
    model, query = _versions(posting)
    return db.session.scalar(query.where(model.approved_at.is_not(None)).order_by(model.number.desc()).limit(1))


def review_baseline(posting):
    """What the committee compares a submission with: (version, "approved" or "returned"), or (None, None).

    The last approved version if there is one. Before any approval, the version the committee
    last returned (the newest saved before its last return), so a resubmission shows what the
    company changed since then rather than nothing.
    """
    approved = last_approved_version(posting)
    if approved is not None:
        return approved, "approved"
    returned_at = db.session.scalar(
        select(AuditEntry.at).where(AuditEntry.action == f"{posting.kind}.return",
                                    AuditEntry.subject_type == type(posting).__tablename__,
                                    AuditEntry.subject_id == posting.id)
        .order_by(AuditEntry.at.desc()).limit(1))
    if returned_at is None:
        return None, None
    model, query = _versions(posting)
    returned = db.session.scalar(query.where(model.created_at <= returned_at).order_by(model.number.desc()).limit(1))
    return (returned, "returned") if returned is not None else (None, None)


def submit(posting, actor):
    """The company asks the committee to publish a draft or a returned posting; its content is kept as a version."""
    move_posting(posting, [OpeningStatus.DRAFT, OpeningStatus.RETURNED], OpeningStatus.SUBMITTED, submitted_at=utcnow())
    _current_version(posting, actor)


def publish(posting, actor):
    """The committee publishes a submitted posting; its current version becomes the approved one."""
    move_posting(posting, [OpeningStatus.SUBMITTED], OpeningStatus.PUBLISHED, published_at=utcnow(), return_reason="")
    _current_version(posting, actor).approved_at = utcnow()
    audit(f"{posting.kind}.publish", posting, actor=actor, company_id=posting.company_id)
    _tell_company(posting, "published", actor)


def return_to_company(posting, actor, reason):
    """The committee sends a submitted posting back with a reason the company sees."""
    move_posting(posting, [OpeningStatus.SUBMITTED], OpeningStatus.RETURNED, return_reason=reason)
    audit(f"{posting.kind}.return", posting, reason=reason, actor=actor, company_id=posting.company_id)
    _tell_company(posting, "returned", actor)


def _tell_company(posting, what, actor):
    """Every member of the posting's company hears of the committee's decision ("opening.published"…)."""
    notify_company(posting.company_id, f"{posting.kind}.{what}",
                   link=(f"company.{posting.kind}", {f"{posting.kind}_id": posting.id}),
                   params={"title": posting.title}, actor=actor)


def close(posting, actor):
    """The company (or the committee) closes a posting; nothing is deleted."""
    values = {"closed_at": utcnow()} if hasattr(type(posting), "closed_at") else {}
    move_posting(posting, [OpeningStatus.PUBLISHED, OpeningStatus.SUBMITTED, OpeningStatus.DRAFT, OpeningStatus.RETURNED],
                 OpeningStatus.CLOSED, **values)
    if actor.role in (Role.COMMITTEE, Role.ADMIN):
        audit(f"{posting.kind}.close", posting, actor=actor, company_id=posting.company_id)


def after_edit(posting, actor):
    """Keep a version of every saved edit; a published posting goes back to review where that is the rule.

    Projects always go back; an opening goes back where the committee asked it of the company.
    """
    if posting.status == OpeningStatus.PUBLISHED and (posting.edits_always_reviewed or posting.company.review_edits):
        posting.status = OpeningStatus.SUBMITTED
        posting.submitted_at = utcnow()
        save_version(posting, actor)
    else:
        save_version(posting, actor, approved=posting.status == OpeningStatus.PUBLISHED)
    posting.updated_at = utcnow()


def changes(before, after):
    """What differs between two version contents: (field, old, new, line diff) for each changed field.

    The line diff is a list of (mark, line) with mark '+', '-' or ' ', for long text such as
    the description, where a reviewer wants to see only what moved.
    """
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
