"""The health check a load balancer or monitor polls."""
from flask import Blueprint, jsonify
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from board.extensions import db
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
        return jsonify(status="ok", database="ok", engine=db.engine.dialect.name)
    return jsonify(status="ok")
