"""Per-address limits count the address the board can trust, not one the client chose.

An outside probe, talking to gunicorn directly in production (where X-Forwarded-For used
to be believed from anyone), rotated X-Forwarded-For and made 33 wrong sign-ins without a
429. Now the header counts only when the request comes from an address in TRUSTED_PROXIES.
"""
import pytest

from board import create_app
from board.platform.config import ConfigError
from board.models import Role
from tests.conftest import Factory, board_test_config

PROXY = "10.0.0.2"
PROXIES = ["10.0.0.2", "192.168.50.0/24"]
PRODUCTION = {"BOARD_ENV": "production", "BOARD_URL": "https://board.example", "EXTRA_HOSTS": ["localhost"],
              # What production defaulted to before: one proxy's X-Forwarded-For believed.
              "PROXY_FIX_X_FOR": 1, "LOGIN_LIMIT_PER_ADDRESS": "3 per 15 minutes"}


@pytest.fixture
def production(make_board):
    """production(**config): the board in production settings on the test database."""
    return lambda **config: make_board(**{**PRODUCTION, **config})


def client_from(app, remote_addr):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=remote_addr, HTTP_REFERER="https://localhost/")
    return client


def wrong_sign_ins(client, forwarded_for):
    """One wrong password for a different account per X-Forwarded-For value (the per-account limit stays out of it)."""
    return [client.post("/login", data={"email": f"nobody{n}@example.kr", "password": "wrong-password-1"},
                        headers={"X-Forwarded-For": address}).status_code
            for n, address in enumerate(forwarded_for)]


ROTATING = [f"198.51.100.{n}" for n in range(1, 7)]


@pytest.mark.parametrize("proxies", [[], [PROXY]], ids=["no proxy configured", "another address is the proxy"])
def test_a_client_rotating_x_forwarded_for_still_hits_the_address_limit(production, proxies):
    client = client_from(production(TRUSTED_PROXIES=proxies), "203.0.113.7")
    assert wrong_sign_ins(client, ROTATING) == [401, 401, 401, 429, 429, 429]


@pytest.mark.parametrize("proxy", [PROXY, "192.168.50.17"])
def test_behind_a_trusted_proxy_each_client_address_has_its_own_budget(production, proxy):
    client = client_from(production(TRUSTED_PROXIES=PROXIES), proxy)
    assert wrong_sign_ins(client, ROTATING) == [401] * 6
    # One client behind the proxy, the same forwarded address every time: its own limit.
    assert wrong_sign_ins(client, ["198.51.100.99"] * 4) == [401, 401, 401, 429]


def test_password_reset_mails_are_limited_per_real_address(production):
    app = production(TRUSTED_PROXIES=[PROXY])
    Factory(app).user(Role.TRAINEE, email="t@example.kr")

    def ask(client, address):
        return client.post("/password-reset", data={"email": "t@example.kr"},
                           headers={"X-Forwarded-For": address}).status_code

    direct = client_from(app, "203.0.113.7")
    assert [ask(direct, f"198.51.100.{n}") for n in range(11)] == [303] * 10 + [429]
    # Through the proxy, another client's requests are counted apart from the first one's.
    proxied = client_from(app, PROXY)
    assert [ask(proxied, f"198.51.100.{n}") for n in range(11)] == [303] * 11


def test_the_forwarded_scheme_counts_only_from_the_proxy(production):
    app = production(TRUSTED_PROXIES=[PROXY])

    @app.route("/test-only/scheme")
    def scheme():
        from flask import request
        return f"{request.scheme} {request.remote_addr}"

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1"}
    direct = client_from(app, "203.0.113.7").get("/test-only/scheme", headers=headers)
    assert direct.get_data(as_text=True) == "http 203.0.113.7"
    proxied = client_from(app, PROXY).get("/test-only/scheme", headers=headers)
    assert proxied.get_data(as_text=True) == "https 198.51.100.1"


@pytest.mark.parametrize("proxies", [["10.0.0.300"], ["not-an-address"], "10.0.0.1, 10.0.0/33"])
def test_a_mistyped_proxy_address_stops_the_start(database_url, proxies):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        create_app({**board_test_config(database_url), "TRUSTED_PROXIES": proxies})
