"""After an accepted offer: the trainee's other open applications, lunch-day sign-ups and proposals, withdrawn on request.

Each goes through its own use case (pipeline.move to 철회, lunchdays.cancel, matching.decline),
so the companies see a withdrawal exactly as if the trainee had made it one by one.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.domain import lunchdays, matching
from board.platform.extensions import db
from board.models import Application, LunchDay, LunchSignup, MatchProposal, Opening, SignupStatus, Stage
from board.models.matching import Decision
from board.models.types import utcnow
from board.domain.pipeline import MOVES, TRAINEE, move

# Stages a trainee may withdraw from themselves (an open offer elsewhere is declined on its own page).
WITHDRAWABLE = tuple(frm for (frm, to), roles in MOVES.items()
                     if to == Stage.WITHDRAWN and roles == TRAINEE and frm != Stage.OFFER)


@dataclass
class OpenElsewhere:
    applications: list = field(default_factory=list)
    signups: list = field(default_factory=list)
    proposals: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.applications or self.signups or self.proposals)


def open_elsewhere(trainee, hired_application_id=None, now=None):
    """What the trainee still has open besides the hire: applications, future lunch-day places, pending proposals."""
    now = now or utcnow()
    applications = db.session.scalars(
        select(Application).where(Application.trainee_id == trainee.id, Application.stage.in_(WITHDRAWABLE),
                                  Application.id != (hired_application_id or -1))
        .options(joinedload(Application.opening).joinedload(Opening.company)).order_by(Application.id)).all()
    signups = db.session.scalars(
        select(LunchSignup).join(LunchDay, LunchDay.id == LunchSignup.lunch_day_id)
        .where(LunchSignup.trainee_id == trainee.id, LunchSignup.status != SignupStatus.CANCELLED,
               LunchSignup.checked_in_at.is_(None), LunchDay.starts_at > now)
        .options(joinedload(LunchSignup.lunch_day)).order_by(LunchDay.starts_at)).all()
    proposals = db.session.scalars(
        select(MatchProposal).where(MatchProposal.trainee_id == trainee.id, MatchProposal.status == Decision.PENDING)
        .options(joinedload(MatchProposal.opening).joinedload(Opening.company)).order_by(MatchProposal.id)).all()
    return OpenElsewhere(applications, signups, proposals)


def withdraw_elsewhere(trainee_user, found, application_ids=(), signup_ids=(), proposal_ids=(), reason=""):
    """Withdraw the chosen ones among found (an OpenElsewhere); returns how many were withdrawn."""
    done = 0
    for application in found.applications:
        if application.id in application_ids:
            move(application, Stage.WITHDRAWN, trainee_user, reason=reason)
            done += 1
    for signup in found.signups:
        if signup.id in signup_ids:
            lunchdays.cancel(signup)
            done += 1
    for proposal in found.proposals:
        if proposal.id in proposal_ids:
            matching.decline(proposal, trainee_user)
            done += 1
    return done
