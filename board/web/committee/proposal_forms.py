"""Forms for proposing matches and deciding companies' requests to meet."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SearchField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, ValidationError

from board.web.forms import MAX_INT, no_markup, plain_text, strip

MAX_NAME_QUERY = 80


class TraineeSearchForm(FlaskForm):
    """The name search on the proposal page; a GET form that changes nothing."""

    class Meta:
        csrf = False

    opening = HiddenField()
    q = SearchField(_l("Trainee name"), filters=[strip], validators=[
        Length(max=MAX_NAME_QUERY, message=_l("Use at most %(max)d characters to search.", max=MAX_NAME_QUERY)), plain_text],
        render_kw={"autocomplete": "off"})


class ProposalForm(FlaskForm):
    trainee = IntegerField(_l("Trainee"), validators=[DataRequired(_l("Choose a trainee to propose.")),
                                                      NumberRange(min=1, max=MAX_INT, message=_l("Choose a trainee to propose."))])
    note = TextAreaField(_l("Note for the trainee and the company"), filters=[strip], validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text],
        description=_l("Why this trainee fits the opening; the company reads it as the cover letter."),
        render_kw={"rows": 4})


class MeetDecisionForm(FlaskForm):
    decision = StringField(validators=[AnyOf(["approve", "decline"], message=_l("Choose approve or decline."))])
    reason = TextAreaField(_l("Reason"), filters=[strip], validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text], render_kw={"rows": 2})

    def validate_reason(self, field):
        if self.decision.data == "decline" and not field.data:
            raise ValidationError(_l("Say why the request is declined."))
