"""Proposed matches (the committee proposes a trainee for an opening) and the companies' requests to meet trainees."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import selectinload

from board.web.committee import bp
from board.web.committee.proposal_forms import MeetDecisionForm, ProposalForm, TraineeSearchForm
from board.platform.extensions import db
from board.web.forms import int_or_none
from board.domain.matching import MatchRefused, decide_meeting, propose
from board.models import (
    Application, Company, Decision, MatchProposal, MeetRequest, Opening, OpeningSkill, Trainee, TraineeStatus, User,
)
from board.models.trainees import trainee_skills
from board.domain.search import _like
from board.web.security import committee_required
from board.platform.templating import render, see_other

CANDIDATES = 20

REFUSALS = {
    "closed": lambda: _("This opening does not take applications now."),
    "applied": lambda: _("This trainee has already applied to this opening."),
    "proposed": lambda: _("This trainee has already been proposed for this opening."),
}


def _open_opening(opening_id):
    """The opening if it exists and takes applications; None otherwise."""
    opening_id = int_or_none(opening_id)
    opening = db.session.get(Opening, opening_id) if opening_id else None
    return opening if opening is not None and opening.is_open() else None


def _candidates(opening, name):
    """Trainees (not dropped out) whose name matches, with how many of the opening's skills they have; best first.

    Trainees who already applied or were proposed for the opening are left out.
    """
    overlap = (select(func.count()).select_from(OpeningSkill)
               .join(trainee_skills, trainee_skills.c.skill_id == OpeningSkill.skill_id)
               .where(OpeningSkill.opening_id == opening.id, trainee_skills.c.trainee_id == Trainee.id)
               .correlate(Trainee).scalar_subquery().label("overlap"))
    query = (select(Trainee, overlap).join(User, User.id == Trainee.user_id)
             .where(Trainee.status != TraineeStatus.DROPPED,
                    ~exists().where(Application.trainee_id == Trainee.id, Application.opening_id == opening.id),
                    ~exists().where(MatchProposal.trainee_id == Trainee.id, MatchProposal.opening_id == opening.id))
             .options(selectinload(Trainee.user), selectinload(Trainee.cohort), selectinload(Trainee.cohort_class),
                      selectinload(Trainee.skills))
             .order_by(overlap.desc(), User.name, Trainee.id).limit(CANDIDATES))
    if name:
        query = query.where(func.lower(User.name).like(_like(name.lower()), escape="\\"))
    return db.session.execute(query).all()


def _new_proposal_page(opening, form, search, status=200):
    if opening is None:
        openings = db.session.scalars(select(Opening).join(Company).where(Opening.open_clause())
                                      .order_by(Company.name, Opening.title)).all()
        return render("committee/proposal_new.html", opening=None, openings=openings, search=search, form=form,
                      status=status)
    candidates = _candidates(opening, search.q.data if search.validate() else "")
    return render("committee/proposal_new.html", block="candidates", opening=opening, candidates=candidates,
                  asked=len(opening.skill_links), search=search, form=form, status=status)


@bp.route("/proposals/new", methods=["GET", "POST"])
@committee_required
def new_proposal():
    """Propose a trainee for an open opening: search trainees by name and see how their skills match."""
    opening = _open_opening(request.args.get("opening"))
    search = TraineeSearchForm(request.args, meta={"csrf": False})
    form = ProposalForm()
    if request.method == "POST" and opening is not None and form.validate_on_submit():
        trainee = db.session.get(Trainee, form.trainee.data)
        if trainee is None or trainee.status == TraineeStatus.DROPPED:
            form.trainee.errors.append(_("Choose a trainee to propose."))
            return _new_proposal_page(opening, form, search, status=422)
        try:
            propose(trainee, opening, current_user._get_current_object(), form.note.data)
            db.session.commit()
        except MatchRefused as refused:
            db.session.rollback()
            flash(REFUSALS.get(refused.reason, REFUSALS["proposed"])(), "warning")
            return see_other(url_for("committee.new_proposal", opening=opening.id))
        flash(_("%(name)s has been proposed for “%(title)s”; they will answer on their page.",
                name=trainee.user.name, title=opening.title), "success")
        return see_other(url_for("committee.proposals"))
    return _new_proposal_page(opening, form, search, status=422 if request.method == "POST" else 200)


STATUS_FILTERS = {d.value: d for d in Decision}


@bp.route("/proposals")
@committee_required
def proposals():
    """Every proposal the committee made, newest first, with the trainee's answer."""
    status = STATUS_FILTERS.get(request.args.get("status", ""))
    query = (select(MatchProposal)
             .options(selectinload(MatchProposal.trainee).selectinload(Trainee.user),
                      selectinload(MatchProposal.opening).selectinload(Opening.company).selectinload(Company.agreements),
                      selectinload(MatchProposal.proposed_by))
             .order_by(MatchProposal.created_at.desc(), MatchProposal.id.desc()))
    if status:
        query = query.where(MatchProposal.status == status)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/proposals.html", page=page, current=status, statuses=list(Decision))


@bp.route("/meet-requests")
@committee_required
def meet_requests():
    """Companies' requests to meet trainees from the talent pool: waiting ones first, oldest first among them."""
    pending_first = case((MeetRequest.status == Decision.PENDING, 0), else_=1)
    query = (select(MeetRequest)
             .options(selectinload(MeetRequest.company), selectinload(MeetRequest.requested_by),
                      selectinload(MeetRequest.trainee).selectinload(Trainee.user),
                      selectinload(MeetRequest.trainee).selectinload(Trainee.cohort))
             .order_by(pending_first, case((MeetRequest.status == Decision.PENDING, MeetRequest.created_at)),
                       MeetRequest.decided_at.desc(), MeetRequest.id.desc()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/meet_requests.html", page=page, form=MeetDecisionForm())


@bp.route("/meet-requests/<int:request_id>/decide", methods=["POST"])
@committee_required
def decide_meet_request(request_id):
    """Approve or decline a company's request to meet a trainee; on approval the company sees the contact details."""
    meet = db.get_or_404(MeetRequest, request_id)
    form = MeetDecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "warning")
        return see_other(url_for("committee.meet_requests"))
    approve = form.decision.data == "approve"
    try:
        decide_meeting(meet, current_user._get_current_object(), approve, form.reason.data)
        db.session.commit()
    except MatchRefused:
        db.session.rollback()
        current = db.session.get(MeetRequest, request_id)
        flash(_("Someone decided on this request first; it is now “%(status)s”.", status=current.status.label),
              "warning")
        return see_other(url_for("committee.meet_requests"))
    if approve:
        flash(_("Approved: %(company)s can now see how to contact %(name)s.",
                company=meet.company.name, name=meet.trainee.user.name), "success")
    else:
        flash(_("Declined: %(company)s does not see %(name)s's contact details.",
                company=meet.company.name, name=meet.trainee.user.name), "success")
    return see_other(url_for("committee.meet_requests"))
