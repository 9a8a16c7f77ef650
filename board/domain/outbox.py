"""Delivering the outbox: claim due messages, send them over SMTP, record what happened.

Each consumer works in a session of its own (never the request's). A message is claimed by
moving it from pending to sending in a committed transaction that only one claimer can win
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, a conditional UPDATE under SQLite's single writer),
so two consumers never send it twice. Temporary faults (the server down, a timeout, a 4xx)
put it back with an exponentially growing wait; a permanent refusal (5xx) fails it at once.
"""
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from board.platform.extensions import db
from board.models import ConsumerHeartbeat, OutboxMessage, OutboxStatus
from board.models.types import utcnow

BATCH = 50
# A consumer that died between the claim and the outcome leaves a message "sending"; after this
# long the sweep puts it back (the one case where a message may go out twice: documented in README).
STALE_CLAIM = timedelta(minutes=15)


def delivery_enabled(config):
    """False in production without MAIL_SERVER: messages then wait (and the administrator is warned)."""
    return bool(config["MAIL_SERVER"]) or config["BOARD_ENV"] != "production"


def backoff(attempts, config):
    """The wait before the next try after `attempts` tries: base, 2×base, 4×base… at most MAIL_RETRY_MAX."""
    return timedelta(seconds=min(config["MAIL_RETRY_BASE"] * 2 ** max(attempts - 1, 0), config["MAIL_RETRY_MAX"]))


def deliver_due(ids=None, now=None, limit=BATCH):
    """Claim and send due pending messages (only `ids` if given); returns how many were sent."""
    config = current_app.config
    if not delivery_enabled(config):
        return 0
    # Only what is due now: a message put back for a retry during this run waits for the next one.
    now, sent = now or utcnow(), 0
    with _session() as session:
        while True:
            claimed = _claim(session, ids, now, limit)
            if not claimed:
                return sent
            for position, message in enumerate(claimed):
                delivered, server_down = _deliver_one(session, message, config)
                sent += delivered
                if server_down:
                    # Every message would wait MAIL_TIMEOUT for the same dead server: the rest wait for the
                    # next run, their attempt not counted.
                    _put_back(session, claimed[position + 1:], config)
                    return sent
            if ids is not None:
                return sent


def _session():
    """A session of the consumer's own. On SQLite each transaction takes the write lock at BEGIN (and
    waits its turn): a claim that read first and wrote second could otherwise fail at once with
    "database is locked" when another consumer wrote in between. Loaded rows outlive the commit,
    so nothing holds a transaction (or the lock) while a message is on its way to the SMTP server.
    """
    return Session(db.engine.execution_options(sqlite_write_lock=True), expire_on_commit=False)


def _claim(session, ids, now, limit):
    due = (select(OutboxMessage.id)
           .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if ids is not None:
        due = due.where(OutboxMessage.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        # Rows another consumer is claiming right now are skipped, not waited for.
        due = due.with_for_update(skip_locked=True)
    candidates = session.scalars(due).all()
    won = []
    for message_id in candidates:
        # The status condition makes the claim safe on any database: of two claimers, one updates a row.
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENDING, claimed_at=utcnow(), attempts=OutboxMessage.attempts + 1)
        )
        if result.rowcount == 1:
            won.append(message_id)
    claimed = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(won)).order_by(OutboxMessage.id)).all()
    session.commit()
    return claimed


def email_message(message, config):
    mail = EmailMessage()
    mail["From"] = config["MAIL_SENDER"]
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain=config["MAIL_SENDER"].rsplit("@", 1)[-1].strip("> ") or None)
    for name, value in (message.headers or {}).items():
        mail[name] = value
    mail.set_content(message.body)
    if message.html:
        mail.add_alternative(message.html, subtype="html")
    return mail


def _send(message, config):
    if not config["MAIL_SERVER"]:
        # Development without a mail server: the whole message goes to the log, so a reset link can be followed.
        current_app.logger.warning("mail to %s (no MAIL_SERVER set): %s\n%s", message.to, message.subject, message.body)
        current_app.logger.debug("mail %s headers %s html:\n%s", message.id, message.headers, message.html)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email_message(message, config))


def is_permanent(error):
    """True for a refusal that trying again will not change (an SMTP 5xx)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _put_back(session, messages, config):
    for message in messages:
        _finish(session, message.id, {"status": OutboxStatus.PENDING, "attempts": message.attempts - 1,
                                      "claimed_at": None, "next_attempt_at": utcnow() + backoff(1, config)})


def _deliver_one(session, message, config):
    """(1 if sent else 0, True if the server itself could not be reached or answered nothing)."""
    message_id, attempts = message.id, message.attempts
    try:
        _send(message, config)
    except (smtplib.SMTPException, OSError) as error:
        # smtplib's errors are OSErrors too; a plain OSError (refused, timed out) or a lost connection is the server.
        server_down = (not isinstance(error, smtplib.SMTPException)
                       or isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)))
        failed = is_permanent(error) or attempts >= config["MAIL_MAX_ATTEMPTS"]
        values = {"status": OutboxStatus.FAILED if failed else OutboxStatus.PENDING,
                  "last_error": f"{type(error).__name__}: {error}"[:2000], "claimed_at": None}
        if not failed:
            values["next_attempt_at"] = utcnow() + backoff(attempts, config)
        current_app.logger.warning("mail %s to %s not sent (attempt %s): %s", message_id, message.to, attempts, error)
        _finish(session, message_id, values)
        return 0, server_down
    _finish(session, message_id, {"status": OutboxStatus.SENT, "sent_at": utcnow(), "last_error": "",
                                  "claimed_at": None})
    return 1, False


def _finish(session, message_id, values):
    session.execute(update(OutboxMessage)
                    .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.SENDING)
                    .values(**values))
    session.commit()


def release_stale_claims(now=None):
    """Put back messages left "sending" by a consumer that stopped mid-send; returns how many."""
    with _session() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < (now or utcnow()) - STALE_CLAIM)
            .values(status=OutboxStatus.PENDING, claimed_at=None))
        session.commit()
        return result.rowcount


def prune_sent(days, now=None):
    """Delete sent messages older than `days` days; returns how many."""
    with _session() as session:
        result = session.execute(delete(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < (now or utcnow()) - timedelta(days=days)))
        session.commit()
        return result.rowcount


def retry(message):
    """Send a failed message again (the administrator's retry); False if it is no longer failed.

    A domain function: it changes the row in the caller's session and the caller commits.
    """
    won = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.FAILED)
        .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow(), attempts=0)
    ).rowcount == 1
    if won:
        # Delivered once the caller commits, like a new message (board/domain/mail.py).
        db.session.info.setdefault("outbox_ids", []).append(message.id)
    return won


def beat(name, now=None):
    """Record that a consumer is alive (the retry sweep calls it every minute)."""
    now = now or utcnow()
    with _session() as session:
        if session.execute(update(ConsumerHeartbeat).where(ConsumerHeartbeat.name == name)
                           .values(beat_at=now)).rowcount == 0:
            session.add(ConsumerHeartbeat(name=name, beat_at=now))
        session.commit()


def queue_health(now=None):
    """What /healthz and the administrator's page say about the outbox and its consumers."""
    now = now or utcnow()
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at))
                               .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])))
    last_beat = db.session.scalar(select(func.max(ConsumerHeartbeat.beat_at)))
    failed = db.session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED))
    return {
        "oldest_pending_seconds": None if oldest is None else int((now - oldest).total_seconds()),
        "consumer_seen_seconds_ago": None if last_beat is None else int((now - last_beat).total_seconds()),
        "failed": failed,
    }
