"""A company's lunch days (리쿠르트 런치데이): the invitations, its answer, trainees it would like to meet,
who sits at its table once the plan is published, and the follow-ups after the lunch.

The rules are in board/domain/lunchdays.py; a company sees only the lunch days it was invited to.
"""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from board.domain import lunchdays
from board.web.company import bp
from board.web.company.lunchday_forms import FollowUpForm, InterestForm, RespondForm
from board.platform.extensions import db
from board.web.lunch_calendar import calendar_response
from board.domain.matching import consenting_trainees
from board.models import (
    Application, Attendance, Company, FollowUpDecision, LunchCompany, LunchDay, LunchFollowUp, LunchInterest,
    LunchSeat, LunchSignup, MatchProposal, Opening, Stage, Trainee, TraineeStatus, User,
)
from board.models.types import utcnow
from board.domain.pipeline import FINAL, is_passed_to_company, passed_to_company
from board.web.security import approved_company_required
from board.platform.templating import render, see_other, wants_fragment

TALENT_PAGE = 20
REFUSALS = {
    "published": lambda: _("The seating plan is published: only the committee can change your table now."),
    "seats": lambda: _("Say how many trainees your table seats per round."),
    "not_attending": lambda: _("Your company is not attending this lunch day: confirm your attendance first."),
    "started": lambda: _("The lunch day has started: the list of trainees to meet is closed."),
    "not_yet": lambda: _("Follow-ups open once the lunch day has started."),
    "opening_needed": lambda: _("Choose the opening to propose: the trainee has no application with you."),
    "closed": lambda: _("This opening no longer takes applications."),
    "applied": lambda: _("The trainee has already applied to this opening."),
    "proposed": lambda: _("The trainee was already proposed for this opening."),
}


def _invitation(lunch_day_id):
    """The company's invitation to this lunch day; 404 when it was not invited (or the day does not exist)."""
    # The lunch day and its rounds come in the same statement: every page of it shows them.
    invitation = db.session.execute(
        select(LunchCompany).where(LunchCompany.lunch_day_id == lunch_day_id,
                                   LunchCompany.company_id == current_user.company_id)
        .options(joinedload(LunchCompany.lunch_day).joinedload(LunchDay.rounds))).unique().scalar_one_or_none()
    if invitation is None:
        abort(404)
    return invitation


def _applications(company_id):
    """{trainee_id: application}: the newest application per trainee that the committee passed to the company."""
    rows = db.session.scalars(
        select(Application).join(Opening, Opening.id == Application.opening_id)
        .where(Opening.company_id == company_id, passed_to_company())
        .options(joinedload(Application.trainee).joinedload(Trainee.user),
                 joinedload(Application.trainee).selectinload(Trainee.skills))
        .order_by(Application.created_at)).all()
    found = {}
    for application in rows:
        current = found.get(application.trainee_id)
        if current is None or current.stage in FINAL or application.stage not in FINAL:
            found[application.trainee_id] = application
    return found


def _may_meet(company_id, trainee):
    """True when the company may ask to meet trainee: an applicant passed on to it, or in the talent pool."""
    if trainee.status == TraineeStatus.DROPPED:
        return False
    return trainee.visible_to_companies or trainee.id in _applications(company_id)


def _talent_page(applicant_ids):
    """Consenting trainees who are not already applicants, 20 a page, by name."""
    query = (consenting_trainees().join(User, User.id == Trainee.user_id)
             .where(Trainee.status != TraineeStatus.DROPPED, Trainee.id.notin_(applicant_ids or [0]))
             .options(contains_eager(Trainee.user), selectinload(Trainee.skills))
             .order_by(User.name, Trainee.id))
    return db.paginate(query, page=request.args.get("page", 1, type=int), per_page=TALENT_PAGE, error_out=False)


def profile_url(trainee, applications):
    """Where the company reads this trainee's profile: the application, else the talent pool's page; None if neither."""
    if trainee.id in applications:
        return url_for("company.application", application_id=applications[trainee.id].id)
    if trainee.visible_to_companies and trainee.status != TraineeStatus.DROPPED:
        return url_for("company.request_meet", trainee_id=trainee.id)
    return None


def _table_by_round(invitation):
    """[(round, [trainee, ...])] of the published plan at the company's table."""
    seats = db.session.scalars(
        select(LunchSeat).where(LunchSeat.lunch_company_id == invitation.id)
        .options(selectinload(LunchSeat.signup).selectinload(LunchSignup.trainee).selectinload(Trainee.user),
                 selectinload(LunchSeat.signup).selectinload(LunchSignup.trainee).selectinload(Trainee.skills))).all()
    return [(r, sorted((s.signup.trainee for s in seats if s.round_id == r.id), key=lambda t: t.user.name))
            for r in invitation.lunch_day.rounds]


def _open_openings(company_id):
    return db.session.scalars(select(Opening).join(Company).where(Opening.company_id == company_id,
                                                                  Opening.open_clause())
                              .order_by(Opening.title)).all()


def _proposable(company_id, trainee_ids):
    """{trainee id: openings to propose}, only for trainees without a live application with the company.

    Openings the trainee already applied to or was proposed for are left out (the match would be refused).
    Applications the committee has not passed on count as none: the company may not learn of them
    from which trainees get the form or which openings it lists.
    """
    trainee_ids = list(trainee_ids)
    live = set(db.session.scalars(
        select(Application.trainee_id).join(Opening, Opening.id == Application.opening_id)
        .where(Opening.company_id == company_id, Application.trainee_id.in_(trainee_ids or [0]),
               Application.stage.notin_(FINAL), passed_to_company())))
    openings = _open_openings(company_id)
    taken = set(db.session.execute(
        select(Application.trainee_id, Application.opening_id).where(Application.trainee_id.in_(trainee_ids or [0]),
                                                                     passed_to_company()))
        .all()) | set(db.session.execute(
            select(MatchProposal.trainee_id, MatchProposal.opening_id)
            .where(MatchProposal.trainee_id.in_(trainee_ids or [0]))).all())
    return {tid: [o for o in openings if (tid, o.id) not in taken] for tid in trainee_ids if tid not in live}


def _page(invitation, status=200, respond_form=None, follow_up_forms=None, confirm_decline=False):
    """The lunch day page of the company, in whichever state the event is."""
    lunch_day = invitation.lunch_day
    now = utcnow()
    started = lunch_day.starts_at <= now
    published = lunch_day.plan_published_at is not None
    attending = invitation.status == Attendance.CONFIRMED
    applications = _applications(invitation.company_id)
    context = {"invitation": invitation, "lunch_day": lunch_day, "started": started, "published": published,
               "attending": attending, "applications": applications, "confirm_decline": confirm_decline,
               "profile_url": profile_url, "final_stages": FINAL, "table": None}
    if respond_form is None:
        respond_form = RespondForm(formdata=None, answer="attend" if invitation.status != Attendance.DECLINED else "decline",
                                   seats=invitation.seats or None, note=invitation.note)
    context["respond_form"] = respond_form
    if attending and not started:
        context["marked"] = set(db.session.scalars(select(LunchInterest.trainee_id)
                                                   .where(LunchInterest.lunch_company_id == invitation.id)))
        applicants = [a.trainee for a in applications.values()
                      if a.stage not in FINAL and a.trainee.status != TraineeStatus.DROPPED]
        context["applicants"] = sorted(applicants, key=lambda t: t.user.name)
        context["talent"] = _talent_page([t.id for t in context["applicants"]])
    if published and attending:
        context["table"] = _table_by_round(invitation)
    if published and attending and started:
        met = db.session.scalars(lunchdays.met_trainees(invitation).options(
            selectinload(LunchSignup.trainee).selectinload(Trainee.user))).all()
        follow_ups = {f.trainee_id: f for f in db.session.scalars(
            select(LunchFollowUp).where(LunchFollowUp.lunch_company_id == invitation.id))}
        proposable = _proposable(invitation.company_id, [s.trainee_id for s in met])
        forms = follow_up_forms or {}
        context["met"] = [(s.trainee, follow_ups.get(s.trainee_id),
                           forms.get(s.trainee_id) or _follow_up_form(proposable.get(s.trainee_id, ()),
                                                                      follow_ups.get(s.trainee_id)),
                           s.trainee_id in proposable)
                          for s in met]
    return render("company/lunchdays/lunch_day.html", status=status, **context)


def _follow_up_form(openings, record=None, formdata=None):
    data = {"decision": record.decision.value} if record and formdata is None else {}
    return FollowUpForm(formdata=formdata, openings=openings, **data)


def upcoming_invitations(company_id):
    """The company's upcoming lunch days it has not declined (for its home), soonest first; one statement."""
    return db.session.scalars(
        select(LunchCompany).join(LunchDay, LunchDay.id == LunchCompany.lunch_day_id)
        .where(LunchCompany.company_id == company_id, LunchCompany.status != Attendance.DECLINED,
               LunchDay.starts_at > utcnow())
        .options(contains_eager(LunchCompany.lunch_day)).order_by(LunchDay.starts_at, LunchDay.id)).all()


@bp.route("/lunch-days")
@approved_company_required
def lunch_days():
    """The lunch days the company was invited to: upcoming first, then past ones."""
    invitations = db.session.scalars(
        select(LunchCompany).join(LunchDay, LunchDay.id == LunchCompany.lunch_day_id)
        .where(LunchCompany.company_id == current_user.company_id)
        .options(selectinload(LunchCompany.lunch_day)).order_by(LunchDay.starts_at)).all()
    now = utcnow()
    upcoming = [i for i in invitations if i.lunch_day.starts_at > now]
    past = [i for i in reversed(invitations) if i.lunch_day.starts_at <= now]
    return render("company/lunchdays/index.html", upcoming=upcoming, past=past)


@bp.route("/lunch-days/<int:lunch_day_id>", methods=["GET", "POST"])
@approved_company_required
def lunch_day(lunch_day_id):
    """Answer the invitation (attend with seats per round, or decline after confirming); the rest of the page follows the event."""
    invitation = _invitation(lunch_day_id)
    if request.method == "GET":
        return _page(invitation)
    form = RespondForm()
    if invitation.lunch_day.plan_published_at is not None:
        flash(REFUSALS["published"](), "warning")
        return _page(invitation, status=409)
    if not form.validate_on_submit():
        return _page(invitation, status=422, respond_form=form)
    attending = form.answer.data == "attend"
    if not attending and form.confirmed.data != "yes" and invitation.status != Attendance.DECLINED:
        return _page(invitation, respond_form=form, confirm_decline=True)
    try:
        lunchdays.respond(invitation, attending, seats=form.seats.data or 0, note=form.note.data)
        db.session.commit()
    except lunchdays.LunchRefused as refused:
        db.session.rollback()
        flash(REFUSALS.get(refused.reason, REFUSALS["published"])(), "warning")
        return _page(invitation, status=409)
    if attending:
        flash(_("Thank you: your table seats %(seats)s trainees per round.", seats=invitation.seats), "success")
    else:
        flash(_("You declined the invitation. The committee has been told."), "success")
    return see_other(url_for("company.lunch_day", lunch_day_id=lunch_day_id))


@bp.route("/lunch-days/<int:lunch_day_id>/interest", methods=["POST"])
@approved_company_required
def lunch_interest(lunch_day_id):
    """Mark (or unmark) a trainee the company would like to meet at its table; htmx swaps the row."""
    invitation = _invitation(lunch_day_id)
    form = InterestForm()
    if not form.validate_on_submit():
        abort(422)   # only a forged request gets here: the page sends an id and 1 or 0
    trainee = db.get_or_404(Trainee, form.trainee_id.data)
    if not _may_meet(invitation.company_id, trainee):
        abort(404)
    reason = None
    try:
        lunchdays.mark_interest(invitation, trainee, wanted=form.wanted.data == "1")
        db.session.commit()
    except lunchdays.LunchRefused as refused:
        db.session.rollback()
        reason = refused.reason
    marked = db.session.scalar(select(LunchInterest.id).where(LunchInterest.lunch_company_id == invitation.id,
                                                              LunchInterest.trainee_id == trainee.id)) is not None
    message = REFUSALS.get(reason, REFUSALS["not_attending"])() if reason else None
    if wants_fragment():
        return render("company/lunchdays/_interest_row.html", block="row", status=409 if reason else 200,
                      trainee=trainee, marked=marked, invitation=invitation, error=message,
                      profile=profile_url(trainee, _applications(invitation.company_id)))
    if reason:
        flash(message, "warning")
        return _page(invitation, status=409)
    flash(_("%(name)s is on your list of trainees to meet.", name=trainee.user.name) if marked
          else _("%(name)s is no longer on your list.", name=trainee.user.name), "success")
    return see_other(url_for("company.lunch_day", lunch_day_id=lunch_day_id) + f"#trainee-{trainee.id}")


@bp.route("/lunch-days/<int:lunch_day_id>/follow-up/<int:trainee_id>", methods=["POST"])
@approved_company_required
def lunch_follow_up(lunch_day_id, trainee_id):
    """After the lunch: interview (moves the application, or proposes one of the company's openings), keep in touch, or no."""
    invitation = _invitation(lunch_day_id)
    lunch_day = invitation.lunch_day
    if lunch_day.plan_published_at is None or lunch_day.starts_at > utcnow():
        flash(REFUSALS["not_yet"](), "warning")
        return _page(invitation, status=409)
    trainee = db.get_or_404(Trainee, trainee_id)
    met = db.session.scalar(lunchdays.met_trainees(invitation).where(LunchSignup.trainee_id == trainee.id))
    if met is None:
        abort(404)
    form = _follow_up_form(_proposable(invitation.company_id, [trainee.id]).get(trainee.id, ()), formdata=request.form)
    if not form.validate_on_submit():
        return _page(invitation, status=422, follow_up_forms={trainee.id: form})
    decision = FollowUpDecision(form.decision.data)
    try:
        record = lunchdays.follow_up(invitation, trainee, decision, current_user._get_current_object(),
                                     opening=form.chosen_opening())
        db.session.commit()
    except lunchdays.LunchRefused as refused:
        db.session.rollback()
        if refused.reason == "not_yet":
            flash(REFUSALS["not_yet"](), "warning")
            return _page(invitation, status=409)
        form.opening.errors = [REFUSALS.get(refused.reason, REFUSALS["opening_needed"])()]
        return _page(invitation, status=422, follow_up_forms={trainee.id: form})
    flash(follow_up_result(record), "success")
    return see_other(url_for("company.lunch_day", lunch_day_id=lunch_day_id) + f"#follow-up-{trainee.id}")


def follow_up_result(record):
    """What the follow-up did, in a sentence the company reads."""
    if record.decision != FollowUpDecision.INTERVIEW:
        return _("Saved: %(decision)s.", decision=record.decision.label)
    application = record.application
    if application is not None and not is_passed_to_company(application):
        # Tied to an application the committee still holds (lunchdays.follow_up): the company reads
        # what it reads for a proposal of that opening, until the committee passes the application on.
        return _("Proposed for “%(opening)s”: the trainee answers the proposal.", opening=application.opening.title)
    if application is not None:
        if application.stage == Stage.INTERVIEW:
            return _("Moved to interview: offer interview times on the application.")
        return _("Saved: %(decision)s.", decision=record.decision.label)
    if record.proposal is not None:
        return _("Proposed for “%(opening)s”: the trainee answers the proposal.", opening=record.proposal.opening.title)
    return _("Saved: %(decision)s.", decision=record.decision.label)


@bp.app_context_processor
def _lunch_helpers():
    return {"lunch_follow_up_result": follow_up_result}


@bp.route("/lunch-days/<int:lunch_day_id>/calendar.ics")
@approved_company_required
def lunch_calendar(lunch_day_id):
    """The lunch day as a calendar file; once published, the company's table and who comes in each round."""
    invitation = _invitation(lunch_day_id)
    attending = invitation.status == Attendance.CONFIRMED
    return calendar_response(invitation.lunch_day, f"lunch-day-{lunch_day_id}.ics",
                             lunch_company=invitation if attending else None)
