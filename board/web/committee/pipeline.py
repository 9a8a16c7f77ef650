"""The committee's pipeline board: every company's applications, a column per stage, filters in the URL."""
from urllib.parse import parse_qs, urlsplit

from flask import flash, request, url_for
from flask_login import current_user
from sqlalchemy import false

from board.web.committee import bp
from board.platform.extensions import db
from board.models import Application
from board.domain.pipeline_board import COMMITTEE_COLUMNS, load_board, more_column
from board.web.pipeline_forms import MoveForm, PipelineFilters, move_from_form, move_message
from board.web.security import committee_required
from board.platform.templating import render, see_other, wants_fragment

TEMPLATE = "committee/pipeline.html"


def _filters():
    """The filters from the URL and whether they are valid; invalid ones give an empty board and their errors."""
    filters = PipelineFilters(formdata=request.args).load_choices()
    return filters, filters.validate()


def _redrawn_selects():
    """The filter selects an htmx answer redraws out of band: those whose options follow a filter
    changed since the page was drawn (HX-Current-URL). Redrawing all on every change would send
    a cohort's ~1,000 companies or all 1,668 classes (60-70 KB) each time at national scale."""
    if not wants_fragment():
        return set()
    shown = parse_qs(urlsplit(request.headers.get("HX-Current-URL", "")).query)
    changed = {name for name in ("cohort", "company_q", "company")
               if shown.get(name, [""])[0] != request.args.get(name, "")}
    redrawn = {"cohort_class", "company"} if "cohort" in changed else set()
    if "company_q" in changed:
        redrawn.add("company")
    if "company" in changed:
        redrawn.add("opening")
    return redrawn


def _board(filters, valid, **options):
    return load_board(current_user.role, COMMITTEE_COLUMNS, filters.clauses() if valid else [false()],
                      stale=valid and filters.stale.data, committee=True, args=filters.args() if valid else {},
                      **options)


@bp.route("/pipeline")
@committee_required
def pipeline():
    """The pipeline board: a column per stage, a card per application, the longest-waiting first."""
    filters, valid = _filters()
    board = _board(filters, valid, more=more_column(request.args.get("more")))
    return render(TEMPLATE, board=board, filters=filters, outcome=None, block="board", status=200 if valid else 422,
                  redrawn=_redrawn_selects())


@bp.route("/pipeline/<int:application_id>/move", methods=["POST"])
@committee_required
def pipeline_move(application_id):
    """Move one card; htmx gets the two changed columns and a message, a plain form a redirect back."""
    application = db.get_or_404(Application, application_id)
    form = MoveForm()
    outcome = move_from_form(application, form, current_user._get_current_object())
    if outcome.result == "moved":
        db.session.commit()
    else:
        db.session.rollback()
    filters, valid = _filters()
    if outcome.result == "moved" and not wants_fragment():
        flash(move_message(outcome), "success")
        return see_other(url_for("committee.pipeline", **(filters.args() if valid else {})))
    # A refused move shows the board as it is now, with the card where it really stands.
    board = _board(filters, valid, only=outcome.columns(COMMITTEE_COLUMNS) if wants_fragment() else None,
                   focus=outcome.application.id, failed=(application.id, form) if outcome.result == "invalid" else None)
    return render(TEMPLATE, board=board, filters=filters, outcome=outcome, outcome_message=move_message(outcome),
                  block="moved", status=outcome.status)
