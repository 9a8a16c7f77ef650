"""The board's background tasks and its periodic jobs, on the queue of board/platform/queue.py.

Each job is idempotent and safe if two consumers run it at once: it works through conditional
UPDATEs (and the outbox's claims), so a second run finds nothing left to do.

PERIODIC is the registry of scheduled jobs: (name, crontab, function). Another area adds its
own with `periodic(name, schedule)` as a decorator, e.g. a daily digest:

    from board.domain.tasks import periodic
    @periodic("digests", crontab(hour="8", minute="0"))
    def send_digests(): ...
"""
from flask import current_app
from huey import crontab

from board.domain import outbox
from board.platform.extensions import db
from board.platform.queue import app_context, consumer_name, huey

PERIODIC = []


def periodic(name, schedule):
    """Register fn as a periodic job run by the consumer inside the app's context; returns fn unchanged."""
    def register(fn):
        def run():
            with app_context():
                try:
                    return fn()
                finally:
                    db.session.remove()

        run.__name__ = run.__qualname__ = f"periodic_{name}"
        huey.periodic_task(schedule, name=f"board.periodic.{name}")(run)
        PERIODIC.append((name, schedule, fn))
        return fn
    return register


@huey.task(name="board.deliver")
def _deliver_task(ids):
    with app_context():
        outbox.deliver_due(ids=ids)


def deliver(ids):
    """Ask the queue to deliver these outbox messages (at once, in the caller's thread, in immediate mode)."""
    _deliver_task(list(ids))


@periodic("outbox-sweep", crontab(minute="*"))
def sweep_outbox():
    """Every minute: record the consumer's heartbeat, put back stale claims, send what is due (retries)."""
    outbox.beat(consumer_name())
    outbox.release_stale_claims()
    return outbox.deliver_due()


@periodic("outbox-prune", crontab(hour="3", minute="30"))
def prune_outbox():
    """Nightly: delete sent messages older than OUTBOX_KEEP_DAYS (failed ones stay for the administrator)."""
    return outbox.prune_sent(current_app.config["OUTBOX_KEEP_DAYS"])


@periodic("close-expired-openings", crontab(minute="5"))
def close_expired_openings():
    """Hourly (cheap, and a missed night costs an hour, not a day): close openings past their deadline."""
    from board.models.openings import close_expired

    closed = close_expired()
    db.session.commit()
    return closed


@periodic("notification-digests", crontab(hour="8", minute="0"))
def send_notification_digests():
    """Daily at 08:00 (the consumer's clock): one summary mail per person who chose a daily digest.

    Each notification is claimed by a conditional UPDATE before it is mailed, so a second run the
    same day, or two consumers at once, send nothing more.
    """
    from board.models.types import utcnow
    from board.domain.notifications.digest import send_digests

    sent = send_digests(utcnow())
    db.session.commit()
    return sent


@periodic("notification-prune", crontab(hour="3", minute="45"))
def prune_notifications():
    """Nightly: delete read notifications older than NOTIFICATION_KEEP_DAYS."""
    from board.models.types import utcnow
    from board.domain.notifications.digest import prune

    pruned = prune(utcnow())
    db.session.commit()
    return pruned


@periodic("lunch-signup-announcements", crontab(minute="*/5"))
def announce_lunch_signups():
    """Every five minutes: trainees hear once that a lunch day's sign-up window has opened."""
    from board.domain.reminders import announce_signups

    announced = announce_signups()
    db.session.commit()
    return announced


@periodic("lunch-day-reminders", crontab(minute="15"))
def remind_lunch_days():
    """Hourly: the day before a lunch day (Seoul), its seated trainees and hosting companies hear once."""
    from board.domain.reminders import remind_lunch_days as remind

    reminded = remind()
    db.session.commit()
    return reminded


@periodic("survey-deadline-reminders", crontab(minute="20"))
def remind_survey_deadlines():
    """Hourly: two days before a survey round closes, approved companies that have not answered hear once."""
    from board.domain.reminders import remind_survey_deadlines as remind

    reminded = remind()
    db.session.commit()
    return reminded
