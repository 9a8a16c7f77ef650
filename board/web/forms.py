"""Pieces shared by the forms of every area."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SearchField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

# The bound lives with the URL converter, below the web layer; forms check submitted ids against it too.
from board.platform.routing import MAX_INT
from board.domain.search import MAX_QUERY
from board.platform.text import INVISIBLE as _INVISIBLE


def strip(value):
    """Filter: surrounding whitespace never matters in a text field."""
    return value.strip() if isinstance(value, str) else value


def int_or_none(value):
    """value as an integer a database column can hold (an id, a version), or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -MAX_INT <= number <= MAX_INT else None


def plain_text(form, field):
    """Validator: no control, zero-width or direction-override characters."""
    value = field.data or ""
    if any(c in _INVISIBLE or (ord(c) < 32 and c not in "\n\r\t") for c in value):
        raise ValidationError(_l("Remove invisible or control characters."))


def new_password_fields():
    """A password with its confirmation, under the board's password rules."""
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a password.")),
            Length(min=10, max=128, message=_l("Use between 10 and 128 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def no_markup(form, field):
    """Validator: HTML tags are refused; text is shown as written (Markdown where a field says so)."""
    if isinstance(field.data, str) and _MARKUP.search(field.data):
        raise ValidationError(_l("HTML tags are not allowed here."))


def vocabulary_skills(field, limit, too_many_message):
    """The Skill rows a comma-separated field names, or a form error naming what is not in the vocabulary."""
    from flask_babel import gettext

    from board.models import Skill

    names = Skill.parse(field.data)
    if len(names) > limit:
        raise ValidationError(too_many_message)
    found, unknown = Skill.lookup(names)
    if unknown:
        # gettext, not the lazy form: a lazy string counts as safe HTML, and these names are the user's.
        raise ValidationError(gettext("Not in the skill list: %(names)s", names=", ".join(unknown)))
    return found


def search_box(placeholder):
    """The search box of a GET filter form: trimmed, plain text, at most MAX_QUERY characters."""
    return SearchField(_l("Search"), filters=[strip], validators=[
        Length(max=MAX_QUERY, message=_l("Use at most %(max)d characters to search.", max=MAX_QUERY)), plain_text],
        render_kw={"placeholder": placeholder, "autocomplete": "off"})
