"""Forms of the committee's hiring-demand surveys (채용수요 조사)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from board.web.forms import plain_text, strip
from board.models.types import board_today


class SurveyRoundForm(FlaskForm):
    """A new survey round: its title, the last day companies may answer, and a note for them."""

    # Titles are shown escaped as written, so markup is harmless and not refused here.
    title = StringField(_l("Title"), filters=[strip], description=_l("For example 2026 하반기"), validators=[
        DataRequired(_l("Enter a title.")), Length(max=80, message=_l("Use at most 80 characters.")), plain_text])
    deadline = DateField(_l("Deadline"), description=_l("Companies can answer and correct their answer until the end of this day."),
                         validators=[DataRequired(_l("Choose the last day for answers."))])
    note = TextAreaField(_l("Note for companies"), filters=[strip], render_kw={"rows": 5}, validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), plain_text])

    def validate_deadline(self, field):
        if field.data < board_today():
            raise ValidationError(_l("The deadline is in the past."))
