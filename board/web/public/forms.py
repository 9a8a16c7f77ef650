"""The public pages' forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length

from board.web.forms import plain_text, strip
from board.domain.search import MAX_QUERY


class ProjectSearch(FlaskForm):
    """The public list's search box; it lives in the URL so a search can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(
        _l("Search"),
        filters=[strip],
        validators=[
            Length(max=MAX_QUERY, message=_l("Use at most %(max)d characters to search.", max=MAX_QUERY)),
            plain_text,
        ],
        render_kw={"placeholder": _l("Title, company, problem…"), "autocomplete": "off"},
    )
