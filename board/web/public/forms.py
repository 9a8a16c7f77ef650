"""The public pages' forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from board.models import CareerLevel, EmploymentType, JobRole
from board.web.forms import search_box, strip, vocabulary_skills
from board.domain.search import OpeningFilters

REGIONS = ["광주", "전남", "전북", "서울", "경기"]


def _choices(enum_cls, blank):
    return [SelectChoice("", blank)] + [SelectChoice(m.value, m.label) for m in enum_cls]


class BoardFilters(FlaskForm):
    """The board's search and filters; they live in the URL so a filtered board can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = search_box(_l("Title, company, skill…"))
    role = SelectField(_l("Job role"), choices=_choices(JobRole, _l("All job roles")), default="")
    type = SelectField(_l("Employment type"), choices=_choices(EmploymentType, _l("All types")), default="")
    career = SelectField(_l("Career level"), choices=_choices(CareerLevel, _l("All career levels")), default="")
    region = SelectField(_l("Workplace"), choices=[SelectChoice("", _l("Anywhere"))] + [SelectChoice(r, r) for r in REGIONS], default="")
    skills = StringField(_l("Skills"), filters=[strip], validators=[Length(max=300)],
                         render_kw={"list": "skill-vocabulary", "placeholder": "Python, PyTorch"})
    partner = BooleanField(_l("Partner companies only"))
    closing = BooleanField(_l("Closing within 7 days"))

    skill_rows = ()

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, 10, _l("Name at most %(max)s skills.", max=10))

    def criteria(self):
        """The validated form as the domain's OpeningFilters (empty choices filter nothing)."""
        return OpeningFilters(
            q=self.q.data or "",
            role=JobRole(self.role.data) if self.role.data else None,
            type=EmploymentType(self.type.data) if self.type.data else None,
            career=CareerLevel(self.career.data) if self.career.data else None,
            region=self.region.data or "",
            skill_ids=tuple(skill.id for skill in self.skill_rows),
            partner=bool(self.partner.data),
            closing=bool(self.closing.data),
        )


class ProjectSearch(FlaskForm):
    """The public list's search box; it lives in the URL so a search can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = search_box(_l("Title, company, problem…"))
