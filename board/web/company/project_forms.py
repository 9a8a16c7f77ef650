"""The project proposal form a company member fills in."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from board.web.company.opening_forms import MAX_DESCRIPTION, MAX_SKILLS, skills_field
from board.web.forms import no_markup, plain_text, strip, vocabulary_skills

MIN_TEAM, MAX_TEAM = 2, 10


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(_l("Enter a title.")), Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    # NumberRange also refuses an empty value; InputRequired would refuse a stored project re-checked before submit.
    team_size = IntegerField(_l("Team size"), default=5, description=_l("Trainees in the team, from 2 to 10."), validators=[
        NumberRange(min=MIN_TEAM, max=MAX_TEAM, message=_l("Enter a number between 2 and 10."))],
        render_kw={"inputmode": "numeric"})
    skills = skills_field(_l("Skills"))
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("The problem, the data you provide and what a good result looks like. "
                                               "Markdown: **bold**, lists with -, links. HTML is not allowed."),
                                validators=[DataRequired(_l("Describe the project.")),
                                            Length(max=MAX_DESCRIPTION, message=_l("Use at most 20,000 characters.")), no_markup],
                                render_kw={"rows": 12})

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, MAX_SKILLS, _l("Name at most %(max)s skills.", max=MAX_SKILLS))

    def fill(self, project):
        """Copy the form into a project, skills included."""
        project.title = self.title.data
        project.description = self.description.data
        project.team_size = self.team_size.data
        project.skills = list(getattr(self, "skill_rows", []))

    def load(self, project):
        """Fill the form from a project, for editing."""
        self.process(obj=project)
        self.skills.data = ", ".join(s.name for s in project.skills)
