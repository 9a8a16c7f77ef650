"""Matches the committee proposed to the trainee: accept (an application at 서류 검토) or decline."""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from board.platform.extensions import db
from board.domain.matching import MatchRefused, accept, decline
from board.web.me import bp
from board.models import Company, Decision, MatchProposal, Opening
from board.web.ownership import current_trainee, own_proposal
from board.web.security import trainee_required
from board.platform.templating import render, see_other


class AnswerForm(FlaskForm):
    """CSRF only: the accept and decline buttons carry no fields."""


@bp.route("/proposals")
@trainee_required
def proposals():
    """Openings the committee proposed to me, waiting ones first, with the committee's note."""
    trainee = current_trainee()
    rows = db.session.scalars(
        select(MatchProposal).where(MatchProposal.trainee_id == trainee.id)
        .options(selectinload(MatchProposal.opening).options(
            selectinload(Opening.company).selectinload(Company.agreements), selectinload(Opening.skill_links)))
        .order_by(case((MatchProposal.status == Decision.PENDING, 0), else_=1), MatchProposal.created_at.desc(),
                  MatchProposal.id.desc())).all()
    return render("me/proposals.html", pending=[p for p in rows if p.status == Decision.PENDING],
                  past=[p for p in rows if p.status != Decision.PENDING], form=AnswerForm())


REFUSALS = {
    "closed": lambda: _("This opening no longer takes applications."),
    "applied": lambda: _("You have already applied to this opening."),
}


def _answer(proposal_id, operation):
    proposal = own_proposal(proposal_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        result = operation(proposal, current_user._get_current_object())
        db.session.commit()
    except MatchRefused as refused:
        db.session.rollback()
        flash(REFUSALS.get(refused.reason, lambda: _("You have already answered this proposal."))(), "warning")
        return None, see_other(url_for("me.proposals"))
    return result, None


@bp.route("/proposals/<int:proposal_id>/accept", methods=["POST"])
@trainee_required
def accept_proposal(proposal_id):
    """Accept: the opening's company sees my application at document review, with my current resume."""
    application, refused = _answer(proposal_id, accept)
    if refused:
        return refused
    flash(_("Accepted: your application to “%(title)s” is with %(company)s.",
            title=application.opening.title, company=application.opening.company.name), "success")
    return see_other(url_for("me.applications"))


@bp.route("/proposals/<int:proposal_id>/decline", methods=["POST"])
@trainee_required
def decline_proposal(proposal_id):
    """Decline: nothing is sent to the company."""
    proposal, refused = _answer(proposal_id, decline)
    if refused:
        return refused
    flash(_("You declined the proposal for “%(title)s”.", title=proposal.opening.title), "success")
    return see_other(url_for("me.proposals"))
