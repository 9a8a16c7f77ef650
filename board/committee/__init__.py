"""The employment committee's workspace."""
from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/committee")

from board.committee import companies, openings, review, views  # noqa: E402,F401
from board.committee import survey_views  # noqa: E402,F401
from board.committee import rosters  # noqa: E402,F401
from board.committee import projects  # noqa: E402,F401
from board.committee import outcomes  # noqa: E402,F401
from board.committee import pipeline  # noqa: E402,F401
from board.committee import proposals  # noqa: E402,F401
from board.committee import lunchdays  # noqa: E402,F401
from board.committee import roster_export  # noqa: E402,F401
from board.committee import reports  # noqa: E402,F401
from board.committee import hires  # noqa: E402,F401
