"""The task queue (Huey): one instance for the board, configured from the app's settings.

Storage: SQLite in instance/ by default (nothing to install, fine for one host); Redis when
QUEUE_URL (or REDIS_URL) is set. Tests and `QUEUE_IMMEDIATE=1` run each task at once in
the caller's thread. Tasks are declared in board/domain/tasks.py; the consumer is
`flask --app board queue consume` (board/cli.py), in its own process in production and
beside the development server under `make run`.
"""
import os
import socket
from contextlib import nullcontext
from pathlib import Path

from flask import current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

# Created at import so that board/domain/tasks.py can decorate its functions; init_app() points it at
# the configured storage. Results are not kept: the outbox table is the record of what happened.
huey = Huey("board", results=False, storage_class=MemoryStorage, immediate_use_memory=True)
_app = None


def queue_settings(config, instance_path):
    """(storage class, its keyword arguments) for this configuration."""
    url = config.get("QUEUE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url[len("sqlite:///"):]}
    return SqliteStorage, {"filename": str(Path(instance_path) / "queue.sqlite3")}


def init_app(app):
    """Point the queue at this app's storage; tasks then run inside this app's context."""
    global _app
    _app = app
    storage_class, kwargs = queue_settings(app.config, app.instance_path)
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    immediate = app.config.get("QUEUE_IMMEDIATE")
    huey._immediate = bool(app.testing if immediate is None else immediate)
    if storage_class is SqliteStorage and not huey._immediate:
        Path(kwargs["filename"]).parent.mkdir(parents=True, exist_ok=True)
    huey.storage = huey.create_storage()


def app_context():
    """The app's context for a task: the caller's own in immediate mode, the configured app's in a consumer."""
    return nullcontext() if has_app_context() else _app.app_context()


def consumer_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def flask_app():
    return current_app._get_current_object() if has_app_context() else _app
