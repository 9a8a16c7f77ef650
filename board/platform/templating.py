"""One place decides between a whole page and an htmx fragment; template filters and globals."""
import base64
import hashlib
from datetime import UTC
from functools import cache
from pathlib import Path

from flask import Response, current_app, redirect, render_template, request
from flask_babel import format_date, format_datetime, get_locale, get_timezone
from jinja2_fragments.flask import render_block

from board.platform.text import particle, render_markdown

HTMX_VERSION = "2.0.11"
HTMX_FILE = f"vendor/htmx-{HTMX_VERSION}.min.js"
HTMX_CDN_URL = f"https://cdn.jsdelivr.net/npm/htmx.org@{HTMX_VERSION}/dist/htmx.min.js"


def wants_fragment():
    """True for htmx requests that swap part of a page; boosted navigation and history restores want whole pages."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def see_other(url):
    """Redirect after a successful POST; an htmx fragment request is told to load the page itself."""
    if wants_fragment():
        return Response(status=204, headers={"HX-Redirect": url})
    return redirect(url, code=303)


def render(template, block=None, status=200, **context):
    """Render template whole, or only its named block when htmx asks for a fragment.

    A fragment is rendered without the template's top-level imports, so a block that
    htmx may ask for imports the macros it uses inside itself.
    The response always varies on HX-Request (set in security.set_headers), so no cache
    hands a fragment to a plain request or the other way round.
    """
    if block and wants_fragment():
        return render_block(template, block, **context), status
    return render_template(template, **context), status


@cache
def _integrity(path):
    digest = hashlib.sha384(Path(path).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


def htmx_integrity():
    """SRI hash computed from the vendored copy, so the CDN file must be byte-identical to it."""
    return _integrity(current_app.static_folder + "/" + HTMX_FILE)


# CLDR's Korean short formats say "PM 5:48"; people here read a 24-hour clock more easily.
DATETIME_PATTERNS = {"ko": "yyyy. M. d. HH:mm", "en": "MMM d, yyyy HH:mm"}


def _datetime(value, fmt="medium"):
    if not value:
        return ""
    if fmt in ("short", "medium"):
        locale = str(get_locale())
        if locale == "ko":
            # The Korean pattern by hand: Babel's pattern machinery costs ~30 µs a call, and a
            # pipeline board shows hundreds of dates. Same text as format_datetime's.
            local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(get_timezone())
            return f"{local.year}. {local.month}. {local.day}. {local.hour:02d}:{local.minute:02d}"
        fmt = DATETIME_PATTERNS.get(locale, DATETIME_PATTERNS["en"])
    return format_datetime(value, fmt)


def _date(value, fmt="medium"):
    return format_date(value, fmt) if value else ""


def _number(value):
    return f"{value:,}" if value is not None else ""


def init_app(app):
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["number"] = _number
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["particle"] = particle
    app.jinja_env.globals.update(
        htmx_file=HTMX_FILE,
        htmx_cdn_url=HTMX_CDN_URL,
        htmx_integrity=htmx_integrity,
    )

    @app.context_processor
    def _language():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}


__all__ = ["render", "see_other", "wants_fragment"]
