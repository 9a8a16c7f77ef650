"""The company's openings: draft, submit, edit, duplicate and close."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from board.web.company import bp
from board.web.company import postings as posting_pages
from board.web.company.opening_forms import OpeningForm
from board.platform.extensions import db
from board.models import Application, Opening, Trainee
from board.models.openings import duplicate
from board.web.ownership import own_posting
from board.domain.pipeline import COMPANY_STAGES, hires, is_filled, passed_to_company
from board.domain.postings import TransitionRefused, close, save_version
from board.web.security import approved_company_required, company_required
from board.platform.templating import render, see_other


def own_opening(opening_id):
    """The opening if it belongs to the current member's company; 404 for anyone else's."""
    return own_posting(Opening, opening_id, options=[joinedload(Opening.company)])


@bp.route("/openings")
@company_required
def openings():
    """All of the company's openings with their state, newest first."""
    listed = posting_pages.listing(Opening)
    # Applications per stage for the openings on this page, counted in one query; the company
    # sees an application only once the committee has passed it on.
    pipeline = {}
    ids = [o.id for o in listed["page"].items]
    if ids:
        for opening_id, stage, n in db.session.execute(
                select(Application.opening_id, Application.stage, func.count())
                .where(Application.opening_id.in_(ids), Application.stage.in_(COMPANY_STAGES))
                .group_by(Application.opening_id, Application.stage)):
            pipeline[opening_id, stage] = n
    return render("company/openings.html", pipeline=pipeline, stages=COMPANY_STAGES, **listed)


@bp.route("/openings/new", methods=["GET", "POST"])
@approved_company_required
def new_opening():
    """Draft a new opening; it can be submitted for review at once."""
    return posting_pages.form_page(OpeningForm, Opening())


@bp.route("/openings/<int:opening_id>/edit", methods=["GET", "POST"])
@approved_company_required
def edit_opening(opening_id):
    """Edit an opening; every saved edit is kept as a version."""
    return posting_pages.form_page(OpeningForm, own_opening(opening_id))


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
    return posting_pages.submit_stored(own_opening(opening_id), OpeningForm)


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
