"""Configuration: defaults, then the instance folder, then the environment, then a test mapping."""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from board.platform.seoul_time import ACADEMY_TIMEZONE


class ConfigError(RuntimeError):
    """Raised when the environment cannot run the board safely."""


def _bool(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path, production):
    """SECRET_KEY from the environment, or one generated once into instance/ for local use."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when BOARD_ENV=production")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename so two processes starting together never read half a key.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        tmp.chmod(0o600)
        os.replace(tmp, path)
    return path.read_text().strip()


def database_url(instance_path):
    """DATABASE_URL, normalised for SQLAlchemy; SQLite in instance/ by default."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'board.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _names(value):
    """A comma-separated setting as a list of its non-empty, stripped parts."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _board_url(production):
    """BOARD_URL, or the development server's own address (`make run`, `flask run`) outside production."""
    url = os.environ.get("BOARD_URL", "").strip()
    if url or production:
        return url or None
    port = os.environ.get("PORT") or os.environ.get("FLASK_RUN_PORT") or "5000"
    return f"http://127.0.0.1:{port}"


def check_origin(config):
    """Check BOARD_URL and derive TRUSTED_HOSTS from it, after every layer of configuration is in.

    BOARD_URL is the one public origin every link that leaves the board (mail) is built
    from; the request's Host never is. Flask answers a request for any other host with 400,
    except the names in EXTRA_HOSTS (a load balancer's health check by address) and, outside
    production, the local names the development server and the test client use.
    """
    url = config.get("BOARD_URL")
    if not url:
        raise ConfigError("BOARD_URL must be set when BOARD_ENV=production (the board's public origin, "
                          "e.g. https://board.example)")
    parts = urlsplit(url)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/")
            or parts.query or parts.fragment or "@" in parts.netloc):
        raise ConfigError(f"BOARD_URL must be an origin such as https://board.example, not {url!r}")
    config["BOARD_URL"] = f"{parts.scheme}://{parts.netloc}"
    if config.get("TRUSTED_HOSTS") is None:
        hosts = [parts.hostname, *_listed(config.get("EXTRA_HOSTS"))]
        if config["BOARD_ENV"] != "production":
            hosts += ["localhost", "127.0.0.1"]
        config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))


def _listed(value):
    return _names(value) if isinstance(value, str) else list(value or [])


def from_environment(instance_path):
    """Build the configuration mapping that create_app() loads."""
    env = os.environ.get("BOARD_ENV", "development")
    production = env == "production"
    limit_storage = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0" if production else "memory://")
    return {
        "BOARD_ENV": env,
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "RATELIMIT_STORAGE_URI": limit_storage,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STRATEGY": "moving-window",
        # Limits must not take sign-in or uploads down with their storage: while Redis cannot be
        # reached, each worker counts in its own memory (Flask-Limiter logs the switch once).
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # A Redis that does not answer at all must not hold a request for minutes.
        "RATELIMIT_STORAGE_OPTIONS": (
            {"socket_connect_timeout": 1, "socket_timeout": 1} if limit_storage.startswith(("redis", "valkey")) else {}
        ),
        # Failed sign-ins per account (from browsers it is not known in), per address, and per
        # browser that has signed in to the account before (board/web/accounts/attempts.py).
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"),
        "LOGIN_LIMIT_PER_DEVICE": os.environ.get("LOGIN_LIMIT_PER_DEVICE", "10 per 15 minutes"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS", "true")),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "AI 사관학교 채용 보드 <noreply@board.example>"),
        # The outbox (board/domain/outbox.py): seconds before an SMTP server that does not answer counts as down,
        # the first retry's wait (doubling each time, at most MAIL_RETRY_MAX), tries before giving up.
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "MAIL_RETRY_BASE": int(os.environ.get("MAIL_RETRY_BASE", "60")),
        "MAIL_RETRY_MAX": int(os.environ.get("MAIL_RETRY_MAX", str(6 * 3600))),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "10")),
        "OUTBOX_KEEP_DAYS": int(os.environ.get("OUTBOX_KEEP_DAYS", "30")),
        # The task queue (board/platform/queue.py): Redis when set, else SQLite in instance/queue.sqlite3.
        "QUEUE_URL": os.environ.get("QUEUE_URL") or os.environ.get("REDIS_URL", ""),
        # Run each task at once in the process that queues it (the tests do; unset: only under TESTING).
        "QUEUE_IMMEDIATE": _bool(os.environ["QUEUE_IMMEDIATE"]) if os.environ.get("QUEUE_IMMEDIATE") else None,
        "BOARD_URL": _board_url(production),
        "EXTRA_HOSTS": _names(os.environ.get("EXTRA_HOSTS")),
        # Forwarded headers count only from these addresses (IPs or CIDR networks); none by default.
        "TRUSTED_PROXIES": _names(os.environ.get("TRUSTED_PROXIES")),
        "PROXY_FIX_X_FOR": int(os.environ.get("PROXY_FIX_X_FOR", "1")),
        # Believe X-Forwarded-Host only from a proxy known to overwrite whatever the client sent.
        "PROXY_SETS_HOST": _bool(os.environ.get("PROXY_SETS_HOST", "false")),
        "HTMX_FROM_CDN": _bool(os.environ.get("HTMX_FROM_CDN", "true")),
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt:65536:8:1"),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600")),
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }


DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "ko",
    "BABEL_DEFAULT_TIMEZONE": ACADEMY_TIMEZONE,
    "LANGUAGES": {"ko": "한국어", "en": "English"},
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 14 * 24 * 3600,
    "PERMANENT_SESSION_LIFETIME": 12 * 3600,
    # Tie CSRF tokens to the session, not to a clock: htmx pages stay open for hours.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_I18N_ENABLED": True,
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "PAGE_SIZE": 20,
    # Read notifications older than this are deleted by `flask notifications prune`.
    "NOTIFICATION_KEEP_DAYS": 90,
    # How often the bell asks for its count (seconds); the e2e tests shorten it.
    "NOTIFICATION_POLL_SECONDS": 30,
}
