"""Finding openings on the board: the filter form and the query it builds."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms import BooleanField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from board.extensions import db
from board.models.types import board_today
from board.forms import strip, vocabulary_skills
from board.models import Agreement, Application, CareerLevel, Company, EmploymentType, JobRole, Opening, OpeningSkill, Skill
from board.models.trainees import trainee_skills

REGIONS = ["광주", "전남", "전북", "서울", "경기"]
MAX_QUERY = 100


def _choices(enum_cls, blank):
    return [SelectChoice("", blank)] + [SelectChoice(m.value, m.label) for m in enum_cls]


class BoardFilters(FlaskForm):
    """The board's search and filters; they live in the URL so a filtered board can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Search"), filters=[strip], validators=[
        Length(max=MAX_QUERY, message=_l("Use at most %(max)d characters to search.", max=MAX_QUERY))],
        render_kw={"placeholder": _l("Title, company, skill…"), "autocomplete": "off"})
    role = SelectField(_l("Job role"), choices=_choices(JobRole, _l("All roles")), default="")
    type = SelectField(_l("Employment type"), choices=_choices(EmploymentType, _l("All types")), default="")
    career = SelectField(_l("Career level"), choices=_choices(CareerLevel, _l("Any career")), default="")
    region = SelectField(_l("Workplace"), choices=[SelectChoice("", _l("Anywhere"))] + [SelectChoice(r, r) for r in REGIONS], default="")
    skills = StringField(_l("Skills"), filters=[strip], validators=[Length(max=300)],
                         render_kw={"list": "skill-vocabulary", "placeholder": "Python, PyTorch"})
    partner = BooleanField(_l("Partner companies only"))
    closing = BooleanField(_l("Closing within 7 days"))

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, 10, _l("Name at most %(max)s skills.", max=10))


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def board_query(filters, today=None):
    """Open openings matching valid filters, newest first, with what the cards show loaded."""
    today = today or board_today()
    query = (select(Opening).join(Company).where(Opening.open_clause(today))
             .options(contains_eager(Opening.company).selectinload(Company.agreements),
                      selectinload(Opening.skill_links))
             .order_by(Opening.published_at.desc(), Opening.id.desc()))
    data = filters.data
    if data.get("q"):
        pattern = _like(data["q"].lower())
        skill_match = exists().where(OpeningSkill.opening_id == Opening.id, OpeningSkill.skill_id == Skill.id,
                                     func.lower(Skill.name).like(pattern, escape="\\"))
        query = query.where(or_(func.lower(Opening.title).like(pattern, escape="\\"),
                                func.lower(Opening.description).like(pattern, escape="\\"),
                                func.lower(Company.name).like(pattern, escape="\\"), skill_match))
    if data.get("role"):
        query = query.where(Opening.job_role == JobRole(data["role"]))
    if data.get("type"):
        query = query.where(Opening.employment_type == EmploymentType(data["type"]))
    if data.get("career"):
        query = query.where(Opening.career_level == CareerLevel(data["career"]))
    if data.get("region"):
        query = query.where(Opening.workplace.like(_like(data["region"])[1:], escape="\\"))
    for skill in getattr(filters, "skill_rows", []):
        query = query.where(exists().where(OpeningSkill.opening_id == Opening.id, OpeningSkill.skill_id == skill.id))
    if data.get("partner"):
        query = query.where(exists().where(Agreement.company_id == Company.id))
    if data.get("closing"):
        query = query.where(Opening.deadline.is_not(None), Opening.deadline <= today + timedelta(days=7))
    return query


def recommended_for(trainee, limit=5, today=None):
    """Open openings ranked by how many of the trainee's skills they ask for; none applied to yet."""
    overlap = func.count(OpeningSkill.skill_id).label("overlap")
    ranked = (select(Opening.id, overlap).join(Company)
              .join(OpeningSkill, OpeningSkill.opening_id == Opening.id)
              .join(trainee_skills, (trainee_skills.c.skill_id == OpeningSkill.skill_id)
                    & (trainee_skills.c.trainee_id == trainee.id))
              .where(Opening.open_clause(today),
                     ~exists().where(Application.opening_id == Opening.id, Application.trainee_id == trainee.id))
              .group_by(Opening.id).order_by(overlap.desc(), Opening.id.desc()).limit(limit)).subquery()
    return db.session.scalars(
        select(Opening).join(ranked, ranked.c.id == Opening.id).join(Company)
        .options(contains_eager(Opening.company).selectinload(Company.agreements), selectinload(Opening.skill_links))
        .order_by(ranked.c.overlap.desc(), Opening.id.desc())).all()
