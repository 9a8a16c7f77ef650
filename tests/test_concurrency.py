"""Concurrency and crash tests against the real board: gunicorn with four sync workers on a file database or PostgreSQL.

Races show only with separate processes and connections, so these tests drive the app
over HTTP (tests/live.py) while their data is laid out and checked through the models,
on the server's own database (a fresh SQLite file, or `<name>_concurrency` when
TEST_DATABASE_URL is set; the test session's database is never touched).
"""
import http.client
import random
import sqlite3
import threading
from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select, text, update
from werkzeug.security import generate_password_hash

from board import create_app
from board.platform.extensions import db
from board.models import (
    Application, InterviewSlot, LoginSession, LunchDay, LunchSignup, Opening, Outcome, Role, SignupStatus, Stage,
    StageChange, Trainee, User,
)
from board.domain.lunchdays import sign_up, waitlist_position
from board.models.types import utcnow
from board.domain.pipeline import FINAL, MOVES, OFFER_STAGES, THROUGH, apply, may_move, move
from tests.offer_world import advance
from tests.conftest import PASSWORD, Factory, board_test_config
from tests.hostile_files import object_stream_bomb
from tests.test_profile import profile_data
from tests.live import BoardServer, Visitor, add_trainees, in_parallel, together

# Its four gunicorn workers stay on one xdist worker (`--dist loadgroup`), beside the browser tests.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gunicorn")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = BoardServer(tmp_path_factory.mktemp("concurrency"), workers=4)
    server.start()
    yield server
    server.cleanup()


@pytest.fixture(scope="module")
def board(server):
    """The app in this process, on the server's database, to lay out data and read what the server wrote."""
    app = create_app(board_test_config(server.database_url))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def make(board):
    return Factory(board)


@pytest.fixture(scope="module")
def cohort(make):
    return make.cohort(number=2)


def no_server_errors(server):
    """No request failed inside the app (a 500 logs its traceback) and no worker was killed for hanging."""
    errors = server.errors()
    assert "Traceback" not in errors and "WORKER TIMEOUT" not in errors, errors


def signed_in(server, emails, **options):
    return in_parallel([lambda email=email: Visitor(server.url).sign_in(email, **options) for email in emails])


def statuses(answers):
    return Counter(a.status if not isinstance(a, Exception) else type(a).__name__ for a in answers)


def test_twenty_identical_applications_at_once_make_one(server, board, make, cohort):
    """A trainee's application sent twenty times at once (a stuck button, many tabs) is kept once."""
    opening_id = make.opening()
    [email] = add_trainees(board, "double", 1, cohort, with_resume=True)
    visitor = Visitor(server.url).sign_in(email)
    path = f"/me/openings/{opening_id}/apply"
    assert visitor.get(path).status == 200

    answers = together([lambda: visitor.post(path, {"cover_letter": "함께 성장하고 싶습니다."})] * 20)

    assert statuses(answers) == {303: 20}
    assert {a.location for a in answers} == {"/me/applications"}
    with board.app_context():
        trainee_id = db.session.scalar(select(Trainee.id).join(User).where(User.email == email))
        applications = db.session.scalars(select(Application).where(Application.trainee_id == trainee_id)).all()
        assert len(applications) == 1
        assert [(e.from_stage, e.to_stage) for e in applications[0].events] == [(None, Stage.SUBMITTED)]
    no_server_errors(server)


def _move_path(role, application_id):
    area = "company" if role == Role.COMPANY else "committee"
    return f"/{area}/pipeline/{application_id}/move"


def test_simultaneous_moves_of_one_card_leave_a_legal_history(server, board, make, cohort):
    """Three company members and three committee members move the same card at once, round after round."""
    company_id = make.company()
    opening_id = make.opening(company_id=company_id)
    emails = add_trainees(board, "moved", 3, cohort, with_resume=True)
    movers = ([(Role.COMPANY, make.user(Role.COMPANY, company_id=company_id)) for _ in range(3)]
              + [(Role.COMMITTEE, make.user(Role.COMMITTEE)) for _ in range(3)])
    with board.app_context():
        committee = db.session.get(User, movers[-1][1])
        application_ids = []
        for email in emails:
            trainee = db.session.scalar(select(Trainee).join(User).where(User.email == email))
            application = apply(trainee, db.session.get(Opening, opening_id), "지원합니다.", {}, trainee.user)
            db.session.commit()
            move(application, Stage.COMPANY_REVIEW, committee)
            db.session.commit()
            application_ids.append(application.id)
        mover_emails = [db.session.get(User, user_id).email for _, user_id in movers]
    visitors = signed_in(server, mover_emails)
    pick = random.Random(20211105)

    for application_id in application_ids:
        for _round in range(8):
            with board.app_context():
                stage, version = db.session.execute(select(Application.stage, Application.version)
                                                    .where(Application.id == application_id)).one()
            if stage in FINAL:
                break
            calls = []
            for (role, _), visitor in zip(movers, visitors):
                # 합격 and 채용 확정 are offers (board/domain/offers.py), never a card's move: their race is tested below.
                to = pick.choice([t for (f, t), roles in MOVES.items()
                                  if f == stage and role in roles and t not in OFFER_STAGES])
                form = {"to": to.value, "version": str(version), "from_stage": stage.value,
                        "rejection_code": "skills", "reason": "동시에 옮겨 봅니다."}
                calls.append(lambda v=visitor, r=role, f=form, a=application_id: v.post(_move_path(r, a), f))
            answers = together(calls)
            # Everyone saw the same version: exactly one move is made, the others are told someone was first.
            assert statuses(answers) == {303: 1, 409: len(movers) - 1}, (stage, statuses(answers))
        else:
            pytest.fail(f"application {application_id} never reached a final stage")

    with board.app_context():
        for application_id in application_ids:
            application = db.session.get(Application, application_id)
            events = db.session.scalars(select(StageChange).where(StageChange.application_id == application_id)
                                        .order_by(StageChange.id)).all()
            assert (events[0].from_stage, events[0].to_stage) == (None, Stage.SUBMITTED)
            for before, after in pairwise(events):
                assert after.from_stage == before.to_stage, "a stage was skipped or moved twice"
                assert may_move(after.actor.role, after.from_stage, after.to_stage)
            assert application.stage == events[-1].to_stage
            # One move is one version, though passing on from 지원 records its step through 매칭 검토 too.
            through = sum(1 for before, after in pairwise(events)
                          if THROUGH.get((before.from_stage, after.to_stage)) == before.to_stage
                          and (before.at, before.actor_id) == (after.at, after.actor_id))
            assert application.version == len(events) - through
            hires = db.session.scalar(select(func.count(Outcome.id)).where(Outcome.application_id == application_id))
            assert hires == (1 if application.stage == Stage.HIRED else 0)
    no_server_errors(server)


def test_one_interview_time_is_chosen_of_many_clicked_at_once(server, board, make, cohort):
    """A trainee clicks each of three offered interview times three times, all at once: one time is taken."""
    opening_id = make.opening()
    committee_id = make.user(Role.COMMITTEE)
    [email] = add_trainees(board, "interview", 1, cohort, with_resume=True)
    with board.app_context():
        trainee = db.session.scalar(select(Trainee).join(User).where(User.email == email))
        committee = db.session.get(User, committee_id)
        application = apply(trainee, db.session.get(Opening, opening_id), "면접 보고 싶습니다.", {}, trainee.user)
        db.session.commit()
        for stage in (Stage.COMPANY_REVIEW, Stage.INTERVIEW):
            move(application, stage, committee)
            db.session.commit()
        slots = [InterviewSlot(application_id=application.id, starts_at=utcnow() + timedelta(days=3, hours=n),
                               place="본사 3층 회의실", created_by_id=committee_id) for n in range(3)]
        db.session.add_all(slots)
        db.session.commit()
        application_id, slot_ids = application.id, [slot.id for slot in slots]
    visitor = Visitor(server.url).sign_in(email, page="/me/applications")

    answers = together([lambda s=slot_id: visitor.post(f"/me/applications/{application_id}/slots/{s}/choose")
                        for slot_id in slot_ids for _ in range(3)])

    assert statuses(answers) == {303: 9}
    with board.app_context():
        chosen = db.session.scalars(select(InterviewSlot.id).where(InterviewSlot.application_id == application_id,
                                                                   InterviewSlot.chosen_at.is_not(None))).all()
        assert len(chosen) == 1
    no_server_errors(server)


def test_two_acceptances_of_one_offer_at_once_make_one_hire(server, board, make, cohort):
    """The trainee presses 'accept' in two tabs, four times each, at the same moment: one hire, one outcome."""
    opening_id = make.opening()
    committee_id = make.user(Role.COMMITTEE)
    [email] = add_trainees(board, "offer", 1, cohort, with_resume=True)
    with board.app_context():
        trainee = db.session.scalar(select(Trainee).join(User).where(User.email == email))
        committee = db.session.get(User, committee_id)
        application = apply(trainee, db.session.get(Opening, opening_id), "합격을 기다립니다.", {}, trainee.user)
        db.session.commit()
        for stage in (Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER):
            advance(application, stage, committee)
            db.session.commit()
        application_id = application.id
    tabs = [Visitor(server.url).sign_in(email, page=f"/me/applications/{application_id}/offer/accept")
            for _ in range(2)]

    answers = together([lambda v=v: v.post(f"/me/applications/{application_id}/offer/accept")
                        for v in tabs for _ in range(4)])

    # Each tab is sent on (to the next step, or back to the application with "already accepted").
    assert statuses(answers) == {303: 8}
    with board.app_context():
        assert db.session.get(Application, application_id).stage == Stage.HIRED
        hires = db.session.scalars(select(StageChange).where(StageChange.application_id == application_id,
                                                             StageChange.to_stage == Stage.HIRED)).all()
        assert len(hires) == 1
        assert db.session.scalar(select(func.count(Outcome.id)).where(Outcome.application_id == application_id)) == 1
    no_server_errors(server)


def test_lunch_day_rush_seats_the_first_sixty_in_order_of_arrival(server, board, make, cohort):
    """180 trainees press 'sign up' at the same moment for 60 places: 60 seated, 120 on the waitlist, in order."""
    lunch_day_id = make.lunch_day(capacity=60, companies=[make.company() for _ in range(4)], seats=8)
    emails = add_trainees(board, "rush", 180, cohort)
    # Each signs in and opens the lunch day's page, whose sign-up button carries the session's CSRF token.
    visitors = signed_in(server, emails, page=f"/me/lunch-days/{lunch_day_id}")

    answers = together([lambda v=v: v.post(f"/me/lunch-days/{lunch_day_id}/signup") for v in visitors])

    # Seated or waitlisted, each is sent back to the lunch day's page: no error, no refusal.
    assert statuses(answers) == {303: 180}
    with board.app_context():
        signups = db.session.scalars(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day_id)
                                     .order_by(LunchSignup.arrival)).all()
        assert Counter(s.status for s in signups) == {SignupStatus.SEATED: 60, SignupStatus.WAITLISTED: 120}
        assert [s.arrival for s in signups] == list(range(1, 181))
        assert {s.arrival for s in signups if s.status == SignupStatus.SEATED} == set(range(1, 61))
        waitlisted = [s for s in signups if s.status == SignupStatus.WAITLISTED]
        assert [waitlist_position(s) for s in waitlisted] == list(range(1, 121))
        assert len({s.trainee_id for s in signups}) == 180
    no_server_errors(server)


def test_lunch_day_cancellations_sign_ups_and_double_clicks_at_once(server, board, make, cohort):
    """A full day with a waitlist: ten seated cancel, ten newcomers sign up and one trainee clicks five times, together.

    Each freed place goes to the first on the waitlist, so the day stays exactly full, the
    promoted are the next ten by arrival, every newcomer waits, and refused double clicks
    hand out no arrival number.
    """
    lunch_day_id = make.lunch_day(capacity=20, companies=[make.company()], seats=20)
    emails = add_trainees(board, "queue", 61, cohort)
    with board.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        for email in emails[:40]:
            sign_up(lunch_day, db.session.scalar(select(Trainee).join(User).where(User.email == email)))
            db.session.commit()
    page = f"/me/lunch-days/{lunch_day_id}"
    leaving, newcomers = signed_in(server, emails[:10], page=page), signed_in(server, emails[40:50], page=page)
    [clicker] = signed_in(server, emails[60:], page=page)

    answers = together([lambda v=v: v.post(f"{page}/cancel", {"confirmed": "yes"}) for v in leaving]
                       + [lambda v=v: v.post(f"{page}/signup") for v in newcomers]
                       + [lambda: clicker.post(f"{page}/signup")] * 5)

    assert statuses(answers) == {303: 25}
    with board.app_context():
        signups = db.session.scalars(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day_id)
                                     .order_by(LunchSignup.arrival)).all()
        by_status = {status: [s.arrival for s in signups if s.status == status] for status in SignupStatus}
        assert by_status[SignupStatus.CANCELLED] == list(range(1, 11))
        assert by_status[SignupStatus.SEATED] == list(range(11, 31))
        assert by_status[SignupStatus.WAITLISTED] == list(range(31, 52))
        assert db.session.get(LunchDay, lunch_day_id).arrivals == 51
    no_server_errors(server)


def test_page_views_that_note_last_seen_run_beside_writes(server, board, make, cohort):
    """Trainees back after a pause read their pages while others apply: noting when they were last seen fails none.

    The first page after five minutes writes the session's last-seen time; on SQLite that
    write, made inside the page's read transaction, used to fail with "database is locked".
    """
    opening_id = make.opening()
    reader_emails = add_trainees(board, "back", 25, cohort)
    readers = signed_in(server, reader_emails)
    writers = signed_in(server, add_trainees(board, "busy", 25, cohort, with_resume=True))
    with board.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()

    answers = together([lambda v=v: v.request("GET", "/me/applications") for v in readers]
                       + [lambda v=v: v.post(f"/me/openings/{opening_id}/apply", {"cover_letter": "지원합니다."})
                          for v in writers])

    assert statuses(answers) == {200: 25, 303: 25}
    with board.app_context():
        seen = db.session.scalars(select(LoginSession.last_seen_at).join(User).where(User.email.in_(reader_emails)))
        assert all(utcnow() - at < timedelta(minutes=5) for at in seen)
    no_server_errors(server)


def test_writes_go_through_while_people_sign_in_at_full_strength_and_a_hostile_pdf_is_checked(server, board, make, cohort):
    """Slow work holds no write lock: six sign-ins hashing at full strength (scrypt N=2^16) and a resume
    that cost pypdf 39 s of CPU run while four others save their profiles again and again.

    On SQLite each POST used to take the write lock at its first statement and keep it through the
    password check and the upload check, so the profile saves waited 10 s and failed with
    "database is locked"; now every one of them is saved, and the PDF is refused by the bounded check.
    """
    slow_emails = add_trainees(board, "fullhash", 6, cohort)
    with board.app_context():
        full_strength = generate_password_hash(PASSWORD, method="scrypt:65536:8:1")
        db.session.execute(update(User).where(User.email.in_(slow_emails)).values(password_hash=full_strength))
        db.session.commit()
    writers = signed_in(server, add_trainees(board, "saver", 4, cohort), page="/me/profile")
    [uploader_email] = add_trainees(board, "bomber", 1, cohort)
    uploader = Visitor(server.url).sign_in(uploader_email, page="/me/profile")
    bomb = object_stream_bomb()

    def saves(visitor):
        return [visitor.post("/me/profile", profile_data(headline=f"저장 {n}")).status for n in range(5)]

    answers = together([lambda: uploader.upload("/me/resume", "resume", "이력서.pdf", bomb).status]
                       + [lambda e=e: Visitor(server.url).sign_in(e).email for e in slow_emails]
                       + [lambda v=v: saves(v) for v in writers])

    assert answers[0] == 422, answers[0]
    assert answers[1:7] == slow_emails, answers[1:7]
    assert answers[7:] == [[303] * 5] * 4, answers[7:]
    with board.app_context():
        saved = db.session.scalars(select(Trainee.headline).join(User).where(User.email.like("saver%"))).all()
        assert sorted(saved) == ["저장 4"] * 4
    no_server_errors(server)


def test_applications_survive_kill_minus_nine_of_every_server_process(server, board, make, cohort):
    """Applications stream in and every server process is killed mid-stream: each answered one is kept."""
    openings = [make.opening(title=f"공고 {n}") for n in range(5)]
    emails = add_trainees(board, "crash", 20, cohort, with_resume=True)
    visitors = signed_in(server, emails)
    pending = [(visitor, opening_id) for opening_id in openings for visitor in visitors]
    random.Random(7).shuffle(pending)
    pairs = {(visitor.email, opening_id) for visitor, opening_id in pending}
    answered, lost, unexpected, lock = set(), set(), [], threading.Lock()
    halfway, down = threading.Event(), threading.Event()

    def stream():
        while not down.is_set():
            with lock:
                if not pending:
                    return
                visitor, opening_id = pending.pop()
            try:
                answer = visitor.post(f"/me/openings/{opening_id}/apply", {"cover_letter": "꼭 함께하고 싶습니다."})
            except (OSError, http.client.HTTPException):  # refused, reset or cut off by the kill: outcome unknown
                with lock:
                    lost.add((visitor.email, opening_id))
                continue
            with lock:
                if answer.status != 303 or answer.location != "/me/applications":
                    unexpected.append((answer.status, answer.location))
                    continue
                answered.add((visitor.email, opening_id))
                if len(answered) >= len(pairs) // 3:
                    halfway.set()

    threads = [threading.Thread(target=stream) for _ in range(4)]
    for thread in threads:
        thread.start()
    assert halfway.wait(timeout=60), "the stream of applications did not get going"
    server.crash()
    down.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not unexpected
    assert len(answered) < len(pairs)

    stored = _applications_by_pair(board, emails)
    missing = answered - stored
    assert not missing, f"{len(missing)} applications answered 303 were lost"
    _check_integrity(board, server)

    server.start()
    for visitor in visitors:
        visitor.retarget(server.url)
    # Sent again: those cut off by the kill (some may have been kept, which must then answer "already applied")
    # and those not yet sent.
    by_email = {visitor.email: visitor for visitor in visitors}
    retried = [(by_email[email], o) for email, o in lost] + pending
    answers = in_parallel([lambda v=v, o=o: v.post(f"/me/openings/{o}/apply", {"cover_letter": "다시 보냅니다."})
                           for v, o in retried], threads=4)
    assert statuses(answers) == {303: len(retried)}
    assert _applications_by_pair(board, emails) == pairs
    _check_integrity(board, server)
    no_server_errors(server)
    print(f"\n{len(answered)} answered before the kill, {len(lost)} cut off, {len(retried)} sent after the restart")


def _applications_by_pair(board, emails):
    with board.app_context():
        rows = db.session.execute(select(User.email, Application.opening_id).join(Trainee, Trainee.user_id == User.id)
                                  .join(Application, Application.trainee_id == Trainee.id)
                                  .where(User.email.in_(emails))).all()
    pairs = [tuple(row) for row in rows]
    assert len(pairs) == len(set(pairs)), "a trainee has two applications to one opening"
    return set(pairs)


def _check_integrity(board, server):
    """The database as the crash left it: SQLite's own checks, and on both the one-first-step-per-application rule."""
    if server.sqlite_path:
        with sqlite3.connect(server.sqlite_path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        connection.close()
    with board.app_context():
        without_first_step = db.session.scalar(text(
            "SELECT count(*) FROM applications a WHERE (SELECT count(*) FROM stage_changes s "
            "WHERE s.application_id = a.id AND s.from_stage IS NULL AND s.to_stage = 'submitted') != 1"))
        assert without_first_step == 0
        orphans = db.session.scalar(text(
            "SELECT count(*) FROM stage_changes s LEFT JOIN applications a ON a.id = s.application_id "
            "WHERE a.id IS NULL"))
        assert orphans == 0
