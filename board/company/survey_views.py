"""The company's side of hiring-demand surveys: answer a round, and correct the answer until its deadline."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from board.models.types import board_today
from board.company import bp
from board.company.survey_forms import MAX_ROWS, MIN_ROWS, SurveyAnswerForm
from board.extensions import db
from board.models import HiringTiming, JobRole, Skill, SurveyResponse, SurveyRound, SurveyRow
from board.models.types import utcnow
from board.security import approved_company_required
from board.templating import render, see_other


@bp.route("/surveys")
@approved_company_required
def surveys():
    """Open rounds first (nearest deadline first), then past ones, each with our answer's state."""
    rounds = db.session.execute(
        select(SurveyRound, SurveyResponse.updated_at)
        .outerjoin(SurveyResponse, and_(SurveyResponse.round_id == SurveyRound.id,
                                        SurveyResponse.company_id == current_user.company_id))
        .order_by(SurveyRound.deadline.desc(), SurveyRound.id.desc())
    ).all()
    today = board_today()
    open_rounds = [r for r in reversed(rounds) if r[0].is_open(today)]
    past_rounds = [r for r in rounds if not r[0].is_open(today)]
    return render("company/surveys/index.html", open_rounds=open_rounds, past_rounds=past_rounds)


def _own_response(round_id, lock=False):
    """This company's answer to the round, or None; the company comes from the session, never the URL."""
    query = (select(SurveyResponse)
             .where(SurveyResponse.round_id == round_id, SurveyResponse.company_id == current_user.company_id)
             .options(selectinload(SurveyResponse.rows).selectinload(SurveyRow.skills)))
    if lock:
        # Two members saving at once would otherwise delete the same old rows twice (PostgreSQL);
        # populate_existing reloads rows read before the lock was granted.
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def _replace_rows(survey, form):
    """Put the form's rows in place of the company's earlier ones, in the current transaction."""
    response = _own_response(survey.id, lock=True)
    if response is None:
        response = SurveyResponse(round_id=survey.id, company_id=current_user.company_id)
        db.session.add(response)
    response.rows = [
        SurveyRow(job_role=JobRole(row.job_role.data), headcount=row.headcount.data,
                  timing=HiringTiming(row.timing.data), skills=list(row.skill_rows))
        for row in form.filled()
    ]
    response.updated_at = utcnow()
    response.updated_by_id = current_user.id


def _save(survey, form):
    """Save the answer in one transaction; if another member's first answer won the race, replace that one."""
    try:
        _replace_rows(survey, form)
        db.session.commit()
    except IntegrityError:
        # The unique (round, company) answer was created meanwhile by a colleague: replace its rows instead.
        db.session.rollback()
        _replace_rows(survey, form)
        db.session.commit()


@bp.route("/surveys/<int:round_id>", methods=["GET", "POST"])
@approved_company_required
def survey(round_id):
    """Answer a round, or correct the answer; after the deadline the answer is shown read-only."""
    found = db.session.get(SurveyRound, round_id)
    if found is None:
        abort(404)
    response = _own_response(round_id)
    context = {"survey": found, "response": response}
    if not found.is_open(board_today()):
        # The block itself says why nothing changed, so the message reaches htmx and plain forms alike.
        refused = request.method == "POST"
        return render("company/surveys/answer.html", form=None, refused=refused, block="form",
                      status=409 if refused else 200, **context)

    context.update(skills=Skill.all_names(), max_rows=MAX_ROWS)
    form = SurveyAnswerForm()
    if request.method == "GET":
        form.load(response.rows if response else [])
    elif "add_row" in request.form:
        # "Add a row" posts what was typed so far and shows it again, one row longer; nothing is saved.
        form.add_rows(len(form.rows) + 1)
        return render("company/surveys/answer.html", form=form, block="form", **context)
    elif form.validate_on_submit():
        _save(found, form)
        flash(_("Your answer to %(title)s is saved. You can correct it until the deadline.", title=found.title), "success")
        return see_other(url_for("company.surveys"))
    status = 422 if form.is_submitted() else 200
    form.add_rows(MIN_ROWS)
    return render("company/surveys/answer.html", form=form, block="form", status=status, **context)
