"""Forms for cohorts, roster uploads and trainee status."""
import os
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from board.platform.extensions import db
from board.models import Cohort, TraineeStatus
from board.domain.roster import MAX_BYTES, RosterError, read_roster


def _count(label, message, default, maximum=100_000):
    return IntegerField(label, default=default, validators=[InputRequired(message), NumberRange(
        min=0, max=maximum, message=_l("Enter a number between 0 and %(max)s.", max=f"{maximum:,}"))])


class CohortForm(FlaskForm):
    """A cohort's record; checks the number is free and the figures add up."""

    number = IntegerField(_l("Cohort number"), validators=[
        InputRequired(_l("Enter the cohort number.")), NumberRange(min=1, max=999, message=_l("Enter a number between 1 and 999."))])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(_l("Enter the first day of training."))])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired(_l("Enter the last day of training."))])
    applicants = _count(_l("Applicants"), _l("Enter the number of applicants (0 if not known yet)."), 0)
    selected = _count(_l("Selected trainees"), _l("Enter the number of selected trainees."), 180)
    hours = IntegerField(_l("Training hours"), validators=[
        Optional(), NumberRange(min=1, max=5000, message=_l("Enter a number between 1 and 5,000."))])
    completed = IntegerField(_l("Completed the course"), description=_l("Leave empty until the cohort has finished."),
                             validators=[Optional(), NumberRange(min=0, max=100_000, message=_l("Enter a number of 0 or more."))])

    def __init__(self, *args, cohort_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort_id = cohort_id

    def validate_number(self, field):
        if field.errors:  # out of range: not a number to look up
            return
        taken = db.session.scalar(select(Cohort.id).where(Cohort.number == field.data))
        if taken is not None and taken != self.cohort_id:
            raise ValidationError(_l("Cohort %(number)s already exists.", number=field.data))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("The last day must come after the first day."))

    def validate_selected(self, field):
        if field.data is not None and self.applicants.data is not None and field.data > self.applicants.data:
            raise ValidationError(_l("More trainees selected than applied: check both numbers."))

    def validate_completed(self, field):
        if field.data is not None and self.selected.data is not None and field.data > self.selected.data:
            raise ValidationError(_l("More trainees completed than were selected."))


def _filename(name):
    """The name to show for an upload: no folders, no control characters, within the column's 120 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    if len(name) > 120:
        stem, extension = os.path.splitext(name)
        name = stem[:120 - len(extension[:10])] + extension[:10]  # keep .csv or .xlsx: it decides how the file is read
    return name or "roster"


class RosterUploadForm(FlaskForm):
    """A roster file; reading it here means a file that cannot be used is refused before anything is stored."""

    file = FileField(_l("Roster file (CSV or XLSX)"), validators=[FileRequired(_l("Choose a CSV or XLSX file."))],
                     description=_l("Columns 이름, 이메일, 반 (1–6 or 1반), 지역 and optionally 전화; English headers "
                                    "name, email, class, region, phone work too. At most 2 MB and 1,000 rows."),
                     render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})

    filename = ""
    content = b""

    def validate_file(self, field):
        self.filename = _filename(field.data.filename)
        # One byte more than allowed is enough to know the file is too large.
        self.content = field.data.read(MAX_BYTES + 1)
        try:
            read_roster(self.filename, self.content)
        except RosterError as error:
            raise ValidationError(error.message) from error


class TraineeStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(s.value, s.label) for s in TraineeStatus],
                         validate_choice=True)
