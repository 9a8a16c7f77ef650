"""Korean first, English second: which language and time zone a page is rendered in."""
from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from board.platform.extensions import babel

# The board's name as the layout shows it and as mail from the board is signed.
BOARD_NAME = _l("AI Academy Partner Board")


def select_locale():
    """An explicit choice in this browser, then the account's setting, then Korean."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
