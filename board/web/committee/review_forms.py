"""Forms for the committee's match moderation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from board.web.forms import no_markup, plain_text, strip
from board.models.applications import REJECTION_REASONS


class _Versioned(FlaskForm):
    # The version the reviewer saw: a decision on a card someone else moved meanwhile is refused.
    version = HiddenField(validators=[Regexp(r"^\d{1,9}$", message=_l(
        "This page is out of date. Reload it and decide again."))])


class PassForm(_Versioned):
    pass


class AdviceForm(_Versioned):
    advice = TextAreaField(_l("Advice for the trainee"), filters=[strip], validators=[
        DataRequired(_l("Write what the trainee should improve.")),
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text], render_kw={"rows": 4})


class RejectForm(_Versioned):
    code = SelectField(_l("Reason"), choices=[SelectChoice(k, v) for k, v in REJECTION_REASONS.items()])
    note = TextAreaField(_l("Note for the trainee"), filters=[strip], validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text], render_kw={"rows": 3})
