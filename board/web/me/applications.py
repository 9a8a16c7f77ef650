"""Applying to openings, and the trainee's own list of applications (내 지원 현황)."""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.platform.extensions import db
from board.web.me import bp
from board.web.me.application_forms import WithdrawForm, answers_from, apply_form_for
from board.models import Application, Company, Opening, Stage
from board.models.applications import REJECTION_REASONS
from board.web.ownership import current_trainee, own_application
from board.domain.pipeline import AlreadyApplied, ApplyRefused, MoveRefused, apply, move
from board.web.security import trainee_required
from board.platform.templating import render, see_other


@bp.route("/openings/<int:opening_id>/apply", methods=["GET", "POST"])
@trainee_required
def apply_to(opening_id):
    """Apply with a cover letter, the screening answers and the current resume."""
    trainee = current_trainee()
    opening = db.session.get(Opening, opening_id)
    if opening is None or not opening.is_open():
        if opening is not None and opening.company.is_approved and opening.status.value in ("published", "closed"):
            flash(_("This opening no longer takes applications."), "warning")
            return see_other(url_for("public.openings"))
        abort(404)
    existing = db.session.scalar(select(Application).where(Application.opening_id == opening.id,
                                                           Application.trainee_id == trainee.id))
    if existing:
        flash(_("You have already applied to this opening."), "info")
        return see_other(url_for("me.applications"))
    form = apply_form_for(opening)
    if form.validate_on_submit():
        if trainee.resume is None:
            flash(_("Upload your resume (PDF) on your profile first; it is sent with the application."), "warning")
        else:
            try:
                apply(trainee, opening, form.cover_letter.data, answers_from(form, opening), current_user._get_current_object())
                db.session.commit()
            except AlreadyApplied:
                flash(_("You have already applied to this opening."), "info")
                return see_other(url_for("me.applications"))
            except ApplyRefused:
                flash(_("This opening no longer takes applications."), "warning")
                return see_other(url_for("public.openings"))
            flash(_("Your application to %(company)s is sent. The committee reviews it first.",
                    company=opening.company.name), "success")
            return see_other(url_for("me.applications"))
    return render("me/apply.html", form=form, opening=opening, trainee=trainee,
                  status=422 if form.is_submitted() else 200)


@bp.route("/applications")
@trainee_required
def applications():
    """Every application of the trainee, with its stage and the date of each change."""
    mine = db.session.scalars(
        select(Application).where(Application.trainee_id == current_trainee().id)
        .options(selectinload(Application.events), selectinload(Application.slots),
                 selectinload(Application.opening).selectinload(Opening.company).selectinload(Company.agreements))
        .order_by(Application.created_at.desc())).all()
    return render("me/applications.html", applications=mine, rejection_reasons=REJECTION_REASONS)


@bp.route("/applications/<int:application_id>")
@trainee_required
def application(application_id):
    """What the trainee sent: the cover letter, each answer under its question, the resume as sent."""
    from board.domain.offers import current_offer
    application = own_application(application_id)
    return render("me/application.html", application=application, offer=current_offer(application))


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@trainee_required
def withdraw(application_id):
    """Withdraw an application (after a confirmation page) until the company has decided."""
    application = own_application(application_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return render("me/withdraw.html", application=application, form=form,
                      status=422 if form.is_submitted() else 200)
    try:
        move(application, Stage.WITHDRAWN, current_user._get_current_object(), reason=form.reason.data or "")
        db.session.commit()
    except MoveRefused:
        flash(_("This application can no longer be withdrawn: the company has already decided."), "warning")
        return see_other(url_for("me.applications"))
    flash(_("Your application is withdrawn."), "success")
    return see_other(url_for("me.applications"))


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@trainee_required
def edit_application(application_id):
    """Improve an application the committee returned with advice, and send it again."""
    application = own_application(application_id)
    if application.stage != Stage.NEEDS_CHANGES:
        flash(_("Only an application the committee returned with advice can be edited."), "info")
        return see_other(url_for("me.applications"))
    form = apply_form_for(application.opening, data={"cover_letter": application.cover_letter,
                                                     **{f"q{k}": v for k, v in application.answers.items()}})
    if form.validate_on_submit():
        trainee = current_trainee()
        application.cover_letter = form.cover_letter.data
        application.answers = answers_from(form, application.opening)
        if trainee.resume is not None:
            application.resume_id = trainee.resume.id
        try:
            move(application, Stage.SUBMITTED, current_user._get_current_object(), reason="")
            db.session.commit()
        except MoveRefused:
            flash(_("This application can no longer be edited."), "warning")
            return see_other(url_for("me.applications"))
        flash(_("Your improved application is sent to the committee again."), "success")
        return see_other(url_for("me.applications"))
    return render("me/edit_application.html", form=form, application=application,
                  status=422 if form.is_submitted() else 200)


# Interviews: choosing one of the offered times, asking for others, and the calendar file.
from board.domain import interviews
from board.web.company.applications import ics_response
from board.web.company.interview_forms import EmptyForm, OtherTimesForm
from board.models.matching import InterviewSlot


def _own_slot(application, slot_id):
    """The slot if it was offered on this application; 404 otherwise."""
    slot = db.session.get(InterviewSlot, slot_id)
    if slot is None or slot.application_id != application.id:
        abort(404)
    return slot


@bp.route("/applications/<int:application_id>/slots/<int:slot_id>/choose", methods=["POST"])
@trainee_required
def choose_slot(application_id, slot_id):
    """Take one of the offered interview times; only one can ever be chosen."""
    application = own_application(application_id)
    slot = _own_slot(application, slot_id)
    if EmptyForm().validate_on_submit():
        try:
            interviews.choose_slot(application, slot, current_user._get_current_object())
            db.session.commit()
        except interviews.InterviewRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "warning")
            return see_other(url_for("me.applications"))
        flash(_("Your interview time is confirmed. Add it to your calendar with the .ics file."), "success")
    return see_other(url_for("me.applications"))


@bp.route("/applications/<int:application_id>/other-times", methods=["POST"])
@trainee_required
def other_times(application_id):
    """None of the offered times works: tell the company when the trainee could come."""
    application = own_application(application_id)
    form = OtherTimesForm()
    if form.validate_on_submit():
        try:
            interviews.ask_other_times(application, current_user._get_current_object(), form.note.data)
            db.session.commit()
        except interviews.InterviewRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "warning")
            return see_other(url_for("me.applications"))
        flash(_("The company will see that you asked for other times."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "warning")
    return see_other(url_for("me.applications"))


@bp.route("/applications/<int:application_id>/slots/<int:slot_id>.ics")
@trainee_required
def slot_ics(application_id, slot_id):
    """The interview time as a calendar file (.ics)."""
    return ics_response(_own_slot(own_application(application_id), slot_id))
