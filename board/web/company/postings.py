"""What the company's pages for openings and projects share: the list, saving an edit, submitting.

The kinds differ in their form, their pages and their words, given here per kind; the moves are
board/domain/postings.py's.
"""

from flask import current_app, flash, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import OpeningStatus
from board.domain.postings import EDITABLE, TransitionRefused, after_edit, save_version, submit
from board.models import Skill
from board.platform.templating import render, see_other

MESSAGES = {
    "opening": {
        "submitted": _l("The opening is submitted. The committee will review it."),
        "refused": _l("This opening cannot be submitted in its current state."),
        "incomplete": _l("The opening is not complete yet. Open it, fix the marked fields and submit again."),
        "closed": _l("A closed opening cannot be edited. Duplicate it to post it again."),
        "back_to_review": _l("Saved. The committee reviews edits to your openings, so this one is off the board until it is approved again."),
        "saved": _l("The opening is saved."),
    },
    "project": {
        "submitted": _l("The project is submitted. The committee will review it."),
        "refused": _l("This project cannot be submitted in its current state."),
        "incomplete": _l("The project is not complete yet. Open it, fix the marked fields and submit again."),
        "closed": _l("A closed project cannot be edited."),
        "back_to_review": _l("Saved. The committee reviews every edit of a published project, so this one is off the board until it is approved again."),
        "saved": _l("The project is saved."),
    },
}


def _say(posting, key, category):
    flash(str(MESSAGES[posting.kind][key]), category)


def _actor():
    return current_user._get_current_object()


def _page_of(posting):
    return see_other(url_for(f"company.{posting.kind}", **{f"{posting.kind}_id": posting.id}))


def listing(model):
    """The company's postings of one kind, last changed first, filtered by ?status=, with counts per state."""
    status = request.args.get("status", "")
    query = (select(model).where(model.company_id == current_user.company_id)
             .order_by(model.updated_at.desc(), model.id.desc()))
    if status in {s.value for s in OpeningStatus}:
        query = query.where(model.status == OpeningStatus(status))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(select(model.status, func.count()).where(
        model.company_id == current_user.company_id).group_by(model.status)).all())
    return {"page": page, "state": status, "counts": counts, "statuses": list(OpeningStatus)}


def form_page(form_class, posting):
    """The page to write a new posting (one not yet stored) or edit one: save on a valid POST, else the form.

    Renders company/<kind>_form.html, whose "form" block is the htmx answer; 422 with the errors marked.
    """
    creating = posting.id is None
    if not creating:
        refused = closed_to_edits(posting)
        if refused:
            return refused
    form = form_class()
    if request.method == "GET" and not creating:
        form.load(posting)
    if form.validate_on_submit():
        return save(form, posting, creating)
    return render(f"company/{posting.kind}_form.html", form=form, skills=Skill.all_names(), block="form",
                  status=422 if form.is_submitted() else 200, **{posting.kind: None if creating else posting})


def closed_to_edits(posting):
    """A redirect with a word if the posting can no longer be edited, else None."""
    if posting.status in EDITABLE:
        return None
    _say(posting, "closed", "warning")
    return _page_of(posting)


def save(form, posting, creating):
    """Save the form into the posting, keeping a version, and submit it when the member asked to.

    Commits the edit first, so a refused submission (someone moved the posting meanwhile) keeps the
    edit and says why it was not submitted.
    """
    was_published = posting.status == OpeningStatus.PUBLISHED
    form.fill(posting)
    if creating:
        posting.company_id, posting.created_by_id = current_user.company_id, current_user.id
        db.session.add(posting)
        save_version(posting, _actor())
    else:
        after_edit(posting, _actor())
    db.session.commit()
    if "submit" in request.form and posting.status in (OpeningStatus.DRAFT, OpeningStatus.RETURNED):
        return _submit(posting)
    if creating:
        flash(str(_l("The draft is saved.")), "success")
    elif was_published and posting.status == OpeningStatus.SUBMITTED:
        _say(posting, "back_to_review", "info")
    else:
        _say(posting, "saved", "success")
    return _page_of(posting)


def submit_stored(posting, form_class):
    """Submit a posting as it is stored, if it still passes its form's rules (a copied draft may not)."""
    form = form_class(formdata=None, meta={"csrf": False})
    form.load(posting)
    if not form.validate():
        _say(posting, "incomplete", "warning")
        return see_other(url_for(f"company.edit_{posting.kind}", **{f"{posting.kind}_id": posting.id}))
    return _submit(posting)


def _submit(posting):
    """Submit the posting; a refusal (someone moved it meanwhile) is said, not raised."""
    try:
        submit(posting, _actor())
    except TransitionRefused:
        _say(posting, "refused", "warning")
        return _page_of(posting)
    db.session.commit()
    _say(posting, "submitted", "success")
    return _page_of(posting)
