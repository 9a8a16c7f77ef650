"""Forms of the company workspace."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField, URLField
from wtforms.validators import Length, Optional, URL

from board.forms import plain_text, strip


class ProfileForm(FlaskForm):
    description = TextAreaField(
        _l("About the company"), filters=[strip],
        validators=[Length(max=5000, message=_l("Use at most 5,000 characters.")), plain_text],
        render_kw={"rows": 8},
    )
    website = URLField(
        _l("Website"), filters=[strip],
        validators=[Optional(), Length(max=300), URL(require_tld=True, message=_l("Enter a web address that starts with https://"))],
        render_kw={"placeholder": "https://"},
    )

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            from wtforms.validators import ValidationError
            raise ValidationError(_l("Enter a web address that starts with https://"))
