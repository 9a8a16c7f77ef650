"""Forms for the talent pool: its filters and a request to meet a trainee."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from board.web.forms import no_markup, plain_text, search_box, strip, vocabulary_skills

CLASSES = range(1, 7)


class TalentFilters(FlaskForm):
    """The talent pool's filters; they live in the URL so a filtered pool can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = search_box(_l("Headline, project…"))
    skills = StringField(_l("Skills"), filters=[strip], validators=[Length(max=300)],
                         render_kw={"list": "skill-vocabulary", "placeholder": "Python, PyTorch"})
    cohort = SelectField(_l("Cohort"), default="")
    klass = SelectField(_l("Class"), default="",
                        choices=[SelectChoice("", _l("All classes"))] + [
                            SelectChoice(str(n), _l("Class %(number)s", number=n)) for n in CLASSES])

    def __init__(self, *args, cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort.choices = [SelectChoice("", _l("All cohorts"))] + [
            SelectChoice(str(c.number), _l("Cohort %(number)s", number=c.number)) for c in cohorts]

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, 10, _l("Name at most %(max)s skills.", max=10))


class MeetRequestForm(FlaskForm):
    message = TextAreaField(_l("Message to the committee and the trainee"), filters=[strip], validators=[
        DataRequired(_l("Say why you would like to meet this trainee.")),
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text],
        description=_l("The committee reads it before it passes on the trainee's contact details."),
        render_kw={"rows": 5})
