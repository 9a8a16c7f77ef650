"""Forms of the company workspace."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from board.web.accounts.forms import check_registration_number
from board.web.forms import no_markup, plain_text, strip


class ProfileForm(FlaskForm):
    description = TextAreaField(
        _l("About the company"), filters=[strip],
        validators=[Length(max=5000, message=_l("Use at most 5,000 characters.")), plain_text, no_markup],
        render_kw={"rows": 8},
    )
    website = URLField(
        _l("Website"), filters=[strip],
        validators=[Optional(), Length(max=300), URL(require_tld=True, message=_l("Enter a web address that starts with https://"))],
        render_kw={"placeholder": "https://"},
    )

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Enter a web address that starts with https://"))


class RegistrationForm(FlaskForm):
    """What a returned company corrects before it asks for approval again."""

    company_name = StringField(
        _l("Company name"), filters=[strip],
        validators=[DataRequired(_l("Enter the company name.")), Length(max=100, message=_l("Use at most 100 characters.")),
                    plain_text, no_markup],
    )
    registration_number = StringField(_l("Business registration number"), filters=[strip],
                                      description=_l("10 digits, for example 123-45-67890"),
                                      validators=[DataRequired(_l("Enter the business registration number."))])

    def __init__(self, *args, company_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_id = company_id

    def validate_registration_number(self, field):
        check_registration_number(field.data, self.company_id)


class InviteForm(FlaskForm):
    email = EmailField(_l("Colleague's work email"), filters=[strip], validators=[
        DataRequired(_l("Enter an email address.")), Email(_l("Enter a valid email address."), check_deliverability=False),
        Length(max=254)])
    # Whether the email has an account is not checked here: the answer must not tell (board/domain/signup.py).
