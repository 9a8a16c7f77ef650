"""Proposed matches and requests to meet: the committee proposes, the trainee answers; companies ask, the committee decides.

Views, seeds and tests all call these functions, which never commit or roll back (the caller
owns the transaction); the application a proposal turns into
follows the pipeline's moves (board/domain/pipeline.py), recorded as two stage changes.
"""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board.platform.database import own_writes
from board.platform.extensions import db
from board.models import Application, Decision, MatchProposal, MeetRequest, Role, Stage, StageChange, Trainee
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.notifications import notify, notify_application_moved, notify_company
from board.domain.pipeline import MOVES, history_steps

PROPOSED_REASON = "proposed by the committee"
# accept() records the proposer passing the application on; the state machine must allow that move.
assert Role.COMMITTEE in MOVES[(Stage.SUBMITTED, Stage.COMPANY_REVIEW)]


class MatchRefused(Exception):
    """The proposal, answer or request is not possible now; reason says why ('closed', 'applied', 'proposed', ...)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def propose(trainee, opening, actor, note=""):
    """Propose trainee for opening; refused if the opening is not open or the trainee applied or was proposed already."""
    if not opening.is_open():
        raise MatchRefused("closed")
    if db.session.scalar(select(Application.id).where(Application.opening_id == opening.id,
                                                      Application.trainee_id == trainee.id)):
        raise MatchRefused("applied")
    if db.session.scalar(select(MatchProposal.id).where(MatchProposal.opening_id == opening.id,
                                                        MatchProposal.trainee_id == trainee.id)):
        raise MatchRefused("proposed")
    proposal = MatchProposal(trainee_id=trainee.id, opening_id=opening.id, proposed_by_id=actor.id, note=note or "",
                             status=Decision.PENDING)
    try:
        with own_writes() as session:
            session.add(proposal)
    except IntegrityError:
        # Two committee members at once: the unique constraint kept the first proposal.
        raise MatchRefused("proposed") from None
    audit("proposal.create", proposal, actor=actor, trainee_id=trainee.id, opening_id=opening.id)
    notify(trainee.user, "match.proposed", link=("me.proposals", {}), actor=actor,
           params={"title": opening.title, "company": opening.company.name})
    return proposal


def _answer(proposal, trainee_user, status):
    """Mark a pending proposal of this trainee answered; refused if it is not theirs or someone answered first."""
    if trainee_user.trainee is None or proposal.trainee_id != trainee_user.trainee.id:
        raise MatchRefused("not_yours")
    result = db.session.execute(
        update(MatchProposal).where(MatchProposal.id == proposal.id, MatchProposal.status == Decision.PENDING)
        .values(status=status, decided_at=utcnow()).execution_options(synchronize_session=False))
    db.session.refresh(proposal)
    if result.rowcount != 1:
        raise MatchRefused("answered")


def accept(proposal, trainee_user):
    """The trainee accepts: an application at 서류 검토, submitted by them and passed on by the proposing member."""
    opening, trainee = proposal.opening, proposal.trainee
    if not opening.is_open():
        raise MatchRefused("closed")
    if db.session.scalar(select(Application.id).where(Application.opening_id == opening.id,
                                                      Application.trainee_id == trainee.id)):
        raise MatchRefused("applied")
    now = utcnow()
    application = Application(opening_id=opening.id, trainee_id=trainee.id, cover_letter=proposal.note or "",
                              answers={}, resume_id=trainee.resume.id if trainee.resume else None,
                              stage=Stage.COMPANY_REVIEW, stage_changed_at=now, version=2)
    try:
        # The answer and the application together: a refused application leaves the proposal pending.
        with own_writes() as session:
            _answer(proposal, trainee_user, Decision.ACCEPTED)
            session.add(application)
    except IntegrityError:
        db.session.refresh(proposal)
        raise MatchRefused("applied") from None
    db.session.add(StageChange(application_id=application.id, actor_id=trainee_user.id, at=now, from_stage=None,
                               to_stage=Stage.SUBMITTED))
    db.session.add_all(StageChange(application_id=application.id, actor_id=proposal.proposed_by_id, at=now,
                                   from_stage=frm, to_stage=to, reason=PROPOSED_REASON if to == Stage.COMPANY_REVIEW else "")
                       for frm, to in history_steps(Stage.SUBMITTED, Stage.COMPANY_REVIEW))
    proposal.application_id = application.id
    db.session.flush()
    notify_application_moved(application, Stage.SUBMITTED, trainee_user)
    return application


def decline(proposal, trainee_user):
    """The trainee declines the proposal; no application is made."""
    _answer(proposal, trainee_user, Decision.DECLINED)
    return proposal


def request_meeting(company, trainee, actor, message=""):
    """An approved company asks to meet a consenting trainee; one pending request per company and trainee."""
    if not trainee.visible_to_companies:
        raise MatchRefused("hidden")
    if db.session.scalar(select(MeetRequest.id).where(MeetRequest.company_id == company.id,
                                                      MeetRequest.trainee_id == trainee.id,
                                                      MeetRequest.status == Decision.PENDING)):
        raise MatchRefused("pending")
    meet = MeetRequest(company_id=company.id, trainee_id=trainee.id, requested_by_id=actor.id, message=message or "",
                       status=Decision.PENDING)
    db.session.add(meet)
    db.session.flush()
    return meet


def decide_meeting(meet, actor, approve, reason=""):
    """The committee approves or declines a pending request; the second of two decisions changes nothing."""
    status = Decision.ACCEPTED if approve else Decision.DECLINED
    result = db.session.execute(
        update(MeetRequest).where(MeetRequest.id == meet.id, MeetRequest.status == Decision.PENDING)
        .values(status=status, decided_by_id=actor.id, decided_at=utcnow(), reason=reason or "")
        .execution_options(synchronize_session=False))
    db.session.refresh(meet)
    if result.rowcount != 1:
        raise MatchRefused("decided")
    audit("meet.approve" if approve else "meet.decline", meet, reason=reason, actor=actor,
          company_id=meet.company_id, trainee_id=meet.trainee_id)
    notify_company(meet.company_id, "meet.answered", link=("company.meet_request", {"request_id": meet.id}),
                   params={"trainee": meet.trainee.user.name, "answer": "approved" if approve else "declined"})
    return meet


def consenting_trainees():
    """SQL: the trainees who agreed to be shown to companies."""
    return select(Trainee).where(Trainee.visible_to_companies.is_(True))
