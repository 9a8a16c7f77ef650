"""Administration: accounts and settings."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from board.web.admin import outbox, views  # noqa: E402,F401
