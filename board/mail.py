"""Outgoing mail. Without MAIL_SERVER the message is written to the log instead."""
import smtplib
from email.message import EmailMessage

from flask import current_app


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
