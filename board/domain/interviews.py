"""Interviews (면접): the times a company offers, the one the trainee chooses, feedback, and the rejection notice.

Plain functions called by views and tests; none of them commits, the caller does.
"""
from datetime import UTC, timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from icalendar import Calendar, Event
from sqlalchemy import exists, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.orm.base import NO_VALUE

from board.platform.database import own_writes
from board.platform.extensions import db
from board.platform.i18n import BOARD_NAME
from board.domain.mail import external_url, render_mail, send_after_commit
from board.models import Application, Stage
from board.models.applications import REJECTION_REASONS
from board.models.matching import InterviewFeedback, InterviewSlot
from board.models.types import utcnow
from board.domain.notifications import notify, notify_company
from board.platform.seoul_time import seoul_time  # noqa: F401 (views and tests read it here too)

MAX_SLOTS = 5
MIN_MINUTES, MAX_MINUTES = 15, 240
CRITERIA = {
    "skills": _l("Technical skills"),
    "communication": _l("Communication"),
    "problem_solving": _l("Problem solving"),
    "fit": _l("Fit with the team"),
}
# Feedback is written after an interview; the application may since have moved on.
FEEDBACK_STAGES = frozenset({Stage.INTERVIEW, Stage.OFFER, Stage.HIRED, Stage.REJECTED})


class InterviewRefused(Exception):
    """The operation is not possible now (wrong stage, already chosen, bad input); message says why."""

    def __init__(self, message, errors=()):
        super().__init__(str(message))
        self.message = message
        # For slot offers: (row index, field name, message) per problem, so a form can show each beside its field.
        self.errors = list(errors)


def is_web_link(url):
    """True for an http(s) address with a host; javascript:, data: and the like are never links here."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def _slot_errors(index, slot, now):
    starts_at, minutes = slot.get("starts_at"), slot.get("minutes")
    place, video_url = (slot.get("place") or "").strip(), (slot.get("video_url") or "").strip()
    if starts_at is None or starts_at.tzinfo is None:
        yield index, "date", _l("Enter the date and the time.")
    elif starts_at <= now:
        yield index, "date", _l("Choose a time in the future.")
    if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        yield index, "minutes", _l("An interview lasts between 15 and 240 minutes.")
    if not place and not video_url:
        yield index, "place", _l("Enter a place or a video link.")
    if video_url and not is_web_link(video_url):
        yield index, "video_url", _l("Enter a video link that starts with https://")
    if len(place) > 200 or len(video_url) > 300:
        yield index, "place", _l("The place or the link is too long.")


def offer_slots(application, actor, slots):
    """Offer 1–5 interview times at 면접; each slot is a dict of starts_at (aware), minutes, place, video_url."""
    if application.stage != Stage.INTERVIEW:
        raise InterviewRefused(_l("Interview times can be offered only at the interview stage."))
    if not 1 <= len(slots) <= MAX_SLOTS:
        raise InterviewRefused(_l("Offer between 1 and 5 times."))
    now = utcnow()
    errors = [e for i, slot in enumerate(slots) for e in _slot_errors(i, slot, now)]
    if errors:
        raise InterviewRefused(_l("Some of the times cannot be offered."), errors)
    created = [InterviewSlot(application_id=application.id, starts_at=s["starts_at"], minutes=s["minutes"],
                             place=(s.get("place") or "").strip(), video_url=(s.get("video_url") or "").strip(),
                             created_by_id=actor.id) for s in slots]
    db.session.add_all(created)
    # New times answer the trainee's request for others.
    application.other_times_note = ""
    db.session.flush()
    notify(application.trainee.user, "interview.offered", link=("me.application", {"application_id": application.id}),
           params={"company": application.opening.company.name, "title": application.opening.title}, actor=actor)
    return created


def slots_of(application):
    """The application's offered slots, the earliest first (those a list view loaded with Application.slots)."""
    loaded = inspect(application).attrs.slots.loaded_value
    if loaded is not NO_VALUE:
        return loaded
    return db.session.scalars(select(InterviewSlot).where(InterviewSlot.application_id == application.id)
                              .order_by(InterviewSlot.starts_at, InterviewSlot.id)).all()


def chosen_slot(application):
    return db.session.scalar(select(InterviewSlot).where(InterviewSlot.application_id == application.id,
                                                         InterviewSlot.chosen_at.is_not(None)))


def choose_slot(application, slot, trainee_user):
    """The trainee takes one offered time; a second choice (another tab, a double click) is refused."""
    if slot.application_id != application.id or application.trainee.user_id != trainee_user.id:
        raise InterviewRefused(_l("This time was not offered to you."))
    # Touching the application row first makes concurrent choices wait for each other (a row lock on
    # PostgreSQL, the write lock on SQLite), so the NOT EXISTS below sees a choice committed meanwhile.
    locked = db.session.execute(
        update(Application).where(Application.id == application.id, Application.stage == Stage.INTERVIEW)
        .values(other_times_note=Application.other_times_note).execution_options(synchronize_session=False))
    if locked.rowcount != 1:
        raise InterviewRefused(_l("A time can be chosen only at the interview stage."))
    other = aliased(InterviewSlot)
    result = db.session.execute(
        update(InterviewSlot)
        .where(InterviewSlot.id == slot.id, InterviewSlot.application_id == application.id,
               InterviewSlot.chosen_at.is_(None),
               ~exists().where(other.application_id == application.id, other.chosen_at.is_not(None)))
        .values(chosen_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise InterviewRefused(_l("You have already chosen an interview time."))
    application.other_times_note = ""
    db.session.flush()
    db.session.refresh(slot)
    notify_company(application.opening.company_id, "interview.chosen",
                   link=("company.application", {"application_id": application.id}),
                   params={"trainee": trainee_user.name, "title": application.opening.title})
    return slot


def ask_other_times(application, trainee_user, note):
    """The trainee cannot make any offered time and says when they could."""
    note = (note or "").strip()
    if application.trainee.user_id != trainee_user.id:
        raise InterviewRefused(_l("This application is not yours."))
    if application.stage != Stage.INTERVIEW or chosen_slot(application) is not None:
        raise InterviewRefused(_l("Other times can be asked for only before a time is chosen."))
    if not note or len(note) > 1000:
        raise InterviewRefused(_l("Write when you could come, in at most 1,000 characters."))
    application.other_times_note = note
    db.session.flush()
    notify_company(application.opening.company_id, "interview.changed",
                   link=("company.application", {"application_id": application.id}),
                   params={"trainee": trainee_user.name, "title": application.opening.title})
    return application


def _checked_scores(scores):
    checked = {}
    for key in CRITERIA:
        try:
            value = int((scores or {}).get(key))
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= 5:
            raise InterviewRefused(_l("Score every criterion from 1 to 5."))
        checked[key] = value
    if set(scores) - set(CRITERIA):
        raise InterviewRefused(_l("Score every criterion from 1 to 5."))
    return checked


def record_feedback(application, actor, interviewer_name, scores, note):
    """One interviewer's scores and note; the company member's earlier feedback on the application is replaced."""
    if application.stage not in FEEDBACK_STAGES:
        raise InterviewRefused(_l("Feedback can be recorded from the interview stage on."))
    interviewer_name = (interviewer_name or "").strip()
    if not interviewer_name or len(interviewer_name) > 80:
        raise InterviewRefused(_l("Enter the interviewer's name (at most 80 characters)."))
    checked = _checked_scores(scores)
    note = (note or "").strip()
    if len(note) > 3000:
        raise InterviewRefused(_l("Use at most 3,000 characters."))
    feedback = db.session.scalar(select(InterviewFeedback).where(
        InterviewFeedback.application_id == application.id, InterviewFeedback.interviewer_id == actor.id))
    try:
        with own_writes() as session:
            if feedback is None:
                feedback = InterviewFeedback(application_id=application.id, interviewer_id=actor.id)
                session.add(feedback)
            feedback.interviewer_name, feedback.scores, feedback.note = interviewer_name, checked, note
    except IntegrityError:
        # The same member saved from two tabs at once: the first one stands (the caller's transaction goes on).
        raise InterviewRefused(_l("Your feedback was saved meanwhile; reload the page.")) from None
    return feedback


def feedback_of(application):
    return db.session.scalars(select(InterviewFeedback).where(InterviewFeedback.application_id == application.id)
                              .order_by(InterviewFeedback.created_at, InterviewFeedback.id)).all()


def calendar(slot):
    """The chosen interview as an iCalendar file (bytes), in UTC so every calendar shows the right local time."""
    application = slot.application
    opening = application.opening
    cal = Calendar()
    cal.add("prodid", "-//Academy Partner Board//Interviews//KO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"interview-slot-{slot.id}@academy-partner-board")
    event.add("dtstamp", utcnow())
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", (slot.starts_at + timedelta(minutes=slot.minutes)).astimezone(UTC))
    event.add("summary", f"면접: {opening.title} ({opening.company.name})")
    event.add("location", slot.place or slot.video_url)
    if slot.video_url:
        event.add("url", slot.video_url)
        event.add("description", slot.video_url)
    cal.add_component(event)
    return cal.to_ical()


def notify_rejection(application, by_committee=False):
    """Tell the trainee, respectfully and in their language, who decided not to go on and why.

    Queued for after the commit (pipeline.reject is the only caller); the link leads to the
    trainee's list of applications, which shows the same reason.
    """
    user = application.trainee.user
    opening = application.opening
    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = gettext("About your application to %(company)s", company=opening.company.name)
        decided = (gettext("After careful consideration, the employment committee has decided not to pass your "
                           "application on to the company.") if by_committee else
                   gettext("After careful consideration, the company has decided not to continue with your application."))
        reason = REJECTION_REASONS.get(application.rejection_code)
        text, html = render_mail(
            "rejection", subject=subject, board_name=BOARD_NAME, name=user.name, title=opening.title,
            company=opening.company.name, decided=decided, reason=str(reason) if reason else "",
            shared_reason=application.shared_reason or "",
            shared_heading=gettext("The committee's message to you:") if by_committee
            else gettext("The company's message to you:"),
            link=external_url("me.applications"))
    send_after_commit(user.email, subject, text, html=html)
