"""A trainee's own pages."""
from flask import Blueprint

bp = Blueprint("me", __name__, url_prefix="/me")

from board.web.me import applications, views  # noqa: E402,F401
from board.web.me import profile  # noqa: E402,F401
from board.web.me import proposals  # noqa: E402,F401
from board.web.me import lunchdays  # noqa: E402,F401
from board.web.me import offers  # noqa: E402,F401
