"""The application pipeline: the one place that says which moves are legal and who may make them.

Every screen that moves an application (the trainee's withdraw button, the committee's
review queue, the company's pipeline board) calls move(); nothing else changes a stage.
"""
from sqlalchemy import exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from board.platform.database import own_writes
from board.platform.extensions import db
from board.models import Application, Role, Stage, StageChange
from board.models.types import utcnow
from board.domain.notifications import notify_application_moved

COMMITTEE = frozenset({Role.COMMITTEE, Role.ADMIN})
COMPANY = frozenset({Role.COMPANY})
TRAINEE = frozenset({Role.TRAINEE})

# (from, to) -> the roles that may make the move.
MOVES = {
    (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW): COMMITTEE,
    (Stage.SUBMITTED, Stage.COMPANY_REVIEW): COMMITTEE,
    (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW): COMMITTEE,
    (Stage.SUBMITTED, Stage.REJECTED): COMMITTEE,
    (Stage.SUBMITTED, Stage.NEEDS_CHANGES): COMMITTEE,
    (Stage.COMMITTEE_REVIEW, Stage.NEEDS_CHANGES): COMMITTEE,
    (Stage.NEEDS_CHANGES, Stage.SUBMITTED): TRAINEE,
    (Stage.COMMITTEE_REVIEW, Stage.REJECTED): COMMITTEE,
    (Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING): COMPANY | COMMITTEE,
    (Stage.COMPANY_REVIEW, Stage.INTERVIEW): COMPANY | COMMITTEE,
    (Stage.COMPANY_REVIEW, Stage.REJECTED): COMPANY | COMMITTEE,
    (Stage.LUNCH_MEETING, Stage.INTERVIEW): COMPANY | COMMITTEE,
    (Stage.LUNCH_MEETING, Stage.REJECTED): COMPANY | COMMITTEE,
    (Stage.INTERVIEW, Stage.OFFER): COMPANY | COMMITTEE,
    (Stage.INTERVIEW, Stage.REJECTED): COMPANY | COMMITTEE,
    # Only an accepted offer is a hire: the trainee accepts, or the committee records an acceptance
    # made off the board. The company may withdraw its offer (back to 면접); the trainee declines it.
    (Stage.OFFER, Stage.HIRED): TRAINEE | COMMITTEE,
    (Stage.OFFER, Stage.INTERVIEW): COMPANY | COMMITTEE,
    (Stage.OFFER, Stage.WITHDRAWN): TRAINEE,
    # A mistaken hire: the committee reverts it, back to the offer.
    (Stage.HIRED, Stage.OFFER): COMMITTEE,
}
# Moves into or out of 합격 and 채용 확정 change an offer too: only board/domain/offers.py makes them.
OFFER_STAGES = frozenset({Stage.OFFER, Stage.HIRED})
# A trainee may withdraw until the company has decided (an offer, a hire or a rejection).
for _stage in (Stage.SUBMITTED, Stage.NEEDS_CHANGES, Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING,
               Stage.INTERVIEW):
    MOVES[(_stage, Stage.WITHDRAWN)] = TRAINEE

# A decision that skips a step the history should still show, and the step it went through.
# The committee may pass an application on straight from 지원 (기업에 전달 from the queue); that
# decision is its review, so the history records 매칭 검토 between them, and the trainee reads the
# same steps on every application that reached a company.
THROUGH = {(Stage.SUBMITTED, Stage.COMPANY_REVIEW): Stage.COMMITTEE_REVIEW}

FINAL = frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN})

# The stages at which an application is with the company; before them only the committee sees it.
COMPANY_STAGES = (Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)


def passed_to_company():
    """SQL: the committee has passed the application on (it is, or once was, with the company)."""
    return or_(Application.stage.in_(COMPANY_STAGES),
               exists().where(StageChange.application_id == Application.id, StageChange.to_stage.in_(COMPANY_STAGES)))


def is_passed_to_company(application):
    """passed_to_company() for one loaded application: with the company now, or once."""
    return application.stage in COMPANY_STAGES or any(e.to_stage in COMPANY_STAGES for e in application.events)


def hires(opening):
    """How many of the opening's applications reached 채용 확정."""
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(Application).where(
        Application.opening_id == opening.id, Application.stage == Stage.HIRED)) or 0


def is_filled(opening, hired=None):
    """Filled: a published opening whose hires reached its headcount (the company is offered to close it)."""
    from board.models import OpeningStatus

    hired = hires(opening) if hired is None else hired
    return opening.status == OpeningStatus.PUBLISHED and hired >= opening.headcount


class MoveRefused(Exception):
    """The move is not legal from the application's stage, not this person's to make, or someone moved it first."""

    def __init__(self, reason, application=None):
        super().__init__(reason)
        self.reason = reason
        self.application = application


def may_move(role, from_stage, to_stage):
    return role in MOVES.get((from_stage, to_stage), ())


def next_moves(application, role):
    """The stages this role may move the application to now."""
    return [to for (frm, to), roles in MOVES.items() if frm == application.stage and role in roles]


def history_steps(from_stage, to_stage):
    """The (from, to) steps the history records for one move: one, or two through THROUGH's step."""
    via = THROUGH.get((from_stage, to_stage))
    return [(from_stage, via), (via, to_stage)] if via else [(from_stage, to_stage)]


def move(application, to_stage, actor, reason="", expected_version=None, offer=False):
    """Move application to to_stage for actor, recording who, when, from, to and why.

    expected_version is the version the person saw; if someone moved the card since,
    the move is refused ('stale') rather than applied on top of theirs. offer=True is
    board/domain/offers.py's: a move into or out of 합격 or 채용 확정 is refused ('offer') without it.
    """
    from_stage = application.stage
    if not may_move(actor.role, from_stage, to_stage):
        raise MoveRefused("illegal", application)
    if not offer and OFFER_STAGES & {from_stage, to_stage}:
        raise MoveRefused("offer", application)
    version = application.version if expected_version is None else expected_version
    result = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.stage == from_stage, Application.version == version)
        .values(stage=to_stage, version=Application.version + 1, stage_changed_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        # Nothing was written; the caller decides whether its transaction goes on or is rolled back.
        db.session.refresh(application)
        raise MoveRefused("stale", application)
    now = utcnow()
    db.session.add_all(StageChange(application_id=application.id, actor_id=actor.id, at=now, from_stage=frm,
                                   to_stage=to, reason=(reason or "") if to == to_stage else "")
                       for frm, to in history_steps(from_stage, to_stage))
    db.session.flush()
    db.session.refresh(application)
    notify_application_moved(application, from_stage, actor)
    return application


def reject(application, actor, code, shared_reason="", expected_version=None):
    """불합격: the one rejection, whichever screen it is made from (application page, pipeline board, review queue).

    Moves the application through the state machine, stores the reason code and the text the
    trainee reads, records the decision in the audit log and mails the trainee once the
    caller commits. Raises MoveRefused ("illegal", "stale", or "reason" for an unknown code);
    never commits or rolls back.
    """
    from board.domain.interviews import notify_rejection
    from board.models.applications import REJECTION_REASONS
    from board.models.audit import audit
    if code not in REJECTION_REASONS:
        raise MoveRefused("reason", application)
    shared_reason = (shared_reason or "").strip()
    from_stage = application.stage
    move(application, Stage.REJECTED, actor, reason=shared_reason, expected_version=expected_version)
    application.rejection_code = code
    application.shared_reason = shared_reason
    audit("application.reject", application, reason=shared_reason, actor=actor, code=code,
          from_stage=from_stage.value)
    db.session.flush()
    notify_rejection(application, by_committee=actor.role in COMMITTEE)
    return application


class AlreadyApplied(Exception):
    """The trainee already has an application for this opening."""


class ApplyRefused(Exception):
    """The opening does not take applications now (closed, past its deadline, or hidden)."""


def apply(trainee, opening, cover_letter, answers, actor):
    """Create the trainee's one application to opening, with the current resume as sent."""
    if not opening.is_open():
        raise ApplyRefused(opening.id)
    exists = db.session.scalar(select(Application.id).where(
        Application.opening_id == opening.id, Application.trainee_id == trainee.id))
    if exists:
        raise AlreadyApplied(exists)
    application = Application(opening_id=opening.id, trainee_id=trainee.id, cover_letter=cover_letter,
                              answers=answers, resume_id=trainee.resume.id if trainee.resume else None)
    try:
        with own_writes() as session:
            session.add(application)
    except IntegrityError:
        # Two tabs or a double click: the unique constraint kept the first one (the caller's transaction goes on).
        raise AlreadyApplied(None) from None
    db.session.add(StageChange(application_id=application.id, actor_id=actor.id, from_stage=None,
                               to_stage=Stage.SUBMITTED))
    return application
