"""Engine settings that make SQLite behave like a real database server, and when a request holds SQLite's write lock."""
import logging
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _write_request():
    return has_request_context() and request.method not in SAFE_METHODS


def configure_sqlite(engine: Engine):
    """Foreign keys, WAL and a busy timeout on every SQLite connection.

    pysqlite opens transactions lazily and only before writes, so a request that reads
    and then writes can fail with "database is locked" at once. Following SQLAlchemy's
    recipe, the driver's own transaction handling is switched off and we emit BEGIN
    ourselves: IMMEDIATE for the transactions of requests that change things (they take
    the write lock up front and wait their turn through busy_timeout), DEFERRED for
    everything else and for the reads that come before a request's own work: the session
    look-up (`reading()`) and what a view reads before slow work (`before_slow_work()`).
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
        # Work outside a request that writes (the outbox's consumers) asks for the lock by an execution option.
        writing = connection.get_execution_options().get("sqlite_write_lock") or (
            _write_request() and not g.get("_db_reading"))
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


# SQLite has one write lock for the whole database. A write request's transaction takes it
# at its first statement, so whatever runs inside that transaction makes every other writer
# wait: password hashing (~0.2 s at full strength) and upload checks (up to seconds) must not.

def _end_without_expiring(session):
    """Commit the session's transaction but keep the rows it loaded, so using them starts no new one."""
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


@contextmanager
def reading():
    """Run the block's statements in a read transaction of their own, ended when the block ends.

    For the session look-up that starts every request (board/web/security.py load_user): in a
    write request it would otherwise open the request's IMMEDIATE transaction and hold the
    write lock through the whole view. Inside a transaction already open, the block simply
    reads in it.
    """
    from board.platform.extensions import db

    session = db.session()
    if not _write_request() or session.in_transaction():
        yield
        return
    g._db_reading = True
    try:
        yield
    finally:
        g.pop("_db_reading", None)
    _end_without_expiring(session)


def before_slow_work():
    """End the current transaction before slow work (password hashing, upload checks), so that it holds no lock.

    The rows read so far stay loaded; the next statement starts a new transaction (IMMEDIATE
    in a write request). A transaction that has already written cannot be ended without
    breaking the request's all-or-nothing: it is kept, and logged, because the slow work
    then holds SQLite's write lock; do slow work before the first write.
    """
    # Only a write request's transaction holds the write lock; a command or a page view holds no one up.
    if not _write_request():
        return
    from board.platform.extensions import db

    session = db.session()
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted or session.info.get("wrote"):
        log.warning("slow work inside a transaction that has written: it holds the write lock meanwhile")
        return
    _end_without_expiring(session)


@event.listens_for(Session, "after_flush")
def _flushed(session, _context):
    session.info["wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote"] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    if transaction.parent is None:
        session.info.pop("wrote", None)


@contextmanager
def unit_of_work():
    """One use case's transaction, owned by its caller (a view, a CLI command, a seed): committed when the
    block ends, rolled back if it raises (the error goes on to the caller, who tells the person).

    Domain functions (board/domain/pipeline.py, board/domain/lunchdays.py, ...) never commit or roll back, so a caller
    combining two steps gets both or neither: a refusal of the second step cannot silently undo the first.
    """
    from board.platform.extensions import db

    try:
        yield db.session
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


@contextmanager
def own_writes():
    """A domain function's own writes, undone alone if they fail (a SAVEPOINT); the caller's earlier work stays.

    For the inserts a unique constraint may refuse (two clicks racing, two tabs): the function turns
    the IntegrityError into its domain error, and the caller's transaction goes on, or is rolled back by
    the caller, as the caller decides.
    """
    from board.platform.extensions import db

    with db.session.begin_nested():
        yield db.session
