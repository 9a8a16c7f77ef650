"""The health check a load balancer or monitor polls."""
from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from board.domain import outbox
from board.platform.extensions import db
from board.models import Role

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """{"status": "ok"}, or 503 when the database does not answer.

    Anyone may poll it, so it tells visitors nothing more (the database engine helps an
    attacker choose payloads); a signed-in administrator also sees the database's state.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        # Not even the administrator's session can be looked up without the database.
        return jsonify(status="error"), 503
    if current_user.is_authenticated and current_user.role == Role.ADMIN:
        return jsonify(status="ok", database="ok", engine=db.engine.dialect.name, queue=outbox.queue_health())
    return jsonify(status="ok")


# A consumer beats every minute (board/domain/tasks.py); after this long without one, nothing is delivered.
CONSUMER_SILENT = 300
# Mail that waited this long means a consumer that cannot keep up or cannot reach the mail server.
OUTBOX_LATE = 900


@bp.route("/healthz/queue")
def queue_health():
    """{"status": "ok"}, or 503 {"status": "stale"} when no consumer ran lately or mail waits too long.

    Polled by the monitor of the consumer process, not by the load balancer: a stopped consumer
    must page someone, not take the web workers out of service. The figures are for the administrator.
    """
    try:
        health = outbox.queue_health()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error"), 503
    seen, oldest = health["consumer_seen_seconds_ago"], health["oldest_pending_seconds"]
    stale = seen is None or seen > CONSUMER_SILENT or (oldest is not None and oldest > OUTBOX_LATE)
    detail = health if current_user.is_authenticated and current_user.role == Role.ADMIN else {}
    return jsonify(status="stale" if stale else "ok", **detail), 503 if stale else 200
