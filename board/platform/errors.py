"""Error pages that match the layout, for people and for htmx, and that render without the database."""
import logging
import time

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from board.platform.extensions import db, login_manager
from board.platform.templating import render

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. If you submitted a form, reload the page and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (_l("Too large"), _l("What you sent is larger than the board accepts.")),
    415: (_l("Not a form"), _l("The board accepts forms sent from its own pages.")),
    422: (_l("Check your input"), _l("Some of what you entered could not be accepted.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("The board hit an error and did not save your last action. Please try again in a moment.")),
    503: (_l("Briefly unavailable"), _l("The board is briefly unavailable. If you sent a form, check afterwards whether it was saved. Please try again in a moment.")),
}

# A database server that is down, restarting or out of connections: the board is back when it is.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError)
RETRY_AFTER_SECONDS = 10
LOG_UNREACHABLE_EVERY = 60  # seconds: one line per minute, not one per request, while it lasts
_last_logged = [0.0]


def render_error(code, description=None):
    """The error page; an htmx request that swaps part of a page gets only the message, not a second layout."""
    title, message = MESSAGES.get(code, (_l("Error"), description or ""))
    return render("errors/error.html", block="fragment", status=code, code=code, title=title, message=message)


def _as_visitor():
    """Render what follows without touching the database again.

    The layout shows the signed-in person, whose row comes from the database; when that is
    what failed, loading it for the error page fails a second time and Werkzeug's bare
    English page is all that is left. The person stays signed in: only this answer shows
    them as a visitor. The language comes from the session, as for everyone.
    """
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection may be gone with the server)
        pass
    g._login_user = login_manager.anonymous_user()  # what Flask-Login keeps for the request


def database_unreachable(error):
    """503 with Retry-After and a "try again in a moment" page, in the person's language."""
    now = time.monotonic()
    if now - _last_logged[0] > LOG_UNREACHABLE_EVERY:
        _last_logged[0] = now
        log.warning("Database unreachable, answering 503: %s", error)
    _as_visitor()
    body, status = render_error(503)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def init_app(app):
    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.code not in MESSAGES:
            return error
        response = render_error(error.code)
        if error.code == 429:
            return response[0], 429, {"Retry-After": "300"}
        return response

    for kind in DATABASE_UNREACHABLE:
        app.register_error_handler(kind, database_unreachable)

    @app.errorhandler(500)
    def _server_error(error):
        original = getattr(error, "original_exception", None)
        if isinstance(original, DATABASE_UNREACHABLE):
            # Raised outside a view (by a response hook loading the signed-in person).
            return database_unreachable(original)
        try:
            db.session.rollback()
            return render_error(500)
        except Exception:  # noqa: BLE001  (the page itself failed: once more, as a visitor)
            _as_visitor()
            return render_error(500)
