"""Sign-in limits as an attacker and as the account's owner meet them: parallel guesses,
the time an answer takes, and lockouts that strangers cause for the people they guess at."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import werkzeug.security

from board.web.accounts.attempts import ALLOWANCE_PER_PERSON, DEVICE_COOKIE
from board.platform.extensions import db
from board.models import Role, User
from board.models.accounts import create_account
from tests.conftest import PASSWORD, sign_in

WRONG = "wrong-password-1"


def _email(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).email


def _limit(app, name):
    return int(app.config[name].split()[0])


# --- 4. Parallel guesses -------------------------------------------------------------------


def test_a_guess_is_counted_before_its_password_is_checked(app, make, monkeypatch):
    """While one wrong password is still being hashed, a second guess at a one-attempt budget is refused."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "1 per 15 minutes"
    email = _email(app, make.user(Role.TRAINEE))
    hashing, second_answered = threading.Event(), threading.Event()
    real_hash = werkzeug.security._hash_internal

    def slow_first_hash(*args, **kwargs):
        if not hashing.is_set():
            hashing.set()
            second_answered.wait(timeout=5)  # a guard against a hang, not a timing assertion
        return real_hash(*args, **kwargs)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", slow_first_hash)
    first, second = app.test_client(), app.test_client()
    token = second.csrf_token()
    with ThreadPoolExecutor(max_workers=1) as pool:
        answer_one = pool.submit(sign_in, first, email, WRONG)
        assert hashing.wait(timeout=5)
        answer_two = second.post("/login", data={"email": email, "password": WRONG, "csrf_token": token})
        second_answered.set()
        assert answer_one.result(timeout=30).status_code == 401
    assert answer_two.status_code == 429
    assert "짧은 시간에 너무 많이 시도했습니다" in answer_two.get_data(as_text=True)


def test_ten_parallel_wrong_passwords_get_five_answers_and_five_refusals(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    clients = [app.test_client() for _ in range(10)]
    tokens = [c.csrf_token() for c in clients]
    start = threading.Barrier(10)

    def guess(n):
        start.wait(timeout=10)
        return clients[n].post("/login", data={"email": email, "password": WRONG, "csrf_token": tokens[n]}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(guess, range(10)))
    assert statuses == [401] * 5 + [429] * 5


# --- 5. The same work for every outcome ------------------------------------------------------


def test_every_failed_sign_in_costs_one_full_password_hash(app, make, monkeypatch):
    """Counting hashes, not time: an account without a password answered ten times faster before."""
    known = _email(app, make.user(Role.TRAINEE))
    inactive = _email(app, make.user(Role.TRAINEE, active=False))
    with app.app_context():
        # A rostered trainee who has not joined yet: an account without a password.
        create_account("not-joined@example.kr", "아직안옴", Role.TRAINEE)
        db.session.commit()
    sign_in(app.test_client(), "warm-up@example.kr", WRONG)  # the stand-in hash is made once per process
    calls = []
    real_hash = werkzeug.security._hash_internal

    def counting(method, salt, password):
        calls.append(method)
        return real_hash(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    outcomes = {"wrong password": (known, WRONG), "unknown email": ("nobody@example.kr", WRONG),
                "no password yet": ("not-joined@example.kr", WRONG), "deactivated": (inactive, PASSWORD),
                "right password": (known, PASSWORD)}
    for outcome, (email, password) in outcomes.items():
        client = app.test_client()
        client.csrf_token()
        calls.clear()
        response = sign_in(client, email, password)
        assert response.status_code == (303 if outcome == "right password" else 401), outcome
        assert calls == [app.config["PASSWORD_HASH_METHOD"]], outcome


# --- 9. Lockouts against the owner ---------------------------------------------------------------


def _owners_browser(app, email):
    """A browser that has signed in to the account before and signed out again."""
    browser = app.test_client()
    assert sign_in(browser, email).status_code == 303
    cookie = browser.get_cookie(DEVICE_COOKIE, path="/login")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Strict"
    assert email not in cookie.value
    browser.post("/logout")
    return browser


def test_a_strangers_guesses_do_not_lock_the_owners_browser_out(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    owner = _owners_browser(app, email)
    for _ in range(_limit(app, "LOGIN_LIMIT_PER_ACCOUNT")):
        assert sign_in(app.test_client(), email, WRONG).status_code == 401
    # Strangers are locked out, the right password included...
    assert sign_in(app.test_client(), email).status_code == 429
    # ...the owner's browser is not, and even its own typo does not lock it.
    assert sign_in(owner, email, WRONG).status_code == 401
    assert sign_in(owner, email).status_code == 303


def test_a_full_shared_address_does_not_stop_people_whose_browser_knows_them(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    owner = _owners_browser(app, email)
    # The owner's sign-in widened the address's budget a little; fill that too.
    for n in range(_limit(app, "LOGIN_LIMIT_PER_ADDRESS") + ALLOWANCE_PER_PERSON):
        assert sign_in(app.test_client(), f"guess{n}@example.kr", WRONG).status_code == 401
    assert sign_in(app.test_client(), _email(app, make.user(Role.TRAINEE))).status_code == 429
    assert sign_in(owner, email).status_code == 303


def test_the_owners_browser_has_a_budget_of_its_own(app, make):
    email = _email(app, make.user(Role.TRAINEE))
    owner = _owners_browser(app, email)
    for _ in range(_limit(app, "LOGIN_LIMIT_PER_DEVICE")):
        assert sign_in(owner, email, WRONG).status_code == 401
    assert sign_in(owner, email).status_code == 429
    # Spending it costs strangers nothing either.
    assert sign_in(app.test_client(), email).status_code == 303


@pytest.mark.parametrize("cookie", ["forged", "another account's"])
def test_a_forged_or_foreign_device_cookie_counts_as_a_stranger(app, make, cookie):
    email = _email(app, make.user(Role.TRAINEE))
    attacker = app.test_client()
    if cookie == "forged":
        attacker.set_cookie(DEVICE_COOKIE, "eyJkIjoieCIsImEiOltdfQ.forged.signature", path="/login")
    else:
        assert sign_in(attacker, _email(app, make.user(Role.TRAINEE))).status_code == 303
        attacker.post("/logout")
    for _ in range(_limit(app, "LOGIN_LIMIT_PER_ACCOUNT")):
        assert sign_in(attacker, email, WRONG).status_code == 401
    assert sign_in(attacker, email).status_code == 429


def test_people_signing_in_from_an_address_widen_its_budget(app, make):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for _ in range(2):
        # Two people sign in from the academy's address; signing in again adds nothing more.
        email = _email(app, make.user(Role.TRAINEE))
        assert sign_in(app.test_client(), email).status_code == 303
        assert sign_in(app.test_client(), email).status_code == 303
    for n in range(3 + 2 * ALLOWANCE_PER_PERSON):
        assert sign_in(app.test_client(), f"typo{n}@example.kr", WRONG).status_code == 401
    assert sign_in(app.test_client(), "typo@example.kr", WRONG).status_code == 429
