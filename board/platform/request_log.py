"""Logging: one format, every line of a request stamped with its request id.

The id comes from the request's `X-Request-ID` (a proxy or load balancer may set one) when it is
well-formed, otherwise it is made here; it is sent back in the response's `X-Request-ID`, so a
person reporting a problem, gunicorn's access log and the application's lines all name the same id.
"""
import logging
import re
import sys
import uuid

from flask import g, has_request_context, request
from flask.logging import default_handler

HEADER = "X-Request-ID"
# Letters, digits and a few separators, up to 64: a UUID or a proxy's id fits, a newline or a kilobyte does not.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Stamps a record with the id of the request it was logged in ("-" outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = (g.get("request_id", "-") if has_request_context() else "-")
        return True


_stamp = RequestIdFilter()
_base_factory = logging.getLogRecordFactory()


def _record_factory(*args, **kwargs):
    # A handler's filter sees only its own handler's records; stamping at creation reaches every
    # handler (gunicorn's error log, pytest's capture) and every library logging during the request.
    record = _base_factory(*args, **kwargs)
    _stamp.filter(record)
    return record


def request_id_from(value):
    """The incoming id if it is well-formed, else a new one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


def configure():
    """The root logger writes one format to stderr (gunicorn and `flask run` collect it); done once per process."""
    logging.setLogRecordFactory(_record_factory)
    root = logging.getLogger()
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(_stamp)
        root.addHandler(handler)
    if root.level == logging.WARNING:  # the default, untouched by a host that configured logging itself
        root.setLevel(logging.INFO)


def init_app(app):
    configure()
    # Flask's own handler would print each line a second time, in another format.
    app.logger.removeHandler(default_handler)

    @app.before_request
    def _take_request_id():
        g.request_id = request_id_from(request.headers.get(HEADER))

    @app.after_request
    def _send_request_id(response):
        # Error pages too: a 500's id is what the person quotes and what the traceback is logged under.
        response.headers[HEADER] = g.get("request_id") or request_id_from(None)
        return response
