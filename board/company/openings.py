"""The company's openings: draft, submit, edit, duplicate and close."""
from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from board.company import bp
from board.company.opening_forms import OpeningForm
from board.extensions import db
from board.models import Application, Opening, OpeningStatus, Skill, Trainee
from board.pipeline import COMPANY_STAGES, hires, is_filled, passed_to_company
from board.models.openings import TransitionRefused, after_edit, close, duplicate, save_version, submit
from board.security import approved_company_required, company_required
from board.templating import render, see_other

EDITABLE = (OpeningStatus.DRAFT, OpeningStatus.RETURNED, OpeningStatus.SUBMITTED, OpeningStatus.PUBLISHED)


def own_opening(opening_id):
    """The opening if it belongs to the current member's company; 404 for anyone else's."""
    opening = db.session.get(Opening, opening_id, options=[joinedload(Opening.company)])
    if opening is None or opening.company_id != current_user.company_id:
        abort(404)
    return opening


@bp.route("/openings")
@company_required
def openings():
    """All of the company's openings with their state, newest first."""
    status = request.args.get("status", "")
    query = (select(Opening).where(Opening.company_id == current_user.company_id)
             .order_by(Opening.updated_at.desc(), Opening.id.desc()))
    if status in {s.value for s in OpeningStatus}:
        query = query.where(Opening.status == OpeningStatus(status))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(select(Opening.status, func.count()).where(
        Opening.company_id == current_user.company_id).group_by(Opening.status)).all())
    # Applications per stage for the openings on this page, counted in one query; the company
    # sees an application only once the committee has passed it on.
    pipeline = {}
    ids = [o.id for o in page.items]
    if ids:
        for opening_id, stage, n in db.session.execute(
                select(Application.opening_id, Application.stage, func.count())
                .where(Application.opening_id.in_(ids), Application.stage.in_(COMPANY_STAGES))
                .group_by(Application.opening_id, Application.stage)):
            pipeline[opening_id, stage] = n
    return render("company/openings.html", page=page, state=status, counts=counts, statuses=list(OpeningStatus),
                  pipeline=pipeline, stages=COMPANY_STAGES)


def _save(form, opening, creating):
    form.fill(opening)
    if creating:
        db.session.add(opening)
        save_version(opening, current_user._get_current_object())
    else:
        after_edit(opening, current_user._get_current_object())
    db.session.commit()


@bp.route("/openings/new", methods=["GET", "POST"])
@approved_company_required
def new_opening():
    """Draft a new opening; it can be submitted for review at once."""
    form = OpeningForm()
    if form.validate_on_submit():
        opening = Opening(company_id=current_user.company_id, created_by_id=current_user.id)
        _save(form, opening, creating=True)
        if "submit" in request.form:
            submit(opening, current_user._get_current_object())
            db.session.commit()
            flash(_("The opening is submitted. The committee will review it."), "success")
        else:
            flash(_("The draft is saved."), "success")
        return see_other(url_for("company.opening", opening_id=opening.id))
    return render("company/opening_form.html", form=form, opening=None, skills=Skill.all_names(),
                  block="form", status=422 if form.is_submitted() else 200)


@bp.route("/openings/<int:opening_id>/edit", methods=["GET", "POST"])
@approved_company_required
def edit_opening(opening_id):
    """Edit an opening; every saved edit is kept as a version."""
    opening = own_opening(opening_id)
    if opening.status not in EDITABLE:
        flash(_("A closed opening cannot be edited. Duplicate it to post it again."), "warning")
        return see_other(url_for("company.opening", opening_id=opening.id))
    form = OpeningForm()
    if request.method == "GET":
        form.load(opening)
    if form.validate_on_submit():
        was_published = opening.status == OpeningStatus.PUBLISHED
        _save(form, opening, creating=False)
        if "submit" in request.form and opening.status in (OpeningStatus.DRAFT, OpeningStatus.RETURNED):
            submit(opening, current_user._get_current_object())
            db.session.commit()
            flash(_("The opening is submitted. The committee will review it."), "success")
        elif was_published and opening.status == OpeningStatus.SUBMITTED:
            flash(_("Saved. The committee reviews edits to your openings, so this one is off the board until it is approved again."), "info")
        else:
            flash(_("The opening is saved."), "success")
        return see_other(url_for("company.opening", opening_id=opening.id))
    return render("company/opening_form.html", form=form, opening=opening, skills=Skill.all_names(),
                  block="form", status=422 if form.is_submitted() else 200)


@bp.route("/openings/<int:opening_id>")
@company_required
def opening(opening_id):
    """One opening as the company sees it: its state, the committee's reason, its versions."""
    found = own_opening(opening_id)
    applicants = db.session.scalars(
        select(Application).where(Application.opening_id == found.id, passed_to_company())
        .options(joinedload(Application.trainee).joinedload(Trainee.user))
        .order_by(Application.stage_changed_at.desc())).all()
    # Hires count against the headcount; a published opening that is full offers to close.
    hired = hires(found)
    filled = is_filled(found, hired)
    return render("company/opening.html", opening=found, applicants=applicants, hired=hired, filled=filled)


@bp.route("/openings/<int:opening_id>/submit", methods=["POST"])
@approved_company_required
def submit_opening(opening_id):
    """Send a draft or returned opening to the committee."""
    found = own_opening(opening_id)
    # The stored opening must still pass the form's rules (a copied draft may lack a closing date).
    form = OpeningForm(formdata=None, meta={"csrf": False})
    form.load(found)
    if not form.validate():
        flash(_("The opening is not complete yet. Open it, fix the marked fields and submit again."), "warning")
        return see_other(url_for("company.edit_opening", opening_id=found.id))
    try:
        submit(found, current_user._get_current_object())
    except TransitionRefused:
        flash(_("This opening cannot be submitted in its current state."), "warning")
        return see_other(url_for("company.opening", opening_id=found.id))
    db.session.commit()
    flash(_("The opening is submitted. The committee will review it."), "success")
    return see_other(url_for("company.opening", opening_id=found.id))


@bp.route("/openings/<int:opening_id>/close", methods=["GET", "POST"])
@company_required
def close_opening(opening_id):
    """Close an opening after a confirmation page; applications stay."""
    found = own_opening(opening_id)
    if request.method == "GET":
        return render("company/opening_close.html", opening=found)
    try:
        close(found, current_user._get_current_object())
    except TransitionRefused:
        flash(_("This opening is already closed."), "info")
        return see_other(url_for("company.opening", opening_id=found.id))
    db.session.commit()
    flash(_("The opening is closed."), "success")
    return see_other(url_for("company.opening", opening_id=found.id))


@bp.route("/openings/<int:opening_id>/duplicate", methods=["POST"])
@approved_company_required
def duplicate_opening(opening_id):
    """Copy an opening into a new draft."""
    copy = duplicate(own_opening(opening_id), current_user._get_current_object())
    db.session.flush()
    save_version(copy, current_user._get_current_object())
    db.session.commit()
    flash(_("A copy is saved as a draft. Check the closing date before you submit it."), "success")
    return see_other(url_for("company.edit_opening", opening_id=copy.id))
