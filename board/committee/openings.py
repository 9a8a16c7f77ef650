"""The committee's moderation of openings: the queue, the diff, publish or return."""
from flask import current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.committee import bp
from board.committee.forms import ReasonForm
from board.extensions import db
from board.models import Company, Opening, OpeningStatus
from board.models.openings import TransitionRefused, changes, publish, return_to_company, review_baseline
from board.security import committee_required
from board.templating import render, see_other


@bp.route("/openings")
@committee_required
def openings():
    """Submitted openings, oldest first: the moderation queue."""
    query = (select(Opening).where(Opening.status == OpeningStatus.SUBMITTED)
             .options(selectinload(Opening.company).selectinload(Company.agreements))
             .order_by(Opening.submitted_at, Opening.id))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/openings.html", page=page)


def _review_page(opening, form=None, status=200):
    baseline, baseline_kind = review_baseline(opening)
    diff = changes(baseline.content if baseline else None, opening.snapshot())
    return render("committee/opening.html", opening=opening, baseline=baseline, baseline_kind=baseline_kind, diff=diff,
                  form=form or ReasonForm(), status=status)


@bp.route("/openings/<int:opening_id>")
@committee_required
def opening(opening_id):
    """One opening under review, with what changed since the last approved version."""
    found = db.get_or_404(Opening, opening_id)
    return _review_page(found)


@bp.route("/openings/<int:opening_id>/publish", methods=["POST"])
@committee_required
def publish_opening(opening_id):
    """Publish a submitted opening on the board."""
    found = db.get_or_404(Opening, opening_id)
    try:
        publish(found, current_user._get_current_object())
    except TransitionRefused:
        flash(_("This opening is no longer waiting for review; someone may have decided on it already."), "warning")
        return see_other(url_for("committee.opening", opening_id=opening_id))
    db.session.commit()
    flash(_("“%(title)s” is published.", title=found.title), "success")
    return see_other(url_for("committee.openings"))


@bp.route("/openings/<int:opening_id>/return", methods=["POST"])
@committee_required
def return_opening(opening_id):
    """Return a submitted opening to its company with a reason."""
    found = db.get_or_404(Opening, opening_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _review_page(found, form, status=422)
    try:
        return_to_company(found, current_user._get_current_object(), form.reason.data)
    except TransitionRefused:
        flash(_("This opening is no longer waiting for review; someone may have decided on it already."), "warning")
        return see_other(url_for("committee.opening", opening_id=opening_id))
    db.session.commit()
    flash(_("“%(title)s” is returned to the company.", title=found.title), "success")
    return see_other(url_for("committee.openings"))
