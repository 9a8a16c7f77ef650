"""The public board: the front page, openings, projects and company pages."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from board.web.public import views  # noqa: E402,F401
from board.web.public import resumes  # noqa: E402,F401
from board.web.public import discovery  # noqa: E402,F401
