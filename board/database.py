"""Engine settings that make SQLite behave like a real database server."""
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_sqlite(engine: Engine):
    """Foreign keys, WAL and a busy timeout on every SQLite connection.

    pysqlite opens transactions lazily and only before writes, so a request that reads
    and then writes can fail with "database is locked" at once. Following SQLAlchemy's
    recipe, the driver's own transaction handling is switched off and we emit BEGIN
    ourselves: IMMEDIATE for requests that change things (they take the write lock up
    front and wait their turn through busy_timeout), DEFERRED for everything else.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        writing = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
