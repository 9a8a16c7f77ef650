"""Links that leave the board (mail) are built from BOARD_URL, never from the request's Host.

An outside probe had `POST /password-reset` with `Host: evil.example`, or with
`X-Forwarded-Host: evil.example`, mail the victim a working reset link on the attacker's
host. Here every request that mails a link (password reset, colleague invitation, roster
invitations and their resending) is sent with a forged Host and a forged X-Forwarded-Host,
in development and in production settings: the forged Host is refused with 400 before any
mail leaves, and every mailed link starts with BOARD_URL whatever the request said.
"""
import re

import pytest

from board import create_app
from board.platform.config import ConfigError, from_environment
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import OutboxMessage, Role
from tests.conftest import Factory, board_test_config, sign_in
from tests.test_rosters import ROWS, csv_bytes, import_id_of, trainee_id, upload

PROXY = "10.0.0.2"  # the reverse proxy's address, in TRUSTED_PROXIES
LINK = re.compile(r"https?://\S+/(?:password-reset|welcome|invitations)/\S+")

SETTINGS = {
    # The test client asks for http://localhost, which development trusts beside BOARD_URL's host.
    "development": {"BOARD_URL": "http://127.0.0.1:5000", "TRUSTED_PROXIES": [PROXY]},
    # In production only BOARD_URL's host is trusted, and the names in EXTRA_HOSTS (here the
    # test client's `localhost`, as a load balancer's health check would use an internal name).
    "production": {"BOARD_ENV": "production", "BOARD_URL": "https://board.example", "EXTRA_HOSTS": ["localhost"],
                   "TRUSTED_PROXIES": [PROXY]},
}


@pytest.fixture
def board(make_board):
    """board(setting, **config): the board with SETTINGS[setting] on the test database (emptied by `app`)."""
    return lambda setting, **config: make_board(**{**SETTINGS[setting], **config})


def client_of(board):
    client = board.test_client()
    # Over https (production's test client, or a proxy's X-Forwarded-Proto) Flask-WTF wants a same-origin Referer.
    client.environ_base["HTTP_REFERER"] = "https://localhost/"
    return client


def signed_in(board, email):
    client = client_of(board)
    assert sign_in(client, email).status_code == 303
    return client


# Each mailing request: set up what it needs through clean requests, then send(client, path, data)
# sends only the request that mails the link, with the forgery under test.
def password_reset(board, make, send):
    make.user(Role.TRAINEE, email="t@example.kr")
    return send(client_of(board), "/password-reset", {"email": "t@example.kr"})


def colleague_invitation(board, make, send):
    company_id = make.company()
    make.user(Role.COMPANY, email="member@vision.example", company_id=company_id)
    return send(signed_in(board, "member@vision.example"), "/company/members/invite", {"email": "new@vision.example"})


def _committee_with_upload(board, make):
    cohort_id = make.cohort()
    make.user(Role.COMMITTEE, email="committee@example.kr")
    committee = signed_in(board, "committee@example.kr")
    return committee, import_id_of(upload(committee, cohort_id, csv_bytes(ROWS[:2])))


def roster_invitations(board, make, send):
    committee, import_id = _committee_with_upload(board, make)
    return send(committee, f"/committee/roster-imports/{import_id}/confirm", {})


def roster_invitation_resent(board, make, send):
    committee, import_id = _committee_with_upload(board, make)
    assert committee.post(f"/committee/roster-imports/{import_id}/confirm").status_code == 303
    return send(committee, f"/committee/trainees/{trainee_id(board, ROWS[0][1])}/invite", {})


MAILINGS = [password_reset, colleague_invitation, roster_invitations, roster_invitation_resent]
FORGED = "evil.example"
FORGERIES = {
    "nothing forged": ({}, {}),
    "Host": ({"Host": FORGED}, {}),
    "Host with the board's port": ({"Host": FORGED + ":5000"}, {}),
    "X-Forwarded-Host from the proxy": ({"X-Forwarded-Host": FORGED, "X-Forwarded-Proto": "https"}, {"REMOTE_ADDR": PROXY}),
    "X-Forwarded-Host from a client": ({"X-Forwarded-Host": FORGED}, {"REMOTE_ADDR": "203.0.113.7"}),
}


def mailed_links(app, send_request):
    """(send_request()'s response, the links in the messages it put in the outbox).

    Read from the outbox, not the log: in production without MAIL_SERVER messages wait there.
    """
    with app.app_context():
        last = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    response = send_request()
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.id > last)).all()
    return response, LINK.findall("\n".join(bodies))


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("mailing", MAILINGS, ids=lambda m: m.__name__)
def test_mailed_links_start_with_board_url_whatever_the_request_says(board, caplog, setting, forgery, mailing):
    app = board(setting)
    headers, environ = FORGERIES[forgery]
    answers = []

    def send(client, path, data):
        sent, data = dict(headers), {**data, "csrf_token": client.csrf_token()}
        if "Host" in sent:
            # The test client keeps cookies per host; an attacker sends the session cookie the board gave
            # them (with its CSRF token) to whatever host they like.
            client.set_cookie("session", client.get_cookie("session").value, domain=FORGED)
        response, links = mailed_links(app, lambda: client.post(path, data=data, headers=sent, environ_base=environ))
        answers.append((response, links))
        return response

    mailing(app, Factory(app), send)
    response, links = answers[-1]
    if "Host" in headers:
        # TRUSTED_HOSTS: the request is refused before the view runs, so nothing is mailed.
        assert response.status_code == 400
        assert links == []
        assert FORGED not in response.get_data(as_text=True)
    else:
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        assert links, "no link was mailed"
        assert all(link.startswith(app.config["BOARD_URL"] + "/") for link in links), links
    assert not any(FORGED in link for _, sent in answers for link in sent)


@pytest.mark.parametrize("setting", SETTINGS)
def test_a_forwarded_host_counts_only_when_the_proxy_is_said_to_set_it(board, caplog, setting):
    app = board(setting, PROXY_SETS_HOST=True)
    make = Factory(app)
    make.user(Role.TRAINEE, email="t@example.kr")
    client = client_of(app)
    from_proxy = {"REMOTE_ADDR": PROXY}

    # The proxy passes on a forged name: its X-Forwarded-Host is believed, and refused as untrusted.
    response, links = mailed_links(app, lambda: client.post(
        "/password-reset", data={"email": "t@example.kr"}, environ_base=from_proxy,
        headers={"X-Forwarded-Host": FORGED, "X-Forwarded-Proto": "https"}))
    assert response.status_code == 400 and links == []

    # The proxy sets the board's own name: served, and the link still comes from BOARD_URL.
    board_host = app.config["BOARD_URL"].split("://")[1]
    response, links = mailed_links(app, lambda: client.post(
        "/password-reset", data={"email": "t@example.kr"}, environ_base=from_proxy,
        headers={"X-Forwarded-Host": board_host, "X-Forwarded-Proto": "https", "Referer": f"https://{board_host}/"}))
    assert response.status_code == 303 and links and links[0].startswith(app.config["BOARD_URL"] + "/")

    # A client that is not the proxy cannot use the header at all.
    response, links = mailed_links(app, lambda: client.post(
        "/password-reset", data={"email": "t@example.kr"}, environ_base={"REMOTE_ADDR": "203.0.113.7"},
        headers={"X-Forwarded-Host": FORGED}))
    assert response.status_code == 303 and links and links[0].startswith(app.config["BOARD_URL"] + "/")


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("path", ["/", "/login", "/password-reset", "/healthz", "/static/css/board.css"])
def test_a_forged_host_gets_400_on_every_kind_of_request(board, setting, path):
    response = client_of(board(setting)).get(path, headers={"Host": FORGED})
    assert response.status_code == 400
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert FORGED not in response.get_data(as_text=True)


def test_production_refuses_to_start_without_board_url(database_url):
    with pytest.raises(ConfigError, match="BOARD_URL"):
        create_app({**board_test_config(database_url), "BOARD_ENV": "production", "BOARD_URL": None})


@pytest.mark.parametrize("url", ["board.example", "ftp://board.example", "https://board.example/board",
                                 "https://board.example?x=1", "https://user@board.example", "https://"])
def test_board_url_must_be_an_origin(database_url, url):
    with pytest.raises(ConfigError, match="BOARD_URL"):
        create_app({**board_test_config(database_url), "BOARD_URL": url})


def test_production_trusts_only_board_url_and_the_extra_hosts(board):
    app = board("production", EXTRA_HOSTS=["10.0.0.9"])
    assert app.config["TRUSTED_HOSTS"] == ["board.example", "10.0.0.9"]
    assert board("production", EXTRA_HOSTS=[]).config["TRUSTED_HOSTS"] == ["board.example"]


def test_development_defaults_to_the_local_server(monkeypatch, tmp_path):
    for name in ("BOARD_URL", "BOARD_ENV", "PORT", "FLASK_RUN_PORT", "TRUSTED_PROXIES", "PROXY_SETS_HOST"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(tmp_path)
    assert config["BOARD_URL"] == "http://127.0.0.1:5000"
    assert config["TRUSTED_PROXIES"] == [] and config["PROXY_SETS_HOST"] is False
    monkeypatch.setenv("PORT", "8123")
    assert from_environment(tmp_path)["BOARD_URL"] == "http://127.0.0.1:8123"
    monkeypatch.setenv("BOARD_URL", "https://board.example/")
    assert from_environment(tmp_path)["BOARD_URL"] == "https://board.example/"


def test_development_trusts_the_local_names(board):
    app = board("development")
    assert set(app.config["TRUSTED_HOSTS"]) == {"127.0.0.1", "localhost"}
    assert app.test_client().get("/", base_url="http://127.0.0.1:5000").status_code == 200
