"""Outgoing mail. Without MAIL_SERVER the message is written to the log instead."""
import smtplib
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
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


def send_mail(to, subject, body, *, html=None, headers=None):
    """Send a plain-text message (with an HTML alternative and extra headers if given), or log it without a server."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        current_app.logger.warning("mail to %s (no MAIL_SERVER set): %s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def send_after_commit(to, subject, body, *, html=None, headers=None):
    """Send the message once the current transaction commits; a rollback drops it.

    Domain functions decide that a mail goes out but do not own the transaction: a notice
    of a decision that is then rolled back (a lost race, a later step refused) would be false.
    """
    from board.extensions import db
    db.session().info.setdefault("outbox", []).append((to, subject, body, html, headers))


@event.listens_for(Session, "after_commit")
def _send_outbox(session):
    for to, subject, body, html, headers in session.info.pop("outbox", []):
        try:
            send_mail(to, subject, body, html=html, headers=headers)
        except Exception:  # the decision is committed; a mail server down must not turn it into an error page
            current_app.logger.exception("mail to %s could not be sent: %s", to, subject)


@event.listens_for(Session, "after_transaction_end")
def _drop_outbox(session, transaction):
    # Runs after after_commit; what is still queued here belonged to a transaction that was rolled back.
    if transaction.parent is None:
        session.info.pop("outbox", None)
