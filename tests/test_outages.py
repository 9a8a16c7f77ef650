"""Redis or the database down: people still sign in, browse and upload, or are told in their
language to try again in a moment, never given Werkzeug's bare "Internal Server Error"."""
import logging
import shutil
import subprocess
import time

import pytest
import redis

from board.platform.extensions import db, limiter
from board.models import Role, User
from e2e.server import free_port
from tests.conftest import PASSWORD, Factory, pdf_bytes, sign_in
from tests.test_headers import assert_headers
from tests.test_profile import upload

TRY_AGAIN = "잠시 후 다시 시도해 주세요"


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (never the shared one), and a way to stop it."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", str(tmp_path), "--daemonize", "yes"], check=True, capture_output=True)
    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)

    def stop():
        try:
            client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # the server closes the connection as it stops

    yield port, stop
    stop()
    # The limiter is one object for the process; it must not stay switched to its fallback.
    limiter._storage_dead = False


@pytest.fixture
def board_with(make_board):
    """board_with(**config): the board answering as in production (errors become pages), with config."""
    return lambda **config: make_board(PROPAGATE_EXCEPTIONS=False, **config)


def test_with_redis_stopped_people_still_sign_in_browse_and_upload(app, board_with, own_redis, caplog):
    port, stop_redis = own_redis
    board = board_with(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0")
    make = Factory(board)
    user_ids = [make.user(Role.TRAINEE) for _ in range(3)]
    with board.app_context():
        emails = [db.session.get(User, user_id).email for user_id in user_ids]
    assert sign_in(board.test_client(), emails[0], "wrong-password-1").status_code == 401
    assert redis.Redis(port=port).keys("LIMITS:board-login:*"), "the attempt was counted in Redis"

    stop_redis()
    caplog.set_level(logging.WARNING)
    for email in emails:
        client = board.test_client()
        assert sign_in(client, email, "wrong-password-1").status_code == 401
        assert sign_in(client, email).status_code == 303
        assert client.get("/me/").status_code == 200
        assert client.get("/openings").status_code == 200
        assert upload(client, pdf_bytes()).status_code in (200, 303)
    asked = board.test_client().post("/password-reset", data={"email": emails[0]})
    assert asked.status_code == 303
    # Still counting, in memory: with the one above, the sixth wrong password is refused.
    stranger = board.test_client()
    answers = [sign_in(stranger, emails[1], "wrong-password-1").status_code for _ in range(5)]
    assert answers == [401] * 4 + [429]
    # Told once, not on every request.
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage().lower()]
    assert [r.name for r in warnings].count("board.web.accounts.attempts") == 1
    assert [r.name for r in warnings].count("flask-limiter") <= 1


DOWN = {
    "PostgreSQL with nothing listening": "postgresql+psycopg://postgres@127.0.0.1:1/board",
    "SQLite file that cannot open": "sqlite:////nonexistent-directory/board.sqlite",
}


@pytest.fixture
def signed_in_cookie(app, make):
    """The session cookie of a trainee signed in while the database was up."""
    client = app.test_client()
    with app.app_context():
        email = db.session.get(User, make.user(Role.TRAINEE)).email
    assert sign_in(client, email).status_code == 303
    return client.get_cookie("session").value


def _assert_try_again(response, english=False):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    body = response.get_data(as_text=True)
    assert "Internal Server Error" not in body
    assert ("Please try again in a moment" if english else TRY_AGAIN) in body
    assert_headers(response)


@pytest.mark.parametrize("where", DOWN)
@pytest.mark.parametrize("who", ["signed in", "visitor"])
def test_with_the_database_down_pages_answer_503_in_korean(board_with, signed_in_cookie, where, who):
    down = board_with(SQLALCHEMY_DATABASE_URI=DOWN[where])
    client = down.test_client()
    paths = ["/", "/openings", "/projects"]
    if who == "signed in":
        client.set_cookie("session", signed_in_cookie)
        paths += ["/me/", "/me/applications"]
    for path in paths:
        _assert_try_again(client.get(path))
    _assert_try_again(client.get("/openings", headers={"HX-Request": "true"}))
    # The page's stylesheet still comes, so the page looks like the board.
    with client.get("/static/css/board.css") as stylesheet:
        assert stylesheet.status_code == 200
        assert_headers(stylesheet)
    # Signing in needs the database too; the form page itself does not.
    visitor = down.test_client()
    token = visitor.csrf_token()
    _assert_try_again(visitor.post("/login", data={"email": "a@example.kr", "password": PASSWORD, "csrf_token": token}))


def test_with_the_database_down_the_page_keeps_the_persons_language(board_with, signed_in_cookie):
    down = board_with(SQLALCHEMY_DATABASE_URI=DOWN["PostgreSQL with nothing listening"])
    client = down.test_client()
    client.set_cookie("session", signed_in_cookie)
    with client.session_transaction() as session:
        session["lang"] = "en"
    _assert_try_again(client.get("/me/"), english=True)
    # Still signed in: the session is untouched, so the person is back when the database is.
    with client.session_transaction() as session:
        assert "_user_id" in session
