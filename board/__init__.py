"""The Academy Partner Board: recruiting between an AI academy, its partner companies and its committee."""
from pathlib import Path

from flask import Flask

from board.platform import config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Application factory: defaults, then instance/config.py, then the environment, then test_config."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).parent / "translations")
    if test_config:
        app.config.from_mapping(test_config)

    config.check_origin(app.config)

    from board.platform import request_log

    request_log.init_app(app)  # first, so its request id is set before any other hook logs

    from board.platform import proxies

    proxies.init_app(app)

    _bind_extensions(app)
    from board.platform import routing

    routing.init_app(app)
    _register_blueprints(app)

    from board import cli
    from board.platform import errors, i18n, queue, templating
    from board.web import security

    security.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    queue.init_app(app)
    import board.domain.tasks  # noqa: F401  (registers the tasks and periodic jobs on the queue)
    if app.config["BOARD_ENV"] == "production":
        import gc

        # What start-up built (the app, compiled templates, catalogues) lives as long as the worker;
        # frozen, the garbage collector stops walking it on every collection. Measured on the
        # committee pipeline at national scale: p95 199 -> 82 ms (README, Performance).
        gc.freeze()
    return app


def _bind_extensions(app):
    from board import models  # noqa: F401  (tables must be known before migrations run)
    from board.platform.database import configure_sqlite
    from board.platform.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)


def _register_blueprints(app):
    from board.web.accounts import bp as accounts
    from board.web.admin import bp as admin
    from board.web.committee import bp as committee
    from board.web.company import bp as company
    from board.web.health import bp as health
    from board.web.me import bp as me
    from board.web.notifications import bp as notifications
    from board.web.public import bp as public

    for blueprint in (public, accounts, me, company, committee, admin, health, notifications):
        app.register_blueprint(blueprint)
