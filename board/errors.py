"""Error pages that match the layout, for people and for htmx."""
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from board.extensions import db
from board.templating import render

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
}


def render_error(code, description=None):
    """The error page; an htmx request that swaps part of a page gets only the message, not a second layout."""
    title, message = MESSAGES.get(code, (_l("Error"), description or ""))
    return render("errors/error.html", block="fragment", status=code, code=code, title=title, message=message)


def init_app(app):
    @app.errorhandler(HTTPException)
    def _http_error(error):
        if error.code not in MESSAGES:
            return error
        response = render_error(error.code)
        if error.code == 429:
            return response[0], 429, {"Retry-After": "300"}
        return response

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return render_error(500)
