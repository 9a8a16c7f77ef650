"""Who may see what: login sessions, role gates, safe redirects and response headers."""
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select, update
from sqlalchemy.orm import undefer

from board.platform.database import reading
from board.platform.errors import DATABASE_UNREACHABLE
from board.platform.extensions import db, login_manager
from board.models import LoginSession, Role, User
from board.models.types import utcnow
from board.platform.templating import HTMX_CDN_URL

# Writing last_seen on every request would turn every page view into a write.
LAST_SEEN_EVERY = timedelta(minutes=5)


def _write_alone(statement):
    """Run one write in a transaction of its own, after ending the request's reads.

    On SQLite a page view reads in a deferred transaction (board/platform/database.py); turning it
    into a write fails at once with "database is locked" when another worker has written
    meanwhile. A transaction that starts with the write waits its turn through busy_timeout.
    """
    db.session.commit()
    db.session.execute(statement.execution_options(synchronize_session=False))
    db.session.commit()


@login_manager.user_loader
def load_user(token):
    """Resolve the session token in the cookie to its user, if the session is still open.

    The look-up is a read of its own that ends here (board/platform/database.py reading()): in a
    request that writes, the view's transaction, and on SQLite its write lock, start only
    with the view's own first statement.
    """
    try:
        with reading():
            login = LoginSession.find(token)
            # The user with the bell's unread count, in the one statement that loads the user anyway.
            user = db.session.scalar(select(User).where(User.id == login.user_id)
                                     .options(undefer(User.unread_notifications))) if login else None
            if user is None or not user.is_active:
                return None
    except DATABASE_UNREACHABLE:
        # A stylesheet needs no one: served as to a visitor, the "try again" page keeps its look.
        if request.endpoint == "static":
            return None
        raise  # answered 503 by board/platform/errors.py
    now = utcnow()
    # No session outlives the remember-me cookie, however long a copied session cookie is kept.
    if now - login.created_at > timedelta(seconds=current_app.config["REMEMBER_COOKIE_DURATION"]):
        _write_alone(delete(LoginSession).where(LoginSession.token_digest == login.token_digest))
        return None
    if now - login.last_seen_at > LAST_SEEN_EVERY:
        _write_alone(update(LoginSession).where(LoginSession.token_digest == login.token_digest)
                     .values(last_seen_at=now))
    user.session_token = token
    return user


def start_session(user, remember=False):
    """Sign user in with a fresh session: nothing from the anonymous session survives."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    LoginSession.open(user, request.headers.get("User-Agent", ""))
    user.last_login_at = utcnow()
    db.session.commit()
    login_user(user, remember=remember)


def end_session():
    """Sign the current user out and make the copied cookie worthless."""
    if current_user.is_authenticated and current_user.session_token:
        LoginSession.close(current_user.session_token)
        db.session.commit()
    lang = session.get("lang")
    logout_user()
    # logout_user() marks the remember-me cookie for deletion in the session; keep that mark
    # through the clear, or the browser keeps a cookie that names a closed session.
    remember = session.get("_remember")
    session.clear()
    if lang:
        session["lang"] = lang
    if remember:
        session["_remember"] = remember


def restart_sessions(user):
    """After a password change: end all of the person's sessions and give this browser a new one."""
    LoginSession.close_all(user)
    start_session(user)


def role_required(*roles):
    """Let only signed-in users with one of roles through; others are sent to login or refused with 403."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


trainee_required = role_required(Role.TRAINEE)
company_required = role_required(Role.COMPANY)
committee_required = role_required(Role.COMMITTEE, Role.ADMIN)
admin_required = role_required(Role.ADMIN)


def approved_company_required(view):
    """Company members of approved companies only; a pending or suspended company may post nothing."""
    @wraps(view)
    @company_required
    def wrapped(*args, **kwargs):
        if not current_user.company_approved:
            flash(_l("Your company can do this once the committee has approved it."), "warning")
            return redirect(url_for("company.index"))
        return view(*args, **kwargs)
    return wrapped


def safe_next(target, default="public.index"):
    """The `next` target if it is a path on this site; otherwise a default page."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and not any(ord(c) < 32 for c in target)
        ):
            return target
    return url_for(default)


def home_for(user):
    """Where each role lands after signing in."""
    return {
        Role.TRAINEE: "me.index",
        Role.COMPANY: "company.index",
        Role.COMMITTEE: "committee.index",
        Role.ADMIN: "admin.index",
    }[user.role]


def content_security_policy():
    script_src = "'self'"
    if current_app.config["HTMX_FROM_CDN"]:
        # The one file, not the CDN's host: anything else jsDelivr serves (any npm package) stays out.
        script_src += f" {HTMX_CDN_URL}"
    return "; ".join([
        "default-src 'self'",
        f"script-src {script_src}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def set_headers(response):
    """Security headers on every response, and Vary for pages that answer htmx with fragments."""
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Flask-WTF checks the Referer over HTTPS, so never 'no-referrer'.
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if current_app.config["BOARD_ENV"] == "production":
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    response.vary.add("HX-Request")
    if current_user and current_user.is_authenticated:
        # Personal pages must not be kept by shared caches or the back-forward cache of another user.
        response.headers.setdefault("Cache-Control", "private, no-store")
        # Nor indexed: a crawler never signs in, but a signed-in page must not reach a search engine.
        response.headers.setdefault("X-Robots-Tag", "noindex")
    return response


def refuse_malformed_input():
    """Refuse what no page of the board sends, before a view or a form sees it."""
    # A ?page= past any list here would overflow the database's OFFSET.
    if len(request.args.get("page", "")) > 6:
        abort(404)
    # Flask-WTF reads a JSON body as form data, numbers and objects included; the board's forms are forms.
    if request.method == "POST" and request.is_json:
        abort(415)
    # PostgreSQL cannot store or even compare a NUL character; no one types one.
    if any("\x00" in value for data in (request.args, request.form) for values in data.listvalues() for value in values):
        abort(422)


def init_app(app):
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(refuse_malformed_input)
    app.after_request(set_headers)
