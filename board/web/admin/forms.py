"""Forms of the administration area."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError

from board.web.forms import new_password_fields, no_markup, plain_text, strip
from board.models import Role
from board.models.accounts import email_taken


class StaffAccountForm(FlaskForm):
    """A committee member's or administrator's account, created by an administrator."""

    name = StringField(_l("Name"), filters=[strip],
                       validators=[DataRequired(_l("Enter a name.")), Length(max=80, message=_l("Use at most 80 characters.")), plain_text,
                                   no_markup])
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(_l("Enter an email address.")),
                                   Email(_l("Enter a valid email address."), check_deliverability=False), Length(max=254)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, r.label) for r in (Role.COMMITTEE, Role.ADMIN)],
                       validate_choice=True)
    password, confirm = new_password_fields()

    def validate_email(self, field):
        if email_taken(field.data):
            raise ValidationError(_l("An account with this email already exists."))
