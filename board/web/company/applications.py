"""The company's view of an application the committee passed on: the trainee, their letter and resume."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.web.company import bp
from board.platform.extensions import db
from board.models import Application, Opening, Trainee
from board.domain.pipeline import passed_to_company
from board.web.security import company_required
from board.platform.templating import render


def company_application(application_id):
    """The application if it is to one of the member's openings and the committee passed it on; 404 otherwise."""
    application = db.session.scalar(
        select(Application).join(Opening, Opening.id == Application.opening_id)
        .where(Application.id == application_id, Opening.company_id == current_user.company_id, passed_to_company())
        # What the page shows, in this one query.
        .options(joinedload(Application.trainee).joinedload(Trainee.user),
                 joinedload(Application.trainee).joinedload(Trainee.cohort), joinedload(Application.resume),
                 joinedload(Application.opening).joinedload(Opening.company)))
    if application is None:
        abort(404)
    return application


@bp.route("/applications/<int:application_id>")
@company_required
def application(application_id):
    """One applicant: contact details (from 서류 검토 on), profile, letter, answers and the resume as sent.

    Gender and region are never shown to companies.
    """
    return render("company/application.html", application=company_application(application_id))


# Interviews: the times offered, feedback and the rejection notice (domain rules in board/domain/interviews.py).
from flask import Response, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user as _current_user

from board.domain import interviews
from board.web.company.interview_forms import CompanyRejectForm, FeedbackForm, SlotsForm
from board.models import Stage
from board.models.matching import InterviewSlot
from board.domain.pipeline import MoveRefused
from board.domain.pipeline import reject as reject_application
from board.web.security import approved_company_required
from board.platform.templating import see_other


@bp.app_context_processor
def _interview_helpers():
    """Templates of every area (company, trainee, committee) read slots and feedback through these."""
    return {"interview_slots": interviews.slots_of, "interview_feedback": interviews.feedback_of,
            "interview_criteria": interviews.CRITERIA, "interview_form": _blank_form}


def _blank_form(kind):
    """A fresh interview form for the application page, whichever view rendered it."""
    return {"slots": SlotsForm, "feedback": FeedbackForm, "reject": CompanyRejectForm}[kind](formdata=None)


def _interview_page(application, status=200, **forms):
    """The application page with the interview forms, some of them carrying errors."""
    return render("company/application.html", application=application, status=status, **forms)


def _back(application):
    return see_other(url_for("company.application", application_id=application.id) + "#interview")


@bp.route("/applications/<int:application_id>/slots", methods=["POST"])
@approved_company_required
def offer_slots(application_id):
    """Offer up to three interview times (date and time in Seoul, length, place or video link)."""
    application = company_application(application_id)
    if application.stage != Stage.INTERVIEW:
        flash(_("Interview times can be offered only at the interview stage."), "warning")
        return _back(application)
    form = SlotsForm()
    if form.validate_on_submit():
        rows = [(i, row.form) for i, row in enumerate(form.rows) if not row.form.is_blank()]
        slots = [{"starts_at": interviews.seoul_time(r.date.data, r.time.data) if r.date.data and r.time.data else None,
                  "minutes": r.minutes.data, "place": r.place.data, "video_url": r.video_url.data} for _i, r in rows]
        try:
            interviews.offer_slots(application, _current_user, slots)
            db.session.commit()
        except interviews.InterviewRefused as refused:
            db.session.rollback()
            for index, name, message in refused.errors:
                getattr(rows[index][1], name).errors.append(message)
            flash(str(refused.message), "warning")
            return _interview_page(application, status=422, slots_form=form)
        flash(_("The interview times are offered; the trainee chooses one."), "success")
        return _back(application)
    return _interview_page(application, status=422, slots_form=form)


@bp.route("/applications/<int:application_id>/feedback", methods=["POST"])
@approved_company_required
def record_feedback(application_id):
    """Record (or replace) the signed-in member's feedback as interviewer: four scores and a note."""
    application = company_application(application_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            interviews.record_feedback(application, _current_user, form.interviewer_name.data, form.scores(),
                                       form.note.data)
            db.session.commit()
        except interviews.InterviewRefused as refused:
            db.session.rollback()
            flash(str(refused.message), "warning")
            return _interview_page(application, status=422, feedback_form=form)
        flash(_("The feedback is saved; the committee can read it."), "success")
        return _back(application)
    return _interview_page(application, status=422, feedback_form=form)


@bp.route("/applications/<int:application_id>/reject", methods=["POST"])
@approved_company_required
def reject(application_id):
    """Reject with a reason code and, if the company wishes, a message the trainee reads; the trainee is told by mail."""
    application = company_application(application_id)
    form = CompanyRejectForm()
    if not form.validate_on_submit():
        return _interview_page(application, status=422, reject_form=form)
    try:
        reject_application(application, _current_user._get_current_object(), form.rejection_code.data,
                           form.shared_reason.data)
        db.session.commit()
    except MoveRefused:
        db.session.rollback()
        flash(_("That decision is not possible at “%(stage)s”.", stage=application.stage.label), "warning")
        return _back(application)
    flash(_("The application is rejected and the trainee has been notified."), "success")
    return _back(application)


@bp.route("/applications/<int:application_id>/slots/<int:slot_id>.ics")
@company_required
def slot_ics(application_id, slot_id):
    """The interview time as a calendar file, for the company's own calendar."""
    application = company_application(application_id)
    slot = db.session.get(InterviewSlot, slot_id)
    if slot is None or slot.application_id != application.id:
        abort(404)
    return ics_response(slot)


def ics_response(slot):
    """A slot's .ics as a download."""
    return Response(interviews.calendar(slot), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="interview-{slot.id}.ics"'})
