"""Notifications: one call, notify(), from the domain function that performed an action.

notify() writes the person's Notification in the caller's transaction (it never commits), and,
as the person chose for that kind, queues a mail for after the commit, leaves the notification
for the daily summary (digest.send_digests) or mails nothing. A rolled-back action therefore
leaves neither a notification nor a mail. Request-free: commands, seeds and jobs call it too.
"""

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update

from board.platform.extensions import db
from board.models import User
from board.models.notifications import Channel, Notification, NotificationPreference
from board.models.types import utcnow
from board.domain.notifications.kinds import ANSWERS, KINDS, STAGE_NEWS


def notify(user, kind, *, link, params=None, actor=None, mail=True):
    """Tell user that a `kind` event happened; link = (endpoint, {values}) of the page that shows it.

    params are the names the text mentions, stored as they are now. Nothing is written when the
    person made the change themselves (actor). mail=False when the caller mails on its own
    (the rejection notice, pipeline.reject). Returns the Notification, or None.
    """
    if user is None or (actor is not None and actor.id == user.id) or not user.active:
        return None
    spec = KINDS[kind]
    endpoint, values = link
    note = Notification(
        user_id=user.id,
        kind=kind,
        params=dict(params or {}),
        endpoint=endpoint,
        link_values=dict(values or {}),
        created_at=utcnow(),
    )
    db.session.add(note)
    if mail and (spec.essential or channel_of(user, kind) == Channel.IMMEDIATE):
        _mail_now(user, note)
    return note


def notify_company(company_id, kind, *, link, params=None, actor=None):
    """notify() every active member of a company."""
    members = db.session.scalars(
        select(User).where(User.company_id == company_id, User.active.is_(True)).order_by(User.id)
    ).all()
    return [notify(member, kind, link=link, params=params, actor=actor) for member in members]


def notify_application_moved(application, from_stage, actor):
    """An application moved: the trainee hears of every stage in plain words; the company when it reaches them.

    The rejection itself is mailed by pipeline.reject with its reason, so its notification sends no second mail.
    """
    from board.models import Stage
    from board.domain.pipeline import COMPANY_STAGES

    opening, to_stage = application.opening, application.stage
    if to_stage == Stage.COMPANY_REVIEW and from_stage not in COMPANY_STAGES:
        notify_company(
            opening.company_id,
            "application.passed",
            actor=actor,
            link=("company.application", {"application_id": application.id}),
            params={"trainee": application.trainee.user.name, "title": opening.title},
        )
    notify(
        application.trainee.user,
        "application.stage",
        actor=actor,
        mail=to_stage != Stage.REJECTED,
        link=("me.application", {"application_id": application.id}),
        params={"title": opening.title, "stage": to_stage.value},
    )


def channel_of(user, kind):
    """The person's choice for kind, or the kind's default."""
    chosen = db.session.scalar(
        select(NotificationPreference.channel).where(
            NotificationPreference.user_id == user.id, NotificationPreference.kind == kind
        )
    )
    return chosen or KINDS[kind].default


def choices_of(user):
    """{kind: channel} of every choice the person made."""
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.channel).where(
            NotificationPreference.user_id == user.id
        )
    )
    return dict(rows.all())


def choose(user, kind, channel):
    """Record the person's channel for one kind; essential kinds are not a choice."""
    if KINDS[kind].essential:
        raise ValueError(kind)
    row = db.session.get(NotificationPreference, (user.id, kind))
    if row is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, channel=channel))
    else:
        row.channel = channel


def text_of(note):
    """The notification's sentence in the current language, with the names it stored."""
    spec = KINDS.get(note.kind)
    if spec is None:
        return ""
    params = {key: str(value) for key, value in (note.params or {}).items()}
    if "stage" in params:
        params["news"] = str(STAGE_NEWS.get(params["stage"], ""))
    if "answer" in params:
        params["answer"] = str(ANSWERS.get(params["answer"], ""))
    try:
        return str(spec.text) % params
    except (KeyError, TypeError, ValueError):
        return str(spec.label)


def unread_count(user_id):
    """How many of the person's notifications are unread: one range of ix_notifications_user_read."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def mark_read(note):
    """Mark one notification read (the caller has checked it is the person's)."""
    db.session.execute(
        update(Notification)
        .where(Notification.id == note.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def mark_all_read(user_id):
    """Mark every unread notification of the person read; returns how many."""
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount


def locale_of(user):
    config = current_app.config
    return user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def _mail_now(user, note):
    from board.platform.i18n import BOARD_NAME
    from board.domain.mail import external_url, send_after_commit
    from board.domain.notifications.unsubscribe import unsubscribe_headers

    spec = KINDS[note.kind]
    with force_locale(locale_of(user)):
        subject = gettext("[%(board)s] %(what)s", board=str(BOARD_NAME), what=str(spec.label))
        lines = [
            gettext("Dear %(name)s,", name=user.name),
            "",
            text_of(note),
            "",
            gettext("See it on the board: %(url)s", url=external_url(note.endpoint, **note.link_values)),
        ]
        headers = None
        if not spec.essential:
            headers = unsubscribe_headers(user, note.kind)
            lines += ["", gettext("No more mails of this kind: %(url)s", url=headers["List-Unsubscribe"][1:-1])]
        lines += ["", str(BOARD_NAME)]
    note.mailed_at = utcnow()
    send_after_commit(user.email, subject, "\n".join(lines), headers=headers)
