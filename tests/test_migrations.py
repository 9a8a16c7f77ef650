"""The schema comes from migrations, and the migrations match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from board import create_app
from board.platform.extensions import db
from board.domain.search import include_object
from tests.conftest import board_test_config


def _pending_changes():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True,
                                                         "include_object": include_object})
        return compare_metadata(context, db.metadata)


def test_database_upgraded_from_empty_matches_the_models(app):
    # The session fixture built this database from nothing with `upgrade()`, on SQLite or
    # PostgreSQL (TEST_DATABASE_URL); autogenerate must find nothing left to do.
    with app.app_context():
        assert _pending_changes() == []


def test_migrations_go_down_to_empty_and_up_again(tmp_path):
    app = create_app(board_test_config(f"sqlite:///{tmp_path / 'fresh.sqlite'}"))
    with app.app_context():
        upgrade()
        assert "users" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert _pending_changes() == []
        db.engine.dispose()


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path):
    app = create_app(board_test_config(f"sqlite:///{tmp_path / 'pragmas.sqlite'}"))
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        db.engine.dispose()
