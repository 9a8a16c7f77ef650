"""Outgoing mail through the outbox: a message is a row written in the transaction of the change it reports.

send_mail() and send_after_commit() only add an OutboxMessage to the current session: a rollback
leaves no row (nothing false goes out), a commit never loses one. Once the transaction commits,
the queue is asked to deliver it (board/domain/tasks.py, board/domain/outbox.py); a request never waits for
the mail server, and a server that is down only delays the message.
"""
from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session


def external_url(endpoint, **values):
    """The absolute address of a board page for a link that leaves the board (mail, exports).

    Built from BOARD_URL alone, never from the request: url_for(..., _external=True) takes
    the request's Host (or a proxy's X-Forwarded-Host), and a forged one put an attacker's
    host into password-reset mails. Works outside a request too (commands, queued mail).
    """
    origin = urlsplit(current_app.config["BOARD_URL"])
    adapter = current_app.url_map.bind(origin.netloc, url_scheme=origin.scheme)
    return adapter.build(endpoint, values, force_external=True)


def render_mail(template, **context):
    """(plain text, HTML) of templates/mail/<name>.txt and .html, in the current locale."""
    text = render_template(f"mail/{template}.txt", **context).strip() + "\n"
    return text, render_template(f"mail/{template}.html", **context)


def send_mail(to, subject, body, *, html=None, headers=None):
    """Put a message in the outbox, in the current transaction; it is delivered after the commit.

    The caller (the view, the command) must commit: the row is part of its change.
    """
    from board.platform.extensions import db
    from board.models import OutboxMessage

    message = OutboxMessage(to=to, subject=str(subject), body=str(body), html=None if html is None else str(html),
                            headers=dict(headers or {}))
    db.session.add(message)
    return message


def send_after_commit(to, subject, body, *, html=None, headers=None):
    """The same as send_mail(): every message now waits for the commit of the change it reports.

    Kept for the domain functions that announce a decision (a notice of a decision rolled back
    by a lost race or a later refusal would be false); the outbox gives them that by itself.
    """
    return send_mail(to, subject, body, html=html, headers=headers)


@event.listens_for(Session, "after_flush")
def _note_new_messages(session, flush_context):
    from board.models import OutboxMessage

    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if ids:
        session.info.setdefault("outbox_ids", []).extend(ids)


@event.listens_for(Session, "after_commit")
def _deliver_new_messages(session):
    # SQLAlchemy also calls this when a SAVEPOINT is released (own_writes): the transaction that holds the
    # rows, and on SQLite the write lock the claim would wait for, is still open, so wait for its own commit.
    if session.in_nested_transaction():
        return
    ids = session.info.pop("outbox_ids", None)
    if not ids:
        return
    from board.domain.tasks import deliver

    try:
        deliver(ids)
    except Exception:  # a queue that cannot be reached: the rows wait for the retry sweep (board/domain/tasks.py)
        current_app.logger.exception("could not queue the delivery of outbox messages %s", ids)


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session, transaction):
    # Runs after after_commit; ids still noted here belonged to a transaction that was rolled back.
    if transaction.parent is None:
        session.info.pop("outbox_ids", None)
