"""Signed, expiring, single-use password-reset tokens."""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from board.platform.extensions import db
from board.models import User

SALT = "password-reset"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user):
    # The token names the password it replaces: once that changes, every older token is spent.
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_reset_token(user):
    return _serializer().dumps({"u": user.id, "p": _fingerprint(user)})


def user_for_reset_token(token):
    """The user a token was made for, or None when it is forged, expired or already used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not user.is_active or data.get("p") != _fingerprint(user):
        return None
    return user
