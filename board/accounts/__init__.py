"""Signing in and out, passwords, and company sign-up."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from board.accounts import views  # noqa: E402,F401
from board.accounts import welcome  # noqa: E402,F401
