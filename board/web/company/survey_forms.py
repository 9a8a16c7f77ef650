"""The answer form of a hiring-demand survey: rows of role, skills, headcount and timing."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation

from board.web.forms import plain_text, strip, vocabulary_skills
from board.models import HiringTiming, JobRole

MAX_ROWS = 10
# Rows shown on a fresh form; "Add a row" adds more up to MAX_ROWS.
MIN_ROWS = 3
MAX_SKILLS = 10
MIN_HEADCOUNT, MAX_HEADCOUNT = 1, 500


def _choices(enum_cls, blank):
    # A blank first option, so an untouched row can be told from a filled one.
    return [SelectChoice("", blank)] + [SelectChoice(m.value, m.label) for m in enum_cls]


def headcount_range(form, field):
    """Validator: a whole number of people within the range, with one message whatever was typed."""
    if not (field.raw_data and field.raw_data[0].strip()):
        field.errors[:] = []
        raise StopValidation(_l("Enter how many people you plan to hire."))
    if field.data is None or not MIN_HEADCOUNT <= field.data <= MAX_HEADCOUNT:
        # Replaces WTForms' own "Not a valid integer value." so the person reads one clear message.
        field.errors[:] = []
        raise StopValidation(_l("Enter a whole number between %(low)s and %(high)s.", low=MIN_HEADCOUNT, high=MAX_HEADCOUNT))


class RowForm(Form):
    """One row of an answer; a row left completely blank is ignored."""

    job_role = SelectField(_l("Job role"), choices=_choices(JobRole, _l("Choose a role")),
                           validators=[DataRequired(_l("Choose a job role."))])
    skills = StringField(_l("Skills"), filters=[strip],
                         description=_l("Separate skills with commas, for example Python, PyTorch"),
                         validators=[DataRequired(_l("Name at least one skill.")),
                                     Length(max=600, message=_l("Use at most 600 characters.")), plain_text],
                         render_kw={"list": "skill-vocabulary", "autocomplete": "off"})
    headcount = IntegerField(_l("Planned headcount"), validators=[headcount_range],
                             render_kw={"min": MIN_HEADCOUNT, "max": MAX_HEADCOUNT, "inputmode": "numeric"})
    timing = SelectField(_l("When"), choices=_choices(HiringTiming, _l("Choose when")),
                         validators=[DataRequired(_l("Choose when you plan to hire."))])

    skill_rows = ()

    def is_blank(self):
        """True when nothing was entered in the row (it is then skipped, not refused)."""
        typed = self.headcount.raw_data[0].strip() if self.headcount.raw_data else ""
        return not (self.job_role.data or self.skills.data or typed or self.timing.data)

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True
        return super().validate(extra_validators)

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, MAX_SKILLS, _l("Name at most %(max)s skills in a row.", max=MAX_SKILLS))


class SurveyAnswerForm(FlaskForm):
    """A company's whole answer to one round."""

    rows = FieldList(FormField(RowForm), min_entries=MIN_ROWS, max_entries=MAX_ROWS)

    def filled(self):
        """The rows that were filled in, in the order they were entered."""
        return [entry.form for entry in self.rows if not entry.form.is_blank()]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.filled():
            self.form_errors.append(_l("Fill in at least one row."))
            return False
        return valid

    def load(self, rows):
        """Show a saved answer's rows, with one blank row after them for another role."""
        self.add_rows(len(rows) + 1)
        for entry, row in zip(self.rows, rows):
            entry.form.job_role.data = row.job_role.value
            entry.form.skills.data = ", ".join(s.name for s in row.skills)
            entry.form.headcount.data = row.headcount
            entry.form.timing.data = row.timing.value

    def add_rows(self, wanted):
        """Grow the form to wanted rows, never past MAX_ROWS."""
        while len(self.rows) < min(wanted, MAX_ROWS):
            self.rows.append_entry()
