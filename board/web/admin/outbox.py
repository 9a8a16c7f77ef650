"""The administrator's view of the mail outbox: what waits, what went out, what failed and why."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from board.domain import outbox
from board.web.admin import bp
from board.platform.extensions import db
from board.models import OutboxMessage, OutboxStatus
from board.web.security import admin_required
from board.platform.templating import render, see_other

# "Waiting" lists the messages being sent too: to the administrator both are not yet out.
FILTERS = {
    "pending": [OutboxStatus.PENDING, OutboxStatus.SENDING],
    "sent": [OutboxStatus.SENT],
    "failed": [OutboxStatus.FAILED],
}


def _warnings():
    """What the administrator must know before reading the list: mail that cannot leave."""
    config = current_app.config
    warnings = []
    if not config["MAIL_SERVER"]:
        warnings.append(_("No mail server is set (MAIL_SERVER): messages wait in the outbox and nobody receives them.")
                        if config["BOARD_ENV"] == "production" else
                        _("No mail server is set: in development each message is written to the log and marked sent."))
    health = outbox.queue_health()
    if config["BOARD_ENV"] == "production" and (health["consumer_seen_seconds_ago"] is None
                                                or health["consumer_seen_seconds_ago"] > 300):
        warnings.append(_("The queue consumer has not run for more than five minutes: nothing is being delivered."))
    return warnings, health


@bp.route("/outbox")
@admin_required
def outbox_list():
    """Messages newest first, filtered by state, 20 a page."""
    state = request.args.get("status", "")
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if state in FILTERS:
        query = query.where(OutboxMessage.status.in_(FILTERS[state]))
    else:
        state = ""
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    totals = {name: sum(counts.get(s, 0) for s in statuses) for name, statuses in FILTERS.items()}
    warnings, health = _warnings()
    return render("admin/outbox.html", page=page, state=state, totals=totals, warnings=warnings, health=health)


@bp.route("/outbox/<int:message_id>")
@admin_required
def outbox_message(message_id):
    """One message as it will go (or went) out; its bodies are shown as text, never as HTML."""
    return render("admin/outbox_message.html", message=db.get_or_404(OutboxMessage, message_id))


@bp.route("/outbox/<int:message_id>/retry", methods=["GET", "POST"])
@admin_required
def outbox_retry(message_id):
    """Send a failed message again, after a confirmation page."""
    message = db.get_or_404(OutboxMessage, message_id)
    if request.method == "GET":
        if message.status != OutboxStatus.FAILED:
            flash(_("Only a failed message can be sent again."), "info")
            return see_other(url_for("admin.outbox_message", message_id=message.id))
        return render("admin/outbox_retry.html", message=message)
    if not outbox.retry(message):
        flash(_("Only a failed message can be sent again."), "info")
    else:
        db.session.commit()  # the queue is asked to deliver it once this commits
        flash(_("The message to %(email)s will be sent again.", email=message.to), "success")
    return see_other(url_for("admin.outbox_message", message_id=message.id))
