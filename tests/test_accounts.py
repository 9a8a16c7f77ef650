"""Signing in and out, sessions, passwords and throttling, as a user or an attacker sees them."""
import re

import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import LoginSession, Role, User
from tests.conftest import PASSWORD, sign_in

WRONG = "The email or password is not correct."


def _email(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).email


def _error_text(response):
    return re.sub(r'(value|data-token)="[^"]*"', "", response.get_data(as_text=True))


def test_login_lands_on_each_roles_area(app, make, client):
    expected = {Role.TRAINEE: "/me/", Role.COMPANY: "/company/", Role.COMMITTEE: "/committee/", Role.ADMIN: "/admin/"}
    for role, area in expected.items():
        extra = {"company_id": make.company()} if role == Role.COMPANY else {}
        c = app.test_client()
        response = sign_in(c, _email(app, make.user(role, **extra)))
        assert response.status_code == 303
        assert response.headers["Location"] == area
        assert c.get(area).status_code == 200


def test_login_email_is_case_insensitive(app, make, client):
    user_id = make.user(Role.TRAINEE, email="Kim.Minji@Example.kr")
    assert _email(app, user_id) == "kim.minji@example.kr"
    assert sign_in(client, "  KIM.MINJI@example.KR ").status_code == 303


def test_wrong_password_unknown_email_and_inactive_account_get_the_same_answer(app, make):
    known = _email(app, make.user(Role.TRAINEE))
    inactive = _email(app, make.user(Role.TRAINEE, active=False))
    answers = []
    for email, password in [(known, "wrong-password-1"), ("nobody@example.kr", "wrong-password-1"), (inactive, PASSWORD)]:
        response = sign_in(app.test_client(), email, password)
        assert response.status_code == 401
        assert WRONG not in response.get_data(as_text=True)  # shown in Korean by default
        answers.append(_error_text(response).replace(email, ""))
    assert answers[0] == answers[1] == answers[2]


def test_login_error_is_shown_next_to_the_field_in_korean(app, make, client):
    email = _email(app, make.user(Role.TRAINEE))
    page = sign_in(client, email, "wrong-password-1").get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert 'id="password-error"' in page
    assert "이메일" in page


def test_session_token_changes_at_login_and_anonymous_data_is_dropped(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, email)
    with client.session_transaction() as session:
        first = session["_user_id"]
        assert "planted" not in session
    client.post("/logout")
    sign_in(client, email)
    with client.session_transaction() as session:
        assert session["_user_id"] != first
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1


def _copy_cookies(source, target):
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def test_copied_session_cookie_is_dead_after_logout(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    victim, thief = app.test_client(), app.test_client()
    sign_in(victim, email, remember="y")
    _copy_cookies(victim, thief)
    assert thief.get("/me/").status_code == 200
    assert victim.post("/logout").status_code == 303
    response = thief.get("/me/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_copied_cookie_is_dead_after_password_change_but_the_changer_stays_in(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    owner, other_device = app.test_client(), app.test_client()
    sign_in(owner, email)
    sign_in(other_device, email)
    copy = app.test_client()
    _copy_cookies(owner, copy)
    response = owner.post("/account/password", data={"current": PASSWORD, "password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 303
    assert owner.get("/me/").status_code == 200
    assert other_device.get("/me/").status_code == 302
    assert copy.get("/me/").status_code == 302
    assert sign_in(app.test_client(), email, "a-new-long-password").status_code == 303
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 401


def test_password_change_refuses_a_wrong_current_password(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    sign_in(client, email)
    response = client.post("/account/password", data={"current": "not-it-at-all", "password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert response.status_code == 422
    assert 'id="current-error"' in response.get_data(as_text=True)
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 303


@pytest.mark.parametrize("password,confirm", [("short", "short"), ("long-enough-pass", "different-pass-1"), ("x" * 129, "x" * 129)])
def test_password_change_rejects_weak_or_mismatched_passwords(app, make, password, confirm):
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    sign_in(client, email)
    response = client.post("/account/password", data={"current": PASSWORD, "password": password, "confirm": confirm})
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert sign_in(app.test_client(), email, PASSWORD).status_code == 303


def test_deactivated_account_is_out_at_its_next_request(app, make):
    user_id = make.user(Role.TRAINEE)
    client = app.test_client()
    sign_in(client, _email(app, user_id))
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    assert client.get("/me/").status_code == 302


def test_nth_plus_one_failed_login_for_an_account_is_throttled(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(limit):
        assert sign_in(app.test_client(), email, "wrong-password-1").status_code == 401
    # Even the right password is refused now, from a fresh browser.
    throttled = sign_in(app.test_client(), email, PASSWORD)
    assert throttled.status_code == 429
    assert "Retry-After" in throttled.headers
    # Another account from the same address is not affected by this account's limit.
    other = _email(app, make.user(Role.TRAINEE))
    assert sign_in(app.test_client(), other).status_code == 303


def test_failed_logins_from_one_address_are_throttled_across_accounts(app, make):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for n in range(3):
        assert sign_in(app.test_client(), f"guess{n}@example.kr", "wrong-password-1").status_code == 401
    assert sign_in(app.test_client(), _email(app, make.user(Role.TRAINEE))).status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    for _ in range(limit + 2):
        client = app.test_client()
        assert sign_in(client, email).status_code == 303


@pytest.mark.parametrize("target,expected", [
    ("/me/", "/me/"),
    ("/openings?page=2", "/openings?page=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("http:/evil.example", "/"),
])
def test_next_redirect_goes_only_to_our_own_paths(app, make, client, target, expected):
    email = _email(app, make.user(Role.TRAINEE))
    response = sign_in(client, email, next=target)
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_login_page_carries_next_from_the_url(app, client):
    response = client.get("/me/")
    assert response.headers["Location"] == "/login?next=%2Fme%2F"
    assert 'value="/me/"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie_only_when_asked(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    plain, remembered = app.test_client(), app.test_client()
    sign_in(plain, email)
    sign_in(remembered, email, remember="y")
    assert plain.get_cookie("remember_token") is None
    cookie = remembered.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    # With only the remember cookie (the browser was closed), the person is still signed in.
    revived = app.test_client()
    revived.set_cookie("remember_token", cookie.value)
    assert revived.get("/me/").status_code == 200


@pytest.mark.parametrize("session_cookie", [True, False], ids=["open browser", "browser closed and reopened"])
def test_logout_deletes_the_remember_me_cookie(app, make, session_cookie):
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    sign_in(client, email, remember="y")
    if not session_cookie:
        remembered = client.get_cookie("remember_token").value
        client = app.test_client()
        client.set_cookie("remember_token", remembered)
        assert client.get("/me/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 303
    cleared = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    assert cleared and ("Max-Age=0" in cleared[0] or "Expires=Thu, 01 Jan 1970" in cleared[0]), cleared
    assert client.get_cookie("remember_token") is None
    assert client.get("/me/").status_code == 302


def test_logout_needs_a_post_with_csrf(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    client = app.test_client()
    sign_in(client, email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/me/").status_code == 200
