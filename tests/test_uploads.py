"""Uploads checked with a bounded cost, and slow work that holds no write lock while it runs.

Hostile files (tests/hostile_files.py) are a few hundred kilobytes that cost a careless
parser tens of seconds and hundreds of megabytes; each must be refused with a clear
message within seconds. Then, on a file database with separate connections: while one
person's request does slow work (a password check, an upload check), another person's
write goes through; on SQLite a request that held the write lock meanwhile made it wait
10 s and fail with "database is locked".
"""
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

import board.web.accounts.attempts
import board.models.accounts
from board.platform import uploads
from board.platform.extensions import db
from board.models import Resume, Role, RosterImport, Trainee, User
from tests import hostile_files
from tests.conftest import PASSWORD, pdf_bytes
from tests.test_profile import message, profile_data, upload
from tests.test_rosters import upload as upload_roster

UNCHECKED = ("The file could not be checked: it is too complex or damaged. Save it again (a PDF printed to a "
             "new PDF, a sheet saved as a new .xlsx or CSV) and upload the new file.")
UNREADABLE = "The PDF could not be read. It may be damaged; save it again and upload the new file."
# A generous guard against a hang, not a speed target: the check's own wall-clock limit is 10 s.
ANSWERED_WITHIN = 30


@pytest.mark.parametrize("build,msgid", [
    (hostile_files.object_stream_bomb, UNCHECKED),     # 300 KB; 39 s and 380 MB of pypdf before
    (hostile_files.many_object_streams, UNCHECKED),    # each stream under any per-stream cap: the CPU limit ends it
    (hostile_files.page_tree_fan_out, UNCHECKED),      # 2**40 pages from 40 objects
    (hostile_files.deep_page_tree, UNCHECKED),         # 50,000 levels of page tree
    (hostile_files.huge_image, UNCHECKED),             # a 40-gigapixel image for the committee's viewer
    (hostile_files.deep_nesting, UNREADABLE),          # an array nested 200,000 deep
], ids=lambda value: getattr(value, "__name__", ""))
def test_hostile_pdfs_are_refused_within_seconds_and_nothing_is_stored(app, as_role, build, msgid):
    trainee = as_role(Role.TRAINEE)
    content = build()
    started = time.monotonic()
    response = upload(trainee, content)
    assert time.monotonic() - started < ANSWERED_WITHIN
    assert response.status_code == 422
    assert message(app, msgid) in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Resume.id)) is None


def test_the_refusal_is_in_korean(app, as_role):
    page = upload(as_role(Role.TRAINEE), hostile_files.object_stream_bomb()).get_data(as_text=True)
    assert "파일을 확인할 수 없습니다" in page


def test_ordinary_pdfs_still_pass(app, as_role):
    trainee = as_role(Role.TRAINEE)
    assert upload(trainee, pdf_bytes(pages=30), filename="포트폴리오.pdf").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Resume.filename)) == "포트폴리오.pdf"


def test_a_roster_workbook_that_takes_seconds_to_read_is_refused(app, make, as_role):
    """47 KB that unpack to under 20 MB (past the zip-bomb check) and cost openpyxl 12 s of CPU."""
    committee = as_role(Role.COMMITTEE)
    cohort_id = make.cohort(2)
    started = time.monotonic()
    response = upload_roster(committee, cohort_id, hostile_files.xlsx_shared_strings_bomb(1_100_000), "명단.xlsx")
    assert time.monotonic() - started < ANSWERED_WITHIN
    assert response.status_code == 422 and message(app, UNCHECKED) in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RosterImport.id)) is None


@pytest.mark.parametrize("checker", [
    "import time; time.sleep(30)",                          # hangs: killed at the wall-clock limit
    "import os; os.kill(os.getpid(), 9)",                    # killed, as by the kernel's limits
    "print('not json')",
    "import json, sys; sys.stdout.write(json.dumps({'ok': 'yes'}))",
], ids=["hangs", "killed", "no-json", "odd-answer"])
def test_a_checker_that_hangs_dies_or_babbles_refuses_the_file(app, as_role, monkeypatch, tmp_path, checker):
    trainee = as_role(Role.TRAINEE)
    script = tmp_path / "checker.py"
    script.write_text(checker)
    monkeypatch.setattr(uploads, "WALL_SECONDS", 2)
    monkeypatch.setattr(uploads, "CHECKER", script)
    response = upload(trainee, pdf_bytes())
    assert response.status_code == 422 and message(app, UNCHECKED) in response.get_data(as_text=True)


# -- slow work holds no write lock ----------------------------------------------------------------------------

def _slow_at(monkeypatch, module, name, other_done):
    """Make module.name wait (at most 60 s) until the other person's write is done; returns the event set when it starts."""
    started = threading.Event()
    original = getattr(module, name)

    def slow(*args, **kwargs):
        started.set()
        other_done.wait(timeout=60)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return started


def _while_slow(slow_request, started, other_write, other_done):
    """Run slow_request in a thread; once its slow part has started, run other_write here. Both answers."""
    answers = {}
    thread = threading.Thread(target=lambda: answers.setdefault("slow", slow_request()))
    thread.start()
    try:
        assert started.wait(timeout=60), "the slow part never started"
        answers["other"] = other_write()
    finally:
        other_done.set()
        thread.join(timeout=60)
    return answers["slow"], answers["other"]


def _saves_profile(client):
    return lambda: client.post("/me/profile", data=profile_data(headline="다른 사람의 저장"))


def _headline(app, user_id):
    with app.app_context():
        return db.session.scalar(select(Trainee.headline).where(Trainee.user_id == user_id))


@pytest.fixture
def other(as_role):
    """Another trainee, signed in, who will save their profile; (client, user id)."""
    client = as_role(Role.TRAINEE)
    return client, client.user_id


def test_a_write_goes_through_while_someone_signs_in(app, make, other, monkeypatch):
    """The password check (here held open until the other write is done) runs outside any transaction."""
    client, other_id = other
    make.user(Role.TRAINEE, email="slow@example.kr")
    visitor = app.test_client()
    token = visitor.csrf_token()
    other_done = threading.Event()
    started = _slow_at(monkeypatch, board.web.accounts.attempts, "check_password_hash", other_done)
    signed_in, saved = _while_slow(
        lambda: visitor.post("/login", data={"email": "slow@example.kr", "password": PASSWORD, "csrf_token": token}, csrf=False),
        started, _saves_profile(client), other_done)
    assert saved.status_code == 303 and _headline(app, other_id) == "다른 사람의 저장"
    assert signed_in.status_code == 303


def test_a_write_goes_through_while_someone_signs_in_with_an_unknown_email(app, other, monkeypatch):
    client, other_id = other
    visitor = app.test_client()
    token = visitor.csrf_token()
    other_done = threading.Event()
    started = _slow_at(monkeypatch, board.web.accounts.attempts, "check_password_hash", other_done)
    failed, saved = _while_slow(
        lambda: visitor.post("/login", data={"email": "nobody@example.kr", "password": PASSWORD, "csrf_token": token}, csrf=False),
        started, _saves_profile(client), other_done)
    assert saved.status_code == 303 and _headline(app, other_id) == "다른 사람의 저장"
    assert failed.status_code == 401


def test_a_write_goes_through_while_a_resume_is_checked(app, as_role, other, monkeypatch):
    client, other_id = other
    uploader = as_role(Role.TRAINEE)
    other_done = threading.Event()
    started = _slow_at(monkeypatch, uploads, "run_checker", other_done)
    uploaded, saved = _while_slow(lambda: upload(uploader, pdf_bytes()), started, _saves_profile(client), other_done)
    assert saved.status_code == 303 and _headline(app, other_id) == "다른 사람의 저장"
    assert uploaded.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Resume.id)) is not None


def test_a_write_goes_through_while_a_roster_is_checked(app, make, as_role, other, monkeypatch):
    client, other_id = other
    committee = as_role(Role.COMMITTEE)
    cohort_id = make.cohort(3)
    content = "이름,이메일,반,지역\n김민지,minji@example.kr,1,광주\n".encode()
    other_done = threading.Event()
    started = _slow_at(monkeypatch, uploads, "run_checker", other_done)
    uploaded, saved = _while_slow(lambda: upload_roster(committee, cohort_id, content, "명단.csv"),
                                  started, _saves_profile(client), other_done)
    assert saved.status_code == 303 and _headline(app, other_id) == "다른 사람의 저장"
    assert uploaded.status_code == 303


def test_a_write_goes_through_while_a_new_password_is_hashed(app, make, other, monkeypatch):
    client, other_id = other
    changer = app.test_client()
    make.user(Role.TRAINEE, email="changer@example.kr")
    changer.post("/login", data={"email": "changer@example.kr", "password": PASSWORD})
    token = changer.csrf_token()
    other_done = threading.Event()
    started = _slow_at(monkeypatch, board.models.accounts, "generate_password_hash", other_done)
    changed, saved = _while_slow(
        lambda: changer.post("/account/password", data={"current": PASSWORD, "password": "another-long-password",
                                                        "confirm": "another-long-password", "csrf_token": token}, csrf=False),
        started, _saves_profile(client), other_done)
    assert saved.status_code == 303 and _headline(app, other_id) == "다른 사람의 저장"
    assert changed.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "changer@example.kr")).check_password("another-long-password")


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_the_session_look_up_ends_before_the_view_and_holds_no_lock(app, make, method):
    """In a POST, load_user reads in a transaction of its own that is over when the view starts."""
    from board.models import LoginSession
    from board.web.security import load_user

    user_id = make.user(Role.TRAINEE)
    with app.app_context():
        token = LoginSession.open(db.session.get(User, user_id))
        db.session.commit()
    with app.test_request_context("/me/profile", method=method):
        user = load_user(token)
        assert user is not None and user.id == user_id
        if method == "POST":
            assert not db.session().in_transaction()
            if db.engine.dialect.name == "sqlite":
                # Another connection takes the write lock at once (no busy wait: 0 s timeout).
                other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("ROLLBACK")
                finally:
                    other.close()
        # What the view reads next needs no second look-up of the user's own row.
        assert user.role == Role.TRAINEE and user.email
