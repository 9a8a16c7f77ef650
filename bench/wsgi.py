"""The board as gunicorn serves it in the benchmark: board.create_app(), plus a statement counter.

The counter exists only here and only with BOARD_BENCH=1: production runs `board:create_app()`,
which never loads this module. It adds `X-SQL-Count` (statements the request sent to the
database, transaction control excluded) to every response.
"""
import os

from flask import g, has_app_context
from sqlalchemy import event

from board import create_app
from board.platform.extensions import db

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def board_app():
    """The production app, with the per-request statement count when BOARD_BENCH=1."""
    app = create_app()
    if os.environ.get("BOARD_BENCH") == "1":
        _count_statements(app)
    return app


def _count_statements(app):
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, _params, _context, _executemany):
        if has_app_context() and not statement.lstrip().upper().startswith(CONTROL):
            g.sql_count = g.get("sql_count", 0) + 1

    @app.after_request
    def _header(response):
        response.headers["X-SQL-Count"] = str(g.get("sql_count", 0))
        return response
