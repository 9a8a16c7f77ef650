"""Administrators keep staff accounts; the CLI does the same from a shell."""
import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import LoginSession, Role, User
from tests.conftest import PASSWORD, sign_in


def test_admin_creates_a_committee_account_that_can_sign_in(app, as_role):
    admin = as_role(Role.ADMIN)
    response = admin.post("/admin/users/new", data={"name": "박위원", "email": "Park@Committee.example", "role": "committee",
                                                    "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 303
    assert "park@committee.example" in admin.get("/admin/?q=park").get_data(as_text=True)
    signed = sign_in(app.test_client(), "park@committee.example")
    assert signed.headers["Location"] == "/committee/"


@pytest.mark.parametrize("field,value", [("role", "company"), ("role", "trainee"), ("email", "x"), ("name", "")])
def test_staff_form_refuses_bad_input(app, as_role, field, value):
    admin = as_role(Role.ADMIN)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(User))
    data = {"name": "박위원", "email": "p@c.example", "role": "committee", "password": PASSWORD, "confirm": PASSWORD, field: value}
    response = admin.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_deactivation_asks_first_then_signs_the_person_out(app, make, as_role):
    admin = as_role(Role.ADMIN)
    user_id = make.user(Role.TRAINEE, email="t@example.kr")
    trainee = app.test_client()
    sign_in(trainee, "t@example.kr")
    confirm = admin.get(f"/admin/users/{user_id}/active")
    assert confirm.status_code == 200 and 'method="post"' in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).active
    assert admin.post(f"/admin/users/{user_id}/active").status_code == 303
    assert trainee.get("/me/").status_code == 302
    with app.app_context():
        assert not db.session.get(User, user_id).active
        assert db.session.scalar(select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user_id)) == 0
    assert sign_in(app.test_client(), "t@example.kr").status_code == 401
    admin.post(f"/admin/users/{user_id}/active")
    assert sign_in(app.test_client(), "t@example.kr").status_code == 303


def test_admin_cannot_deactivate_themselves(app, as_role):
    admin = as_role(Role.ADMIN)
    admin.post(f"/admin/users/{admin.user_id}/active")
    with app.app_context():
        assert db.session.get(User, admin.user_id).active


def test_account_list_is_paginated_and_filtered(app, make, as_role):
    admin = as_role(Role.ADMIN)
    for n in range(25):
        make.user(Role.COMMITTEE, email=f"c{n:02d}@committee.example")
    first = admin.get("/admin/?role=committee").get_data(as_text=True)
    second = admin.get("/admin/?role=committee&page=2").get_data(as_text=True)
    assert first.count("@committee.example</td>") == 20
    assert second.count("@committee.example</td>") == 5
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert admin.get("/admin/?page=99").status_code == 200
    assert admin.get("/admin/?q=%25").status_code == 200


def test_cli_creates_a_committee_account(app, runner):
    result = runner.invoke(args=["users", "create", "--role", "committee", "--email", "Lee@Committee.example",
                                 "--name", "이위원", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert sign_in(app.test_client(), "lee@committee.example").headers["Location"] == "/committee/"
    again = runner.invoke(args=["users", "create", "--role", "committee", "--email", "lee@committee.example",
                                "--name", "이위원", "--password", PASSWORD])
    assert again.exit_code != 0 and "already exists" in again.output


def test_full_strength_password_hash_is_the_default(app):
    from board.platform.config import from_environment
    assert from_environment(app.instance_path)["PASSWORD_HASH_METHOD"] == "scrypt:65536:8:1"
