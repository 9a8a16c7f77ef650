"""A company's workspace."""
from flask import Blueprint

bp = Blueprint("company", __name__, url_prefix="/company")

from board.web.company import applications, openings, views  # noqa: E402,F401
from board.web.company import survey_views  # noqa: E402,F401
from board.web.company import projects  # noqa: E402,F401
from board.web.company import pipeline  # noqa: E402,F401
from board.web.company import talent  # noqa: E402,F401
from board.web.company import lunchdays  # noqa: E402,F401
from board.web.company import offers  # noqa: E402,F401
from board.web.company import exports  # noqa: E402,F401
