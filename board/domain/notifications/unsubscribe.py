"""One-click unsubscribe (RFC 8058): a signed token names the person and the kind of mail to stop."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from board.domain.notifications.kinds import KINDS

SALT = "notifications.unsubscribe"
# The token "kind" of the daily summary: it stops every kind the person had in the summary.
DIGEST = "digest"


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(user, kind):
    """A token that turns off kind's mails for user. It does not expire: an old mail's link must still work."""
    return _serializer().dumps({"u": user.id, "k": kind})


def read_token(token):
    """(user_id, kind) from a genuine token for a non-essential kind; None for anything else."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    if data.get("k") != DIGEST and (data.get("k") not in KINDS or KINDS[data["k"]].essential):
        return None
    return data["u"], data["k"]


def unsubscribe_headers(user, kind):
    """The List-Unsubscribe headers of RFC 2369 and RFC 8058 for one kind's mail to user."""
    from board.domain.mail import external_url

    url = external_url("notifications.unsubscribe", token=token_for(user, kind))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
