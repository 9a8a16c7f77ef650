"""Forms for interviews: the times a company offers, an interviewer's feedback, a rejection, and the trainee's answers."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
)

from board.web.forms import no_markup, plain_text, strip
from board.domain.interviews import CRITERIA
from board.models.applications import REJECTION_REASONS

SLOT_ROWS = 3


class SlotRow(Form):
    """One offered time; a row left without a date is ignored."""

    date = DateField(_l("Date"), validators=[Optional()])
    time = TimeField(_l("Time"), validators=[Optional()])
    minutes = IntegerField(_l("Minutes"), default=60, validators=[Optional()])
    place = StringField(_l("Place"), filters=[strip], validators=[Length(max=200), plain_text, no_markup])
    video_url = StringField(_l("Video link"), filters=[strip], validators=[Length(max=300), plain_text],
                            render_kw={"placeholder": "https://"})

    def is_blank(self):
        return not (self.date.data or self.time.data or self.place.data or self.video_url.data)


class SlotsForm(FlaskForm):
    rows = FieldList(FormField(SlotRow), min_entries=SLOT_ROWS, max_entries=SLOT_ROWS)


def _score_field(label):
    return SelectField(label, choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
                       validators=[InputRequired(_l("Score every criterion from 1 to 5."))])


class FeedbackForm(FlaskForm):
    interviewer_name = StringField(_l("Interviewer"), filters=[strip], validators=[
        DataRequired(_l("Enter the interviewer's name (at most 80 characters).")), Length(max=80), plain_text, no_markup])
    skills = _score_field(CRITERIA["skills"])
    communication = _score_field(CRITERIA["communication"])
    problem_solving = _score_field(CRITERIA["problem_solving"])
    fit = _score_field(CRITERIA["fit"])
    note = TextAreaField(_l("Note"), filters=[strip], validators=[
        Length(max=3000, message=_l("Use at most 3,000 characters.")), plain_text, no_markup], render_kw={"rows": 4})

    def scores(self):
        return {key: getattr(self, key).data for key in CRITERIA}


class CompanyRejectForm(FlaskForm):
    rejection_code = SelectField(_l("Reason"), choices=[SelectChoice(k, v) for k, v in REJECTION_REASONS.items()])
    shared_reason = TextAreaField(
        _l("Message for the trainee"), filters=[strip],
        description=_l("Optional. The trainee reads it in the notice and in their list of applications."),
        validators=[Length(max=2000, message=_l("Use at most 2,000 characters.")), plain_text, no_markup],
        render_kw={"rows": 3})


class OtherTimesForm(FlaskForm):
    note = TextAreaField(_l("When could you come?"), filters=[strip], validators=[
        DataRequired(_l("Write when you could come, in at most 1,000 characters.")),
        Length(max=1000, message=_l("Write when you could come, in at most 1,000 characters.")), plain_text, no_markup],
        render_kw={"rows": 2})


class EmptyForm(FlaskForm):
    """CSRF only, for buttons."""
