"""Sessions as an attacker with a copied cookie sees them.

tests/test_accounts.py proves the session token changes at login, that a copied session
cookie dies at logout and at a password change, and that deactivation is felt at the
next request; tests/test_admin.py and tests/test_password_reset.py do the same for the
administrator's deactivation and for a reset. Here: the long-lived remember-me cookie
under each of those events, a CSRF token captured before sign-in, logout of one device
leaving the others alone, and the session's absolute lifetime.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from board.platform.extensions import db
from board.models import LoginSession, Role, User
from tests.conftest import PASSWORD, sign_in

NEW = "a-new-long-password"


def _email(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).email


def _remembered_only(app, client):
    """A browser holding only the remember-me cookie of client: the session cookie is gone (browser closed)."""
    copy = app.test_client()
    copy.set_cookie("remember_token", client.get_cookie("remember_token").value)
    return copy


def _end_by_logout(app, owner, email, make):
    assert owner.post("/logout").status_code == 303


def _end_by_password_change(app, owner, email, make):
    response = owner.post("/account/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 303


def _end_by_reset(app, owner, email, make):
    from board.web.accounts.tokens import make_reset_token
    with app.app_context():
        token = make_reset_token(db.session.scalar(select(User).where(User.email == email)))
    response = app.test_client().post(f"/password-reset/{token}", data={"password": NEW, "confirm": NEW})
    assert response.status_code == 303


def _end_by_deactivation(app, owner, email, make):
    admin = app.test_client()
    make.user(Role.ADMIN, email="admin@example.kr")
    sign_in(admin, "admin@example.kr")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
    assert admin.post(f"/admin/users/{user_id}/active").status_code == 303


@pytest.mark.parametrize("end", [_end_by_logout, _end_by_password_change, _end_by_reset, _end_by_deactivation],
                         ids=["logout", "password-change", "reset", "deactivation"])
def test_a_copied_remember_me_cookie_dies_with_the_session(app, make, end):
    email = _email(app, make.user(Role.TRAINEE))
    owner = app.test_client()
    assert sign_in(owner, email, remember="y").status_code == 303
    stolen = _remembered_only(app, owner)
    assert stolen.get("/me/").status_code == 200
    end(app, owner, email, make)
    response = stolen.get("/me/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_csrf_token_taken_before_sign_in_does_not_work_after_it(app, make):
    # An attacker who planted or read the anonymous page's token must not be able to use it on the signed-in session.
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    before = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    assert sign_in(client, email).status_code == 303
    refused = client.post("/me/profile", data={"csrf_token": before, "headline": "바뀜"}, csrf=False)
    assert refused.status_code == 400
    with app.app_context():
        from board.models import Trainee
        assert db.session.scalar(select(Trainee.headline)) != "바뀜"


def test_logout_ends_only_this_devices_session(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, email)
    sign_in(phone, email)
    assert laptop.post("/logout").status_code == 303
    assert laptop.get("/me/").status_code == 302
    assert phone.get("/me/").status_code == 200


def test_each_sign_in_gets_its_own_session_cookie_and_row(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    first, second = app.test_client(), app.test_client()
    sign_in(first, email)
    sign_in(second, email)
    assert first.get_cookie("session").value != second.get_cookie("session").value
    with app.app_context():
        rows = db.session.scalars(select(LoginSession)).all()
        assert len(rows) == 2
        # Only digests are kept: the database holds nothing a cookie could be made from.
        assert all(len(r.token_digest) == 64 for r in rows)
        assert not any(r.token_digest in (first.get_cookie("session").value, second.get_cookie("session").value) for r in rows)


@pytest.mark.parametrize("age,signed_in", [(timedelta(days=13), True), (timedelta(days=15), False)])
def test_no_session_outlives_the_remember_me_cookie(app, make, age, signed_in):
    # A cookie copied to another machine would otherwise work for as long as the row lives.
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    sign_in(client, email, remember="y")
    with app.app_context():
        from board.models.types import utcnow
        db.session.execute(update(LoginSession).values(created_at=utcnow() - age))
        db.session.commit()
    response = client.get("/me/")
    assert (response.status_code == 200) is signed_in
    if not signed_in:
        assert response.headers["Location"].startswith("/login")
        with app.app_context():
            assert db.session.scalar(select(LoginSession)) is None
