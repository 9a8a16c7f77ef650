"""The employment committee's workspace."""
from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/committee")

from board.committee import views  # noqa: E402,F401
