"""Match moderation: the committee reads each new application and passes it on, returns it with advice, or rejects it."""
from flask import abort, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from board.web.committee import bp
from board.web.committee.review_forms import AdviceForm, PassForm, RejectForm
from board.platform.extensions import db
from board.web.forms import int_or_none
from board.models import Application, Opening, OpeningSkill, Stage, Trainee
from board.models.trainees import trainee_skills
from board.domain.pipeline import MoveRefused, move
from board.domain.pipeline import reject as reject_application
from board.web.security import committee_required
from board.platform.templating import render, see_other

WAITING = (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW)


def skill_overlap(application_ids):
    """{application id: (skills the trainee has that the opening asks for, skills the opening asks for)}, in two queries."""
    asked = dict(db.session.execute(
        select(Application.id, func.count(OpeningSkill.skill_id))
        .join(OpeningSkill, OpeningSkill.opening_id == Application.opening_id)
        .where(Application.id.in_(application_ids)).group_by(Application.id)).all())
    matched = dict(db.session.execute(
        select(Application.id, func.count(OpeningSkill.skill_id))
        .join(OpeningSkill, OpeningSkill.opening_id == Application.opening_id)
        .join(trainee_skills, (trainee_skills.c.trainee_id == Application.trainee_id)
              & (trainee_skills.c.skill_id == OpeningSkill.skill_id))
        .where(Application.id.in_(application_ids)).group_by(Application.id)).all())
    return {i: (matched.get(i, 0), asked.get(i, 0)) for i in application_ids}


@bp.route("/review")
@committee_required
def review_queue():
    """New applications waiting for the committee, oldest first, with a skill-overlap score."""
    query = (select(Application).where(Application.stage.in_(WAITING))
             .options(selectinload(Application.trainee).selectinload(Trainee.user),
                      selectinload(Application.opening).selectinload(Opening.company))
             .order_by(Application.created_at, Application.id))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/review.html", page=page, overlap=skill_overlap([a.id for a in page.items]))


def _review_page(application, status=200, **forms):
    forms.setdefault("pass_form", PassForm(version=application.version))
    forms.setdefault("advice_form", AdviceForm(version=application.version))
    forms.setdefault("reject_form", RejectForm(version=application.version))
    return render("committee/review_application.html", application=application,
                  overlap=skill_overlap([application.id])[application.id], waiting=application.stage in WAITING,
                  status=status, **forms)


@bp.route("/review/<int:application_id>")
@committee_required
def review(application_id):
    """One application with the trainee's profile and the opening, and the committee's three choices."""
    # The page shows the trainee, their cohort, class and resume, the opening and its company: one query.
    application = db.session.get(Application, application_id, options=[
        joinedload(Application.trainee).joinedload(Trainee.user), joinedload(Application.trainee).joinedload(Trainee.cohort),
        joinedload(Application.trainee).joinedload(Trainee.cohort_class), joinedload(Application.resume),
        joinedload(Application.opening).joinedload(Opening.company)])
    if application is None:
        abort(404)
    return _review_page(application)


def _decide(application, to_stage, form, done, reason="", changes=None, decide=None):
    """Apply the decision unless someone decided first; flash done and go back to the queue.

    decide(application, actor, expected_version) makes the decision when it is more than a move (a rejection).
    """
    # A missing, unreadable or absurd version never matches, so the decision is refused, not crashed.
    expected = int_or_none(form.version.data) or -1
    actor = current_user._get_current_object()
    try:
        for name, value in (changes or {}).items():
            setattr(application, name, value)
        if decide is not None:
            decide(application, actor, expected)
        else:
            move(application, to_stage, actor, reason=reason, expected_version=expected)
        db.session.commit()
    except MoveRefused as refused:
        db.session.rollback()
        current = db.session.get(Application, application.id)
        if refused.reason == "stale":
            flash(_("Someone decided on this application while you were reading it; it is now at “%(stage)s”.",
                    stage=current.stage.label), "warning")
        else:
            flash(_("That decision is not possible at “%(stage)s”.", stage=current.stage.label), "warning")
        return see_other(url_for("committee.review", application_id=application.id))
    flash(done, "success")
    return see_other(url_for("committee.review_queue"))


@bp.route("/review/<int:application_id>/pass", methods=["POST"])
@committee_required
def pass_on(application_id):
    """Pass the application to the company (서류 검토)."""
    application = db.get_or_404(Application, application_id)
    form = PassForm()
    if not form.validate_on_submit():
        flash(_("This page is out of date. Reload it and decide again."), "warning")
        return _review_page(application, status=422, pass_form=form)
    return _decide(application, Stage.COMPANY_REVIEW, form,
                   done=_("Passed to %(company)s.", company=application.opening.company.name))


@bp.route("/review/<int:application_id>/return", methods=["POST"])
@committee_required
def return_with_advice(application_id):
    """Send the application back to the trainee with advice; they may edit and resubmit."""
    application = db.get_or_404(Application, application_id)
    form = AdviceForm()
    if not form.validate_on_submit():
        return _review_page(application, status=422, advice_form=form)
    return _decide(application, Stage.NEEDS_CHANGES, form, reason=form.advice.data,
                   changes={"advice": form.advice.data},
                   done=_("Returned to %(name)s with your advice.", name=application.trainee.user.name))


@bp.route("/review/<int:application_id>/reject", methods=["POST"])
@committee_required
def reject(application_id):
    """Reject the application with a reason from the list and an optional note."""
    application = db.get_or_404(Application, application_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review_page(application, status=422, reject_form=form)
    return _decide(application, Stage.REJECTED, form,
                   decide=lambda found, actor, expected: reject_application(
                       found, actor, form.code.data, form.note.data, expected_version=expected),
                   done=_("The application is rejected; %(name)s sees the reason.", name=application.trainee.user.name))
