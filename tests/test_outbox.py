"""Mail through the outbox, checked at a real SMTP server on loopback (aiosmtpd)."""
import re
import threading
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, insert, select

from board.domain import outbox
from board.platform.extensions import db
from board.domain.mail import send_mail
from board.models import OutboxMessage, OutboxStatus, Role, User
from board.models.types import utcnow
from tests.conftest import Factory, sign_in
from tests.smtp_server import SmtpServer, html_of, text_of

RESET_LINK = re.compile(r"https?://\S+/password-reset/\S+")


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def down_smtp():
    """An SMTP server that is not running yet: the board is configured for its port."""
    server = SmtpServer()
    yield server
    server.stop()


def ko(app, text):
    with app.test_request_context(), force_locale("ko"):
        return gettext(text)


def messages(board, **where):
    with board.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for name, value in where.items():
            query = query.where(getattr(OutboxMessage, name) == value)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def test_the_reset_mail_arrives_in_korean_and_its_link_opens_the_reset_page(make_board, smtp):
    board = make_board(**smtp.settings())
    Factory(board).user(Role.TRAINEE, email="minji@example.kr", name="김민지")
    client = board.test_client()
    assert client.post("/password-reset", data={"email": "minji@example.kr"}).status_code == 303

    (mail,) = smtp.messages
    assert mail["To"] == "minji@example.kr"
    assert mail["Subject"] == ko(board, "Reset your password") == "비밀번호 재설정"
    assert "AI 사관학교" in str(mail["From"])
    text, html = text_of(mail), html_of(mail)
    assert "1시간 안에" in text and "새 비밀번호" in text
    link = RESET_LINK.search(text).group(0)
    assert link.startswith(board.config["BOARD_URL"] + "/")
    assert f'href="{link}"' in html and "비밀번호" in html
    page = client.get(link.removeprefix(board.config["BOARD_URL"]))
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    (row,) = messages(board)
    assert row.status == OutboxStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_a_rolled_back_change_leaves_no_outbox_row_and_sends_nothing(make_board, smtp):
    board = make_board(**smtp.settings())
    with board.app_context():
        db.session.add(User(email="nobody@example.kr", name="없음", role=Role.TRAINEE))
        send_mail("nobody@example.kr", "제목", "본문")
        db.session.flush()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        send_mail("somebody@example.kr", "커밋된 메일", "본문")
        db.session.commit()
    assert [m["Subject"] for m in smtp.messages] == ["커밋된 메일"]


def test_a_rejection_rolled_back_by_a_later_refusal_mails_nothing(app, make_board, smtp):
    """The domain function queues the notice; the view's rollback must take it away with the change."""
    board = make_board(**smtp.settings())
    with board.app_context():
        send_mail("trainee@example.kr", "지원 결과 안내", "본문")
        db.session.rollback()
    assert smtp.messages == [] and messages(board) == []


def test_smtp_down_at_first_gets_the_message_on_a_retry(make_board, down_smtp):
    board = make_board(**down_smtp.settings())
    Factory(board).user(Role.TRAINEE, email="minji@example.kr")
    # The person's request succeeds at once although the server is down.
    assert board.test_client().post("/password-reset", data={"email": "minji@example.kr"}).status_code == 303
    (row,) = messages(board)
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert "Connection" in row.last_error and row.next_attempt_at > utcnow()

    down_smtp.start()
    with board.app_context():
        assert outbox.deliver_due() == 0  # not due yet: the back-off holds
        assert outbox.deliver_due(now=utcnow() + timedelta(hours=1)) == 1
        assert outbox.deliver_due(now=utcnow() + timedelta(days=1)) == 0
    assert len(down_smtp.messages) == 1
    (row,) = messages(board)
    assert row.status == OutboxStatus.SENT and row.attempts == 2


def test_back_off_doubles_up_to_its_limit(app):
    config = {"MAIL_RETRY_BASE": 60, "MAIL_RETRY_MAX": 3600}
    waits = [outbox.backoff(n, config).total_seconds() for n in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_permanent_refusal_fails_at_once_is_shown_to_the_administrator_and_can_be_retried(make_board, smtp):
    board = make_board(**smtp.settings())
    make = Factory(board)
    make.user(Role.TRAINEE, email="gone@example.kr")
    make.user(Role.ADMIN, email="admin@example.kr")
    smtp.recorder.refused.add("gone@example.kr")
    board.test_client().post("/password-reset", data={"email": "gone@example.kr"})
    (row,) = messages(board)
    assert row.status == OutboxStatus.FAILED and row.attempts == 1 and "550" in row.last_error
    assert smtp.messages == []

    admin = board.test_client()
    sign_in(admin, "admin@example.kr")
    page = admin.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "gone@example.kr" in page and "550" in page and ko(board, "Failed") in page
    detail = admin.get(f"/admin/outbox/{row.id}").get_data(as_text=True)
    assert "/password-reset/" in detail and ko(board, "Send again") in detail
    confirm = admin.get(f"/admin/outbox/{row.id}/retry")
    assert confirm.status_code == 200 and 'method="post"' in confirm.get_data(as_text=True)

    smtp.recorder.refused.clear()  # the administrator had the address fixed
    assert admin.post(f"/admin/outbox/{row.id}/retry").status_code == 303
    assert [m["To"] for m in smtp.messages] == ["gone@example.kr"]
    (row,) = messages(board)
    assert row.status == OutboxStatus.SENT
    # A message that is no longer failed is not sent again.
    assert admin.post(f"/admin/outbox/{row.id}/retry").status_code == 303
    assert len(smtp.messages) == 1


def test_production_without_a_mail_server_keeps_messages_waiting(make_board):
    board = make_board(BOARD_ENV="production", BOARD_URL="https://board.example")
    with board.app_context():
        send_mail("a@example.kr", "제목", "본문")
        db.session.commit()
        assert outbox.deliver_due() == 0
    (row,) = messages(board)
    assert row.status == OutboxStatus.PENDING and row.attempts == 0


def test_two_consumers_deliver_each_of_200_messages_exactly_once(make_board, smtp):
    board = make_board(**smtp.settings())
    with board.app_context():
        # Written without the after-commit delivery (a bulk insert), as if the consumers had been away.
        db.session.execute(insert(OutboxMessage), [
            {"to": f"t{n}@example.kr", "subject": f"메일 {n}", "body": "본문", "headers": {},
             "status": OutboxStatus.PENDING, "attempts": 0, "last_error": "", "next_attempt_at": utcnow(),
             "created_at": utcnow()} for n in range(200)])
        db.session.commit()
    start, counts, errors = threading.Barrier(2), [], []

    def consumer():
        try:
            with board.app_context():
                start.wait()
                counts.append(outbox.deliver_due(limit=7))
        except Exception as error:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(error)

    threads = [threading.Thread(target=consumer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    subjects = sorted(str(m["Subject"]) for m in smtp.messages)
    assert len(subjects) == 200 and len(set(subjects)) == 200
    assert sum(counts) == 200
    assert all(row.status == OutboxStatus.SENT and row.attempts == 1 for row in messages(board))


def test_sent_messages_are_pruned_after_their_days_failed_ones_stay(make_board, smtp):
    board = make_board(**smtp.settings())
    with board.app_context():
        for subject in ("오래된", "새것"):
            send_mail("a@example.kr", subject, "본문")
        db.session.commit()
        failed = OutboxMessage(to="b@example.kr", subject="실패", body="본문", status=OutboxStatus.FAILED,
                               created_at=utcnow() - timedelta(days=90))
        db.session.add(failed)
        old = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject == "오래된"))
        old.sent_at = utcnow() - timedelta(days=31)
        db.session.commit()
        assert outbox.prune_sent(30) == 1
        assert outbox.prune_sent(30) == 0
    assert sorted(row.subject for row in messages(board)) == ["새것", "실패"]


def test_a_claim_left_by_a_stopped_consumer_is_put_back(make_board, smtp):
    board = make_board(**smtp.settings())
    with board.app_context():
        db.session.add(OutboxMessage(to="a@example.kr", subject="멈춘 발송", body="본문", status=OutboxStatus.SENDING,
                                     attempts=1, claimed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert outbox.deliver_due() == 0
        assert outbox.release_stale_claims() == 1
        assert outbox.deliver_due() == 1
    assert [str(m["Subject"]) for m in smtp.messages] == ["멈춘 발송"]


def test_a_server_that_is_down_costs_one_attempt_per_run_not_one_per_message(make_board, down_smtp):
    board = make_board(**down_smtp.settings())
    with board.app_context():
        db.session.execute(insert(OutboxMessage), [
            {"to": f"t{n}@example.kr", "subject": f"메일 {n}", "body": "본문", "headers": {}, "status": OutboxStatus.PENDING,
             "attempts": 0, "last_error": "", "next_attempt_at": utcnow(), "created_at": utcnow()} for n in range(5)])
        db.session.commit()
        assert outbox.deliver_due() == 0
    rows = messages(board)
    assert [row.attempts for row in rows] == [1, 0, 0, 0, 0]
    assert all(row.status == OutboxStatus.PENDING and row.next_attempt_at > utcnow() for row in rows)
    down_smtp.start()
    with board.app_context():
        assert outbox.deliver_due(now=utcnow() + timedelta(hours=1)) == 5
    assert len(down_smtp.messages) == 5
