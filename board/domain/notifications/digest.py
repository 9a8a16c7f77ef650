"""Daily summary mails and pruning: plain functions of `now`, run by the periodic tasks and the CLI.

Neither commits; the command or task that calls them owns the transaction.
"""

from collections import defaultdict
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import and_, case, delete, func, literal, select, update
from sqlalchemy.orm import aliased

from board.platform.extensions import db
from board.models import User
from board.models.notifications import Channel, Notification, NotificationPreference
from board.platform.seoul_time import seoul_date, seoul_time
from board.domain.notifications import locale_of, text_of
from board.domain.notifications.kinds import KINDS


def start_of_day(now):
    """Midnight in Seoul of the day now falls on, as an aware UTC-comparable moment."""
    return seoul_time(seoul_date(now))


def _channel():
    """SQL: the channel in force for Notification's person and kind (their choice, else the kind's default)."""
    pref = aliased(NotificationPreference)
    defaults = case(
        {code: literal(k.default.value) for code, k in KINDS.items()},
        value=Notification.kind,
        else_=literal(Channel.OFF.value),
    )
    chosen = (
        select(pref.channel)
        .where(pref.user_id == Notification.user_id, pref.kind == Notification.kind)
        .scalar_subquery()
    )
    return func.coalesce(chosen, defaults)


def send_digests(now):
    """One summary mail per person of their unread, unmailed notifications of digest kinds from before today.

    Only what came before today's midnight (Seoul) goes in, and each notification is claimed
    with a conditional UPDATE before it is mailed: a second run the same day, or one running at
    the same time, finds nothing left and sends nothing. Returns the number of mails queued.
    """
    digest_kinds = [code for code, k in KINDS.items() if not k.essential]
    due = db.session.scalars(
        select(Notification)
        .where(
            Notification.mailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at < start_of_day(now),
            Notification.kind.in_(digest_kinds),
            _channel() == Channel.DIGEST.value,
        )
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
    ).all()
    by_user = defaultdict(list)
    for note in due:
        by_user[note.user_id].append(note)
    sent = 0
    for user_id, notes in by_user.items():
        claimed = set(
            db.session.scalars(
                update(Notification)
                .where(and_(Notification.id.in_([n.id for n in notes]), Notification.mailed_at.is_(None)))
                .values(mailed_at=now)
                .returning(Notification.id)
                .execution_options(synchronize_session=False)
            ).all()
        )
        notes = [n for n in notes if n.id in claimed]
        user = db.session.get(User, user_id)
        if notes and user is not None and user.active:
            _mail_digest(user, notes)
            sent += 1
    return sent


def _mail_digest(user, notes):
    from board.platform.i18n import BOARD_NAME
    from board.domain.mail import external_url, send_after_commit
    from board.domain.notifications.unsubscribe import DIGEST, unsubscribe_headers

    with force_locale(locale_of(user)):
        subject = gettext("[%(board)s] %(count)d new notifications", board=str(BOARD_NAME), count=len(notes))
        lines = [
            gettext("Dear %(name)s,", name=user.name),
            "",
            gettext("What happened on the board since the last summary:"),
            "",
        ]
        for note in notes:
            lines += ["- " + text_of(note), "  " + external_url(note.endpoint, **note.link_values)]
        lines += [
            "",
            gettext("Choose which mails you get: %(url)s", url=external_url("notifications.preferences")),
            "",
            str(BOARD_NAME),
        ]
    # A summary mixes kinds: its one-click link stops the summary, every kind the person had in it.
    send_after_commit(user.email, subject, "\n".join(lines), headers=unsubscribe_headers(user, DIGEST))


def prune(now):
    """Delete read notifications older than NOTIFICATION_KEEP_DAYS; returns how many went."""
    cutoff = now - timedelta(days=current_app.config["NOTIFICATION_KEEP_DAYS"])
    return db.session.execute(
        delete(Notification)
        .where(Notification.read_at.is_not(None), Notification.read_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
