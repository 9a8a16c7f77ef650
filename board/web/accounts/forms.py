"""Forms for signing in, passwords and company sign-up."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from board.platform.extensions import db
from board.web.forms import new_password_fields, no_markup, plain_text, strip
from board.models import Company
from board.models.companies import registration_number_is_valid

EMAIL_REQUIRED = DataRequired(_l("Enter your email address."))
EMAIL_VALID = Email(_l("Enter a valid email address."), check_deliverability=False)


def check_registration_number(number, company_id=None):
    """Raise a form error unless number is a valid 사업자등록번호 not used by another company."""
    check_registration_number_format(number)
    digits = "".join(c for c in number if c.isdigit())
    taken = db.session.scalar(select(Company.id).where(Company.registration_number == digits))
    if taken is not None and taken != company_id:
        raise ValidationError(_l("This company is already registered. Ask a colleague to invite you."))


def check_registration_number_format(number):
    if not registration_number_is_valid(number):
        raise ValidationError(_l("This is not a valid business registration number. Check the 10 digits."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[EMAIL_REQUIRED, Length(max=254)],
                       render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip], validators=[EMAIL_REQUIRED, EMAIL_VALID, Length(max=254)],
                       render_kw={"autocomplete": "email"})


class ResetForm(FlaskForm):
    password, confirm = new_password_fields()


class CompanySignupForm(FlaskForm):
    company_name = StringField(
        _l("Company name"), filters=[strip],
        validators=[DataRequired(_l("Enter the company name.")), Length(max=100, message=_l("Use at most 100 characters.")), plain_text,
                    no_markup],
    )
    registration_number = StringField(
        _l("Business registration number"), filters=[strip],
        description=_l("10 digits, for example 123-45-67890"),
        validators=[DataRequired(_l("Enter the business registration number."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    name = StringField(
        _l("Your name"), filters=[strip],
        validators=[DataRequired(_l("Enter your name.")), Length(max=80, message=_l("Use at most 80 characters.")), plain_text,
                    no_markup],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(_l("Work email"), filters=[strip], validators=[EMAIL_REQUIRED, EMAIL_VALID, Length(max=254)],
                       render_kw={"autocomplete": "email"})

    # Only the number's form is checked here: whether it (or the email) is registered already
    # is told by mail, never on the page (board/domain/signup.py).
    def validate_registration_number(self, field):
        check_registration_number_format(field.data)


class CompleteSignupForm(FlaskForm):
    """The emailed sign-up link: the first member chooses a password."""

    password, confirm = new_password_fields()


class AcceptInvitationForm(FlaskForm):
    name = StringField(
        _l("Your name"), filters=[strip],
        validators=[DataRequired(_l("Enter your name.")), Length(max=80, message=_l("Use at most 80 characters.")), plain_text,
                    no_markup],
        render_kw={"autocomplete": "name"},
    )
    password, confirm = new_password_fields()
