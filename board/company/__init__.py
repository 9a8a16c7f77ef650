"""A company's workspace."""
from flask import Blueprint

bp = Blueprint("company", __name__, url_prefix="/company")

from board.company import applications, openings, views  # noqa: E402,F401
from board.company import survey_views  # noqa: E402,F401
from board.company import projects  # noqa: E402,F401
from board.company import pipeline  # noqa: E402,F401
from board.company import talent  # noqa: E402,F401
from board.company import lunchdays  # noqa: E402,F401
from board.company import offers  # noqa: E402,F401
