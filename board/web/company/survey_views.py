"""The company's side of hiring-demand surveys: answer a round, and correct the answer until its deadline."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from board.models.types import board_today
from board.domain import surveys as surveys_domain
from board.web.company import bp
from board.platform.database import unit_of_work
from board.web.company.survey_forms import MAX_ROWS, MIN_ROWS, SurveyAnswerForm
from board.platform.extensions import db
from board.models import HiringTiming, JobRole, Skill, SurveyResponse, SurveyRound, SurveyRow
from board.web.security import approved_company_required
from board.platform.templating import render, see_other


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


def _own_response(round_id):
    """This company's answer to the round, or None; the company comes from the session, never the URL."""
    return db.session.scalar(select(SurveyResponse)
                             .where(SurveyResponse.round_id == round_id,
                                    SurveyResponse.company_id == current_user.company_id)
                             .options(selectinload(SurveyResponse.rows).selectinload(SurveyRow.skills)))


def _demands(form):
    """The form's filled rows as the domain's answer rows."""
    return [surveys_domain.Demand(JobRole(row.job_role.data), row.headcount.data, HiringTiming(row.timing.data),
                                  list(row.skill_rows))
            for row in form.filled()]


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
        try:
            with unit_of_work():
                surveys_domain.save_answer(found, current_user.company_id, current_user._get_current_object(),
                                           _demands(form))
        except surveys_domain.SurveyRefused:
            # The deadline passed while the form was open: the read-only block says why.
            return render("company/surveys/answer.html", form=None, refused=True, block="form", status=409,
                          survey=found, response=_own_response(round_id))
        flash(_("Your answer to %(title)s is saved. You can correct it until the deadline.", title=found.title), "success")
        return see_other(url_for("company.surveys"))
    status = 422 if form.is_submitted() else 200
    form.add_rows(MIN_ROWS)
    return render("company/surveys/answer.html", form=form, block="form", status=status, **context)
