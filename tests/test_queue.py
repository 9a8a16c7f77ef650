"""The task queue: its storage from the settings, a real queued round trip, periodic jobs, and its health."""
import threading
from datetime import timedelta

from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import insert, select

from board.domain import outbox, tasks
from board.platform.extensions import db
from board.models import Opening, OpeningStatus, OutboxMessage, OutboxStatus, Role
from board.models.types import utcnow
from board.platform.queue import huey, queue_settings
from tests.conftest import Factory, sign_in
from tests.smtp_server import SmtpServer


def test_the_queue_lives_in_instance_by_default_and_in_redis_when_a_url_is_set(tmp_path):
    assert queue_settings({}, tmp_path) == (SqliteStorage, {"filename": str(tmp_path / "queue.sqlite3")})
    assert queue_settings({"QUEUE_URL": "redis://127.0.0.1:6379/3"}, tmp_path) == (
        RedisStorage, {"url": "redis://127.0.0.1:6379/3"})


def test_the_periodic_jobs_are_registered_for_the_consumer(app):
    names = {name for name, _, _ in tasks.PERIODIC}
    assert {"outbox-sweep", "outbox-prune", "close-expired-openings"} <= names
    assert {task.__name__ for task in huey._registry._periodic_tasks} >= {f"board.periodic.{name}" for name in names}


def test_a_message_queued_on_sqlite_storage_is_delivered_by_a_consumer(make_board, tmp_path):
    """Not immediate: the request only enqueues; running the dequeued task (as the consumer does) sends."""
    smtp = SmtpServer()
    smtp.start()
    try:
        board = make_board(QUEUE_IMMEDIATE=False, QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}", **smtp.settings())
        assert isinstance(huey.storage, SqliteStorage)
        Factory(board).user(Role.TRAINEE, email="minji@example.kr")
        assert board.test_client().post("/password-reset", data={"email": "minji@example.kr"}).status_code == 303
        assert smtp.messages == [] and huey.pending_count() == 1
        with board.app_context():
            assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.PENDING
        huey.execute(huey.dequeue())
        assert [m["To"] for m in smtp.messages] == ["minji@example.kr"]
    finally:
        smtp.stop()
        huey.storage.flush_all()


def test_the_close_job_run_twice_or_at_once_closes_each_expired_opening_once(app, make):
    expired = [make.opening(deadline_days=-1), make.opening(deadline_days=-30)]
    still_open, rolling = make.opening(deadline_days=0), make.opening(deadline_days=None)
    results = []

    def run():
        with app.app_context():
            results.append(tasks.close_expired_openings())

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run()
    assert sorted(results) == [0, 0, 2] or sorted(results) == [0, 1, 1]
    with app.app_context():
        status = dict(db.session.execute(select(Opening.id, Opening.status)).all())
        closed_at = [db.session.get(Opening, i).closed_at for i in expired]
    assert [status[i] for i in expired] == [OpeningStatus.CLOSED] * 2
    assert status[still_open] == status[rolling] == OpeningStatus.PUBLISHED
    run()
    with app.app_context():
        assert [db.session.get(Opening, i).closed_at for i in expired] == closed_at


def test_queue_health_is_stale_until_a_consumer_beats_then_ok(app, make):
    client = app.test_client()
    response = client.get("/healthz/queue")
    assert response.status_code == 503 and response.get_json() == {"status": "stale"}
    with app.app_context():
        tasks.sweep_outbox()
    response = client.get("/healthz/queue")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}

    # Mail waiting too long is stale too; the administrator sees the figures on /healthz.
    with app.app_context():
        db.session.add(OutboxMessage(to="a@example.kr", subject="s", body="b", created_at=utcnow() - timedelta(hours=1),
                                     next_attempt_at=utcnow() + timedelta(hours=1)))
        db.session.commit()
    assert client.get("/healthz/queue").status_code == 503
    make.user(Role.ADMIN, email="admin@example.kr")
    admin = app.test_client()
    sign_in(admin, "admin@example.kr")
    queue = admin.get("/healthz").get_json()["queue"]
    assert queue["oldest_pending_seconds"] >= 3600 and queue["consumer_seen_seconds_ago"] < 60


def test_the_sweep_sends_what_is_due(app):
    with app.app_context():
        # A bulk insert, as if the delivery after the commit had not reached the queue.
        db.session.execute(insert(OutboxMessage), [{
            "to": "a@example.kr", "subject": "재시도", "body": "본문", "headers": {}, "status": OutboxStatus.PENDING,
            "attempts": 1, "last_error": "", "next_attempt_at": utcnow(), "created_at": utcnow()}])
        db.session.commit()
        assert tasks.sweep_outbox() == 1
        assert outbox.deliver_due() == 0
