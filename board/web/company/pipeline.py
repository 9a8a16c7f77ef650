"""The company's pipeline board: its own openings' applications from 서류 검토 on, a column per stage."""
from flask import Response, flash, request, url_for
from flask_login import current_user

from board.web.company import bp
from board.web.company.applications import company_application
from board.platform.extensions import db
from board.models import Stage
from board.domain.pipeline_board import COMPANY_COLUMNS, company_scope, load_board, more_column
from board.web.pipeline_forms import MoveForm, move_from_form, move_message
from board.web.security import approved_company_required, company_required
from board.platform.templating import render, see_other, wants_fragment

TEMPLATE = "company/pipeline.html"


def _board(**options):
    """The company's board; a trainee's name and the opening are all a card shows of the applicant."""
    return load_board(current_user.role, COMPANY_COLUMNS, company_scope(current_user.company_id), **options)


@bp.route("/pipeline")
@company_required
def pipeline():
    """The applicants the committee passed on, by stage, the longest-waiting first."""
    return render(TEMPLATE, board=_board(more=more_column(request.args.get("more"))), outcome=None, block="board")


@bp.route("/pipeline/<int:application_id>/move", methods=["POST"])
@approved_company_required
def pipeline_move(application_id):
    """Move one card; 404 for another company's application or one the committee has not passed on."""
    application = company_application(application_id)
    form = MoveForm()
    if form.to.data == Stage.OFFER.value and form.validate_on_submit():
        # 합격 is an offer with its terms: the move leads to the offer form, it is never made from a card.
        target = url_for("company.make_offer", application_id=application.id)
        if wants_fragment():
            return Response(status=204, headers={"HX-Redirect": target})
        return see_other(target)
    outcome = move_from_form(application, form, current_user._get_current_object())
    if outcome.result == "moved":
        db.session.commit()
    else:
        db.session.rollback()
    if outcome.result == "moved" and not wants_fragment():
        flash(move_message(outcome), "success")
        return see_other(url_for("company.pipeline"))
    board = _board(only=outcome.columns(COMPANY_COLUMNS) if wants_fragment() else None,
                   focus=outcome.application.id, failed=(application.id, form) if outcome.result == "invalid" else None)
    return render(TEMPLATE, board=board, outcome=outcome, outcome_message=move_message(outcome), block="moved",
                  status=outcome.status)
