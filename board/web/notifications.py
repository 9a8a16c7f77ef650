"""The notification pages: the bell's count, the list, marking read, preferences and one-click unsubscribe."""

from datetime import UTC, datetime

import click
from flask import Blueprint, abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from board.platform.extensions import csrf, db
from board.models import Channel, Notification, User
from board.domain.notifications import channel_of, choices_of, choose, mark_all_read, mark_read, text_of
from board.domain.notifications.kinds import KINDS, for_role
from board.domain.notifications.unsubscribe import DIGEST, read_token
from board.platform.templating import render, see_other

bp = Blueprint("notifications", __name__, url_prefix="/notifications", cli_group="notifications")


class MarkForm(FlaskForm):
    """CSRF only: the mark-read buttons carry no fields."""


def _own(notification_id):
    """The notification if it is the signed-in person's; 404 for anyone else's."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    return note


def link_of(note):
    """The page the notification leads to; that page checks on its own whether the person may still see it."""
    try:
        return url_for(note.endpoint, **note.link_values)
    except Exception:  # an endpoint renamed since: the notification still shows, without a link
        return None


@bp.app_context_processor
def _bell():
    def bell_count():
        if not current_user.is_authenticated:
            return 0
        # Loaded with the person by the session look-up (board/web/security.py), so the bell costs no statement.
        return current_user.unread_notifications

    return {"bell_count": bell_count, "bell_poll": current_app.config["NOTIFICATION_POLL_SECONDS"]}


@bp.after_app_request
def _refresh_bell_after_own_actions(response):
    # Whatever a person does may have written a notification (for them, or read one): their bell asks again.
    if request.method == "POST" and response.status_code < 400 and current_user and current_user.is_authenticated:
        response.headers.setdefault("HX-Trigger", "notifications-changed")
    return response


@bp.route("/bell")
@login_required
def bell():
    """The bell alone, for htmx to swap in every few seconds and after the person's own actions."""
    return render("notifications/_bell.html")


@bp.route("/")
@login_required
def index():
    """My notifications, newest first, 20 a page."""
    query = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    items = [(note, text_of(note), link_of(note)) for note in page.items]
    return render("notifications/index.html", page=page, items=items, form=MarkForm(), block="list")


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    """Mark one of my notifications read."""
    note = _own(notification_id)
    if not MarkForm().validate_on_submit():
        abort(400)
    mark_read(note)
    db.session.commit()
    return see_other(url_for("notifications.index", page=request.args.get("page", type=int) or None))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark all my notifications read."""
    if not MarkForm().validate_on_submit():
        abort(400)
    mark_all_read(current_user.id)
    db.session.commit()
    return see_other(url_for("notifications.index"))


def _preferences_form(user):
    """One radio group per kind the person can receive and turn off."""
    chosen = choices_of(user)
    choices = [SelectChoice(c.value, c.label) for c in Channel]

    class PreferencesForm(FlaskForm):
        pass

    kinds = [k for k in for_role(user.role.value) if not k.essential]
    for kind in kinds:
        field = RadioField(kind.label, choices=choices, default=(chosen.get(kind.code) or kind.default).value)
        setattr(PreferencesForm, "k_" + kind.code.replace(".", "_"), field)
    return PreferencesForm(), kinds


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Per kind of event: a mail at once, in a daily summary, or none; essential mails always go."""
    form, kinds = _preferences_form(current_user)
    if form.validate_on_submit():
        for kind in kinds:
            choose(current_user, kind.code, Channel(form["k_" + kind.code.replace(".", "_")].data))
        db.session.commit()
        flash(_("Your choices are saved."), "success")
        return see_other(url_for("notifications.preferences"))
    essential = [k for k in for_role(current_user.role.value) if k.essential]
    fields = [(kind, form["k_" + kind.code.replace(".", "_")]) for kind in kinds]
    status = 422 if form.is_submitted() else 200
    return render("notifications/preferences.html", form=form, fields=fields, essential=essential, status=status)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client's one-click POST carries no CSRF token; the signed token is the proof
def unsubscribe(token):
    """Stop one kind of mail from a mail's link: GET asks to confirm, POST (one click) turns it off."""
    found = read_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        return render("notifications/unsubscribe.html", bad=True, status=400)
    code = found[1]
    label = _("Daily summary mail") if code == DIGEST else str(KINDS[code].label)
    if request.method == "POST":
        if code == DIGEST:
            for kind in for_role(user.role.value):
                if not kind.essential and channel_of(user, kind.code) == Channel.DIGEST:
                    choose(user, kind.code, Channel.OFF)
        else:
            choose(user, code, Channel.OFF)
        db.session.commit()
        return render("notifications/unsubscribe.html", done=True, label=label, token=token)
    return render("notifications/unsubscribe.html", label=label, token=token)


@bp.cli.command("digest")
def digest_command():
    """Send each person's daily summary mail of yesterday's and older notifications (idempotent)."""
    from board.domain.notifications.digest import send_digests

    sent = send_digests(datetime.now(UTC))
    db.session.commit()
    click.echo(f"digests queued: {sent}")


@bp.cli.command("prune")
def prune_command():
    """Delete read notifications older than NOTIFICATION_KEEP_DAYS."""
    from board.domain.notifications.digest import prune

    gone = prune(datetime.now(UTC))
    db.session.commit()
    click.echo(f"notifications deleted: {gone}")
