"""Signing in and out, passwords, and company sign-up."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)


def signed_in_home():
    """The home of whoever is signed in on this browser, or None: joining links offer to stay there."""
    from flask import url_for
    from flask_login import current_user

    from board.web.security import home_for

    return url_for(home_for(current_user)) if current_user.is_authenticated else None


from board.web.accounts import views  # noqa: E402,F401
from board.web.accounts import welcome  # noqa: E402,F401
