"""The employment committee's workspace."""
from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/committee")

from board.web.committee import companies, openings, review, views  # noqa: E402,F401
from board.web.committee import survey_views  # noqa: E402,F401
from board.web.committee import rosters  # noqa: E402,F401
from board.web.committee import projects  # noqa: E402,F401
from board.web.committee import outcomes  # noqa: E402,F401
from board.web.committee import pipeline  # noqa: E402,F401
from board.web.committee import proposals  # noqa: E402,F401
from board.web.committee import lunchdays  # noqa: E402,F401
from board.web.committee import roster_export  # noqa: E402,F401
from board.web.committee import reports  # noqa: E402,F401
from board.web.committee import hires  # noqa: E402,F401
