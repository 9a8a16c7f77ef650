"""The committee's hiring-demand surveys: open a round, see who has answered and the demand in numbers."""
from flask import current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from board.domain import surveys as surveys_domain
from board.web.committee import bp
from board.platform.database import unit_of_work
from board.web.committee.survey_forms import SurveyRoundForm
from board.models.types import board_today
from board.platform.extensions import db
from board.models import Company, CompanyStatus, Skill, SurveyResponse, SurveyRound, SurveyRow, User
from board.models.surveys import survey_row_skills
from board.web.security import committee_required
from board.platform.templating import render, see_other

# Figures count the answers of approved companies only: a suspended company's answer is
# kept, but it is not recruiting through the board, and "answered" must match "of all approved".
APPROVED = Company.status == CompanyStatus.APPROVED


def _approved_count():
    return db.session.scalar(select(func.count()).select_from(Company).where(APPROVED))


def _answered_counts(round_ids):
    """{round id: number of approved companies that answered}, in one grouped query."""
    if not round_ids:
        return {}
    rows = db.session.execute(
        select(SurveyResponse.round_id, func.count(SurveyResponse.id))
        .join(Company, Company.id == SurveyResponse.company_id)
        .where(SurveyResponse.round_id.in_(round_ids), APPROVED)
        .group_by(SurveyResponse.round_id)
    ).all()
    return dict(rows)


@bp.route("/surveys")
@committee_required
def surveys():
    """All survey rounds, newest first, with how many approved companies have answered."""
    query = select(SurveyRound).order_by(SurveyRound.created_at.desc(), SurveyRound.id.desc())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    answered = _answered_counts([r.id for r in page.items])
    return render("committee/surveys/index.html", page=page, answered=answered, total=_approved_count(),
                  today=board_today())


@bp.route("/surveys/new", methods=["GET", "POST"])
@committee_required
def new_survey():
    """Open a survey round that approved companies answer until its deadline."""
    form = SurveyRoundForm()
    if form.validate_on_submit():
        with unit_of_work():
            survey = surveys_domain.open_round(form.title.data, form.deadline.data, form.note.data,
                                               current_user._get_current_object())
        flash(_("The survey %(title)s is open to approved companies.", title=survey.title), "success")
        return see_other(url_for("committee.survey", round_id=survey.id))
    status = 422 if form.is_submitted() else 200
    return render("committee/surveys/new.html", form=form, block="form", status=status)


def _answered(round_id):
    """Approved companies that answered: name, when, and the headcount they plan in total."""
    return db.session.execute(
        select(Company.id, Company.name, SurveyResponse.updated_at, func.sum(SurveyRow.headcount).label("headcount"))
        .join(SurveyResponse, SurveyResponse.company_id == Company.id)
        .outerjoin(SurveyRow, SurveyRow.response_id == SurveyResponse.id)
        .where(SurveyResponse.round_id == round_id, APPROVED)
        .group_by(Company.id, Company.name, SurveyResponse.id, SurveyResponse.updated_at)
        .order_by(Company.name, Company.id)
    ).all()


def _not_answered(round_id):
    """Approved companies with no answer to the round yet."""
    answered = select(SurveyResponse.id).where(
        SurveyResponse.round_id == round_id, SurveyResponse.company_id == Company.id)
    return db.session.execute(
        select(Company.id, Company.name).where(APPROVED, ~answered.exists()).order_by(Company.name, Company.id)
    ).all()


def _approved_rows(query, round_id):
    """query, starting from SurveyRow, narrowed to the round's rows from approved companies."""
    return (query.join(SurveyResponse, SurveyResponse.id == SurveyRow.response_id)
            .join(Company, Company.id == SurveyResponse.company_id)
            .where(SurveyResponse.round_id == round_id, APPROVED))


def _totals_by_role(round_id):
    """Planned headcount and number of companies per job role, largest first."""
    headcount = func.sum(SurveyRow.headcount)
    query = select(SurveyRow.job_role, headcount.label("headcount"),
                   func.count(func.distinct(SurveyResponse.company_id)).label("companies")).select_from(SurveyRow)
    return db.session.execute(
        _approved_rows(query, round_id).group_by(SurveyRow.job_role).order_by(headcount.desc(), SurveyRow.job_role)
    ).all()


def _totals_by_skill(round_id):
    """Planned headcount of the rows that ask for each skill, largest first."""
    headcount = func.sum(SurveyRow.headcount)
    query = (select(Skill.name, headcount.label("headcount"),
                    func.count(func.distinct(SurveyResponse.company_id)).label("companies"))
             .select_from(SurveyRow)
             .join(survey_row_skills, survey_row_skills.c.row_id == SurveyRow.id)
             .join(Skill, Skill.id == survey_row_skills.c.skill_id))
    return db.session.execute(
        _approved_rows(query, round_id).group_by(Skill.id, Skill.name).order_by(headcount.desc(), Skill.name)
    ).all()


@bp.route("/surveys/<int:round_id>")
@committee_required
def survey(round_id):
    """One round: who has not answered, who has and when, and planned headcount by role and by skill."""
    found = db.get_or_404(SurveyRound, round_id)
    by_role = _totals_by_role(round_id)
    return render(
        "committee/surveys/detail.html", survey=found, today=board_today(),
        opened_by=db.session.get(User, found.created_by_id) if found.created_by_id else None,
        answered=_answered(round_id), not_answered=_not_answered(round_id),
        by_role=by_role, by_skill=_totals_by_skill(round_id),
        headcount=sum(row.headcount for row in by_role),
    )
