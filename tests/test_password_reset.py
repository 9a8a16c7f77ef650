"""Password reset by a signed, expiring, single-use link (logged until mail is configured)."""
import logging
import re

from board.models import Role
from tests.conftest import PASSWORD, sign_in

LINK = re.compile(r"http://localhost/password-reset/(\S+)")


def _request_link(client, caplog, email):
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = client.post("/password-reset", data={"email": email})
    assert response.status_code == 303
    match = LINK.search(caplog.text)
    return match.group(1) if match else None


def test_reset_link_is_logged_and_works_once(app, make, client, caplog):
    user_id = make.user(Role.TRAINEE, email="t@example.kr")
    other_session = app.test_client()
    sign_in(other_session, "t@example.kr")
    token = _request_link(client, caplog, "T@example.kr")
    assert token
    assert client.get(f"/password-reset/{token}").status_code == 200
    response = client.post(f"/password-reset/{token}", data={"password": "brand-new-password", "confirm": "brand-new-password"})
    assert response.status_code == 303 and response.headers["Location"] == "/me/"
    # Signed in with the new password; every older session is over.
    assert client.get("/me/").status_code == 200
    assert other_session.get("/me/").status_code == 302
    assert sign_in(app.test_client(), "t@example.kr", "brand-new-password").status_code == 303
    # The same link again: refused, password unchanged.
    again = app.test_client().post(f"/password-reset/{token}", data={"password": "attacker-password", "confirm": "attacker-password"})
    assert again.status_code == 303 and again.headers["Location"] == "/password-reset"
    assert sign_in(app.test_client(), "t@example.kr", "attacker-password").status_code == 401
    assert user_id


def test_unknown_email_gets_the_same_answer_and_no_link(app, make, client, caplog):
    make.user(Role.TRAINEE, email="t@example.kr")
    known = client.post("/password-reset", data={"email": "t@example.kr"})
    unknown = app.test_client().post("/password-reset", data={"email": "nobody@example.kr"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert _request_link(app.test_client(), caplog, "nobody@example.kr") is None


def test_expired_or_forged_links_are_refused(app, make, client, caplog):
    make.user(Role.TRAINEE, email="t@example.kr")
    token = _request_link(client, caplog, "t@example.kr")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    expired = client.post(f"/password-reset/{token}", data={"password": "brand-new-password", "confirm": "brand-new-password"})
    assert expired.headers["Location"] == "/password-reset"
    app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    forged = client.post(f"/password-reset/{token[:-2]}xx", data={"password": "brand-new-password", "confirm": "brand-new-password"})
    assert forged.headers["Location"] == "/password-reset"
    assert sign_in(app.test_client(), "t@example.kr", PASSWORD).status_code == 303


def test_reset_form_errors_keep_the_link_usable(app, make, client, caplog):
    make.user(Role.TRAINEE, email="t@example.kr")
    token = _request_link(client, caplog, "t@example.kr")
    bad = client.post(f"/password-reset/{token}", data={"password": "short", "confirm": "short"})
    assert bad.status_code == 422 and 'id="password-error"' in bad.get_data(as_text=True)
    good = client.post(f"/password-reset/{token}", data={"password": "brand-new-password", "confirm": "brand-new-password"})
    assert good.status_code == 303


def test_server_error_page_matches_the_layout_and_saves_nothing(app, client):
    from board.platform.extensions import db
    from board.models import Cohort
    from datetime import date

    @app.route("/__boom")
    def boom():
        db.session.add(Cohort(number=99, starts_on=date(2026, 1, 1), ends_on=date(2026, 7, 1)))
        db.session.flush()
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/__boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert '<nav class="wrap main-nav"' in page and "500" in page
    assert "Content-Security-Policy" in response.headers
    with app.app_context():
        assert db.session.query(Cohort).count() == 0
