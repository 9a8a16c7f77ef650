"""Outgoing mail. Without MAIL_SERVER the message is written to the log instead."""
import smtplib
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint, **values):
    """The absolute address of a board page for a link that leaves the board (mail, exports).

    Built from BOARD_URL alone, never from the request: url_for(..., _external=True) takes
    the request's Host (or a proxy's X-Forwarded-Host), and a forged one put an attacker's
    host into password-reset mails. Works outside a request too (commands, queued mail).
    """
    origin = urlsplit(current_app.config["BOARD_URL"])
    adapter = current_app.url_map.bind(origin.netloc, url_scheme=origin.scheme)
    return adapter.build(endpoint, values, force_external=True)


def send_mail(to, subject, body):
    """Send a plain-text message, or log it when no mail server is configured."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        current_app.logger.warning("mail to %s (no MAIL_SERVER set): %s\n%s", to, subject, body)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
