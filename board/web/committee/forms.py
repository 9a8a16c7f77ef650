"""Forms for the committee's decisions on companies and openings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from board.web.forms import no_markup, plain_text, strip
from board.models import CompanyKind


def reason_field(label=_l("Reason")):
    return TextAreaField(label, filters=[strip], validators=[
        DataRequired(_l("Write the reason; the company will read it.")),
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text], render_kw={"rows": 4})


class ApproveCompanyForm(FlaskForm):
    # No kind is preselected: a default the committee leaves as it is would skew the counts by kind.
    kind = SelectField(_l("Kind of company"), default="", validate_choice=True,
                       choices=[SelectChoice("", _l("Choose one"))] + [SelectChoice(k.value, k.label) for k in CompanyKind],
                       validators=[InputRequired(_l("Choose the kind of company."))])


class ReasonForm(FlaskForm):
    """Returning a registration or an opening, or suspending a company: always with a reason."""

    reason = reason_field()


class AgreementForm(FlaskForm):
    signed_on = DateField(_l("Signed on"), validators=[InputRequired(_l("Enter the date the agreement was signed."))])
    ends_on = DateField(_l("Runs until"), validators=[Optional()])
    renewal_on = DateField(_l("Renewal date"), validators=[Optional()])
    pledged_interviews = IntegerField(_l("Interviews pledged per cohort"), default=0, validators=[
        InputRequired(_l("Enter a number (0 if none).")), NumberRange(min=0, max=500, message=_l("Enter a number between 0 and 500."))])
    pledged_hires = IntegerField(_l("Hires pledged per cohort"), default=0, validators=[
        InputRequired(_l("Enter a number (0 if none).")), NumberRange(min=0, max=500, message=_l("Enter a number between 0 and 500."))])
    note = TextAreaField(_l("Note"), filters=[strip], validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text], render_kw={"rows": 3})

    def validate_ends_on(self, field):
        if field.data and self.signed_on.data and field.data < self.signed_on.data:
            raise ValidationError(_l("The end date is before the signing date."))

    def validate_renewal_on(self, field):
        if field.data and self.signed_on.data and field.data < self.signed_on.data:
            raise ValidationError(_l("The renewal date is before the signing date."))


class ReviewEditsForm(FlaskForm):
    review_edits = BooleanField(_l("Review every edit of this company's published openings"))

    def validate_review_edits(self, field):
        # The checkbox sends "y" or nothing; anything else is a forged form, not a yes.
        if field.raw_data and field.raw_data[0] not in ("y", "on"):
            raise ValidationError(_l("Tick the box or leave it empty."))
