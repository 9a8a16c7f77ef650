"""The committee's moderation of postings (openings and projects): the queue, the review with its diff, the decision.

`moderation_routes(bp, Opening)` adds a kind's four pages, named after the kind (committee.openings,
committee.opening, committee.publish_opening, committee.return_opening); the words that differ by kind are here.
"""

from flask import current_app, flash, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.web.committee.forms import ReasonForm
from board.platform.extensions import db
from board.models import Company, OpeningStatus
from board.web.security import committee_required
from board.domain.postings import TransitionRefused, changes, publish, return_to_company, review_baseline
from board.platform.templating import render, see_other

DECIDED_ALREADY = {
    "opening": _l("This opening is no longer waiting for review; someone may have decided on it already."),
    "project": _l("This project is no longer waiting for review; someone may have decided on it already."),
}


def queue(model):
    """Submitted postings of one kind, oldest first: the moderation queue."""
    query = (select(model).where(model.status == OpeningStatus.SUBMITTED)
             .options(selectinload(model.company).selectinload(Company.agreements))
             .order_by(model.submitted_at, model.id))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/postings.html", page=page, kind=model.kind)


def review_page(posting, form=None, status=200):
    """One posting under review, with what changed since the version to compare with."""
    baseline, baseline_kind = review_baseline(posting)
    diff = changes(baseline.content if baseline else None, posting.snapshot())
    return render(f"committee/{posting.kind}.html", status=status, baseline=baseline, baseline_kind=baseline_kind,
                  diff=diff, form=form or ReasonForm(), **{posting.kind: posting})


def _decided_already(posting):
    flash(str(DECIDED_ALREADY[posting.kind]), "warning")
    return see_other(url_for(f"committee.{posting.kind}", **{f"{posting.kind}_id": posting.id}))


def decide_publish(model, posting_id):
    """Publish a submitted posting on the board."""
    found = db.get_or_404(model, posting_id)
    try:
        publish(found, current_user._get_current_object())
    except TransitionRefused:
        return _decided_already(found)
    db.session.commit()
    flash(str(_l("“%(title)s” is published.", title=found.title)), "success")
    return see_other(url_for(f"committee.{model.__tablename__}"))


def decide_return(model, posting_id):
    """Return a submitted posting to its company with a reason."""
    found = db.get_or_404(model, posting_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return review_page(found, form, status=422)
    try:
        return_to_company(found, current_user._get_current_object(), form.reason.data)
    except TransitionRefused:
        return _decided_already(found)
    db.session.commit()
    flash(str(_l("“%(title)s” is returned to the company.", title=found.title)), "success")
    return see_other(url_for(f"committee.{model.__tablename__}"))


def moderation_routes(bp, model):
    """Add the queue, the review page and the two decisions of one kind of posting to the committee's blueprint."""
    kind, many = model.kind, model.__tablename__
    key = f"{kind}_id"  # the URL's argument, as url_for and the templates name it

    def listed():
        return queue(model)

    def review(**url):
        return review_page(db.get_or_404(model, url[key]))

    def publish_view(**url):
        return decide_publish(model, url[key])

    def return_view(**url):
        return decide_return(model, url[key])

    listed.__doc__ = f"Submitted {many}, oldest first: the moderation queue."
    review.__doc__ = f"One {kind} under review, with what changed since the version to compare with."
    publish_view.__doc__ = f"Publish a submitted {kind} on the board."
    return_view.__doc__ = f"Return a submitted {kind} to its company with a reason."
    for rule, endpoint, view, methods in [
        (f"/{many}", many, listed, ["GET"]),
        (f"/{many}/<int:{key}>", kind, review, ["GET"]),
        (f"/{many}/<int:{key}>/publish", f"publish_{kind}", publish_view, ["POST"]),
        (f"/{many}/<int:{key}>/return", f"return_{kind}", return_view, ["POST"]),
    ]:
        bp.add_url_rule(rule, endpoint, committee_required(view), methods=methods)
