"""Logging: every line of a request carries its id, the response names it, a crash is logged and not shown."""
import logging

import pytest

from board import create_app
from board.platform.extensions import db
from board.platform.request_log import FORMAT, HEADER
from tests.conftest import BoardClient, board_test_config


def test_a_request_gets_an_id_in_its_response_and_its_log_lines(app, client, caplog):
    @app.get("/test-only/says")
    def says():
        logging.getLogger("board.test").warning("something worth a line")
        return "ok"

    caplog.set_level(logging.INFO)
    first, second = client.get("/test-only/says"), client.get("/test-only/says")
    ids = [first.headers[HEADER], second.headers[HEADER]]
    assert all(ids) and ids[0] != ids[1]
    lines = [r for r in caplog.records if r.getMessage() == "something worth a line"]
    assert [r.request_id for r in lines] == ids
    # The one format names the id.
    assert ids[0] in logging.Formatter(FORMAT).format(lines[0])


def test_a_well_formed_incoming_id_is_kept(client):
    sent = "3f2b9c1e-7a4d-4e2b-9f00-1c2d3e4f5a6b"
    assert client.get("/", headers={HEADER: sent}).headers[HEADER] == sent


@pytest.mark.parametrize("hostile", ["abc\r\nSet-Cookie: x=1", "a" * 1024, "<script>", ""])
def test_a_hostile_incoming_id_is_replaced(client, hostile):
    # Set in the WSGI environ: the test client itself refuses a header with a newline.
    answer = client.get("/", environ_overrides={"HTTP_X_REQUEST_ID": hostile})
    assert answer.status_code == 200
    assert answer.headers[HEADER] != hostile and 0 < len(answer.headers[HEADER]) <= 64
    assert "Set-Cookie: x=1" not in str(answer.headers) and "\n" not in answer.headers[HEADER]


def test_error_pages_carry_the_id_too(client):
    assert client.get("/no-such-page").headers[HEADER]


@pytest.fixture
def crashing_app(app, database_url):
    crashing = create_app({**board_test_config(database_url), "PROPAGATE_EXCEPTIONS": False})
    crashing.test_client_class = BoardClient

    @crashing.route("/test-only/boom")
    def boom():
        raise RuntimeError("a bug with a secret inside")
    yield crashing
    with crashing.app_context():
        db.engine.dispose()


def test_a_crash_is_logged_with_its_traceback_under_its_id_and_never_shown(crashing_app, caplog):
    caplog.set_level(logging.INFO)
    response = crashing_app.test_client().get("/test-only/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "a bug with a secret inside" not in body and "Traceback" not in body and "RuntimeError" not in body
    crashes = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert len(crashes) == 1
    assert crashes[0].request_id == response.headers[HEADER]
    assert "a bug with a secret inside" in caplog.text and "Traceback" in caplog.text
