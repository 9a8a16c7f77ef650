"""pipeline_board is request-free: a job or a CLI command moves a card with an actor, and the caller owns the transaction."""

import ast
from pathlib import Path

from board.platform.extensions import db
from board.models import Application, Role, Stage, User
from board.domain.pipeline_board import attempt_move
from tests.test_lunchdays_company import applicant

SOURCE = Path(__file__).resolve().parent.parent / "board" / "domain" / "pipeline_board.py"


def test_the_module_needs_no_request_forms_or_signed_in_person():
    imported = set()
    for node in ast.walk(ast.parse(SOURCE.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not {name for name in imported if name.split(".")[0] in ("flask", "flask_wtf", "flask_login", "wtforms",
                                                                    "flask_babel")}
    assert "current_user" not in SOURCE.read_text()


def test_a_move_outside_a_request_is_the_callers_to_commit(app, make, as_role):
    company_id = make.company()
    member = make.user(Role.COMPANY, company_id=company_id)
    trainee = applicant(app, make, as_role, company_id)
    with app.app_context():
        application = db.session.get(Application, trainee.application_id)
        actor = db.session.get(User, member)
        version = application.version
        stale = attempt_move(application, actor, Stage.INTERVIEW, version - 1)
        assert stale.result == "stale" and application.stage == Stage.COMPANY_REVIEW
        moved = attempt_move(application, actor, Stage.INTERVIEW, version, shown=Stage.COMPANY_REVIEW)
        assert (moved.result, moved.application.stage) == ("moved", Stage.INTERVIEW)
        db.session.rollback()  # the caller decides: this one changes its mind
    with app.app_context():
        assert db.session.get(Application, trainee.application_id).stage == Stage.COMPANY_REVIEW
        application = db.session.get(Application, trainee.application_id)
        illegal = attempt_move(application, db.session.get(User, member), Stage.HIRED, application.version)
        assert illegal.result == "illegal"
        moved = attempt_move(application, db.session.get(User, member), Stage.INTERVIEW, application.version)
        assert moved.result == "moved"
        db.session.commit()
    with app.app_context():
        assert db.session.get(Application, trainee.application_id).stage == Stage.INTERVIEW
