"""The health check a load balancer or monitor polls."""
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from board.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """JSON with the database's state; 503 when the database does not answer."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    healthy = database == "ok"
    return jsonify(status="ok" if healthy else "error", database=database,
                   engine=db.engine.dialect.name), (200 if healthy else 503)
