"""What one sign-in attempt counts against and costs, decided before the password is checked.

Budgets (sliding windows of LOGIN_LIMIT_* attempts):
- a browser that has signed in to the account before shows a signed device cookie naming it
  (OWASP's "device cookies") and spends its own budget, so a stranger's guesses, or thirty
  typos behind the academy's one shared address, do not lock the owner out;
- every other attempt spends the account's budget and the address's; each person who signed
  in from an address lately widens that address's budget a little.

An attempt is counted (an atomic increment) before the slow password hash, so parallel
guesses cannot all pass a check made before any of them was counted; a successful sign-in
and a refused attempt give their count back, so only failed passwords use a budget up.
The counts live in the limiter's storage (Redis in production); while that cannot be
reached they live in this process's memory, so sign-in keeps working.
"""
import hashlib
import hmac
import logging
import secrets
import time
from functools import lru_cache

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.storage import MemoryStorage
from werkzeug.security import check_password_hash, generate_password_hash

from board.platform.extensions import client_address, limiter

log = logging.getLogger(__name__)

DEVICE_COOKIE = "board_device"
DEVICE_COOKIE_DAYS = 180
# Accounts one browser is remembered for: a family computer, a shared desk at the academy.
DEVICE_ACCOUNTS = 5
# Failed attempts an address may add to its budget for each person who signed in from it lately.
ALLOWANCE_PER_PERSON = 2
# While the storage is unreachable, try it again after this many seconds (not on every attempt).
RETRY_STORAGE_AFTER = 30


class _Counters:
    """Counters in the limiter's storage, in memory while that storage cannot be reached."""

    def __init__(self):
        self.memory = MemoryStorage()
        self.failed_at = None

    def _run(self, operation, *args):
        if self.failed_at is None or time.monotonic() - self.failed_at > RETRY_STORAGE_AFTER:
            try:
                value = getattr(limiter.storage, operation)(*args)
            except Exception:  # noqa: BLE001  (any storage error: the board must keep signing people in)
                if self.failed_at is None:
                    log.warning("Sign-in limit storage unreachable: counting in this process's memory", exc_info=True)
                self.failed_at = time.monotonic()
            else:
                if self.failed_at is not None:
                    log.info("Sign-in limit storage reachable again")
                    self.failed_at = None
                return value
        return getattr(self.memory, operation)(*args)

    def incr(self, key, expiry, amount=1):
        return self._run("incr", key, expiry, amount)

    def get(self, key):
        return self._run("get", key)


def _counters():
    return current_app.extensions.setdefault("sign_in_attempts", _Counters())


class _Window:
    """A sliding-window count kept as two fixed windows, weighted like limits' sliding-window counter."""

    def __init__(self, name, limit_text):
        item = parse(limit_text)
        self.amount, self.seconds = item.amount, item.get_expiry()
        now = time.time()
        self.index, self.elapsed = divmod(now, self.seconds)
        self.name = name
        self.key = f"board-login:{name}:{int(self.index)}"

    def previous(self):
        return _counters().get(f"board-login:{self.name}:{int(self.index) - 1}")

    def take(self, allowance=0):
        """Count one attempt; False (and nothing counted) when the window is full."""
        count = _counters().incr(self.key, 2 * self.seconds)
        weighted = self.previous() * (1 - self.elapsed / self.seconds) + count
        if weighted > self.amount + allowance:
            self.give_back()
            return False
        return True

    def give_back(self):
        _counters().incr(self.key, 2 * self.seconds, -1)


def _digest(email):
    """The account as it appears in counters and cookies: no email address in Redis or in a cookie."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"sign-in:" + email.encode(), hashlib.sha256).hexdigest()[:32]


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="sign-in-device")


def _device():
    """(nonce, account digests) from this browser's device cookie, or (None, []) when absent or forged."""
    try:
        data = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_COOKIE_DAYS * 86400)
    except BadSignature:
        return None, []
    if not isinstance(data, dict) or not isinstance(data.get("d"), str) or not isinstance(data.get("a"), list):
        return None, []
    return data["d"], [a for a in data["a"] if isinstance(a, str)][:DEVICE_ACCOUNTS]


class Attempt:
    """One counted sign-in attempt; see the module's docstring."""

    def __init__(self, email):
        self.account = _digest(email)
        self.address = client_address()
        self.nonce, self.known = _device()
        self.taken = []

    @property
    def from_known_device(self):
        return self.nonce is not None and self.account in self.known

    def _windows(self):
        config = current_app.config
        if self.from_known_device:
            return [(_Window(f"device:{self.nonce}:{self.account}", config["LOGIN_LIMIT_PER_DEVICE"]), 0)]
        address = _Window(f"address:{self.address}", config["LOGIN_LIMIT_PER_ADDRESS"])
        return [(_Window(f"account:{self.account}", config["LOGIN_LIMIT_PER_ACCOUNT"]), 0),
                (address, self._allowance())]

    def _people(self):
        """The count of different people who signed in from this address, window by window."""
        return _Window(f"people:{self.address}", current_app.config["LOGIN_LIMIT_PER_ADDRESS"])

    def _allowance(self):
        people = self._people()
        return ALLOWANCE_PER_PERSON * (_counters().get(people.key) + people.previous())

    def take(self):
        """Count this attempt in each of its budgets; False (nothing counted) if any is spent."""
        for window, allowance in self._windows():
            if not window.take(allowance):
                self.give_back()
                return False
            self.taken.append(window)
        return True

    def give_back(self):
        for window in self.taken:
            window.give_back()
        self.taken = []

    def succeeded(self, response):
        """The password was right: give the count back, widen the address's budget, remember this browser."""
        self.give_back()
        people = self._people()
        # Each person once per window: one account signing in again and again widens nothing.
        person = f"board-login:person:{self.address}:{self.account}:{int(people.index)}"
        if _counters().incr(person, 2 * people.seconds) == 1:
            _counters().incr(people.key, 2 * people.seconds)
        known = [self.account] + [a for a in self.known if a != self.account]
        response.set_cookie(
            DEVICE_COOKIE, _serializer().dumps({"d": self.nonce or secrets.token_urlsafe(16), "a": known[:DEVICE_ACCOUNTS]}),
            max_age=DEVICE_COOKIE_DAYS * 86400, path="/login", httponly=True, samesite="Strict",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        return response


def count_attempt(email):
    """The attempt for email, counted; None when a budget is spent and the answer is 429."""
    attempt = Attempt(email)
    return attempt if attempt.take() else None


@lru_cache(maxsize=4)
def _stand_in_hash(method):
    return generate_password_hash("not-a-real-password", method=method)


def password_matches(user, password):
    """True for an active account's right password; one full hash whatever the outcome.

    An unknown email, an account without a password yet (a rostered trainee who has not
    joined) and a deactivated account cost the same as a wrong password, so the time of
    the answer tells nothing about the account.
    """
    stored = user.password_hash if user is not None and user.password_hash else None
    matches = check_password_hash(stored or _stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
    return matches and stored is not None and user.is_active
