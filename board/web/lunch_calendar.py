"""Lunch days as iCalendar files (.ics): the event, and once the plan is published, each round's table.

Times are written in UTC, as board/domain/interviews.py writes interviews, so every calendar
shows them in its own time zone. UIDs are stable (the same file downloaded twice
updates the same entries instead of adding copies).
"""
from datetime import UTC, timedelta

from flask import Response
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.platform.extensions import db
from board.models import LunchSeat, LunchSignup, SignupStatus, Trainee
from board.models.types import utcnow

UID_DOMAIN = "academy-partner-board"


def _event_end(lunch_day):
    """The end of the last round (the event lasts at least an hour when it has no rounds)."""
    ends = [r.starts_at + timedelta(minutes=r.minutes) for r in lunch_day.rounds]
    return max(ends) if ends else lunch_day.starts_at + timedelta(hours=1)


def _event(uid, starts_at, ends_at, summary, location, description):
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    return event


def _seats(lunch_day, **where):
    """The published plan's seats, filtered by signup_id= or lunch_company_id=, with trainees loaded."""
    query = (select(LunchSeat).join(LunchSignup, LunchSignup.id == LunchSeat.signup_id)
             .where(LunchSignup.lunch_day_id == lunch_day.id, LunchSignup.status == SignupStatus.SEATED)
             .options(selectinload(LunchSeat.signup).selectinload(LunchSignup.trainee).selectinload(Trainee.user),
                      selectinload(LunchSeat.lunch_company)))
    for name, value in where.items():
        query = query.where(getattr(LunchSeat, name) == value)
    return db.session.scalars(query).all()


def lunch_day_calendar(lunch_day, signup=None, lunch_company=None) -> bytes:
    """The lunch day as .ics bytes; with a trainee's signup or a company's table, also its rounds once published."""
    cal = Calendar()
    cal.add("prodid", "-//Academy Partner Board//Lunch days//KO")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    who = f"-signup-{signup.id}" if signup else f"-company-{lunch_company.id}" if lunch_company else ""
    cal.add_component(_event(f"lunch-day-{lunch_day.id}{who}", lunch_day.starts_at, _event_end(lunch_day),
                             f"리쿠르트 런치데이: {lunch_day.title}", lunch_day.venue, lunch_day.description))
    if lunch_day.plan_published_at is None:
        return cal.to_ical()
    rounds = {r.id: r for r in lunch_day.rounds}
    if signup is not None:
        for seat in sorted(_seats(lunch_day, signup_id=signup.id), key=lambda s: rounds[s.round_id].number):
            lunch_round = rounds[seat.round_id]
            company = seat.lunch_company.company.name
            cal.add_component(_event(
                f"lunch-seat-{signup.id}-{lunch_round.id}", lunch_round.starts_at,
                lunch_round.starts_at + timedelta(minutes=lunch_round.minutes),
                f"{lunch_round.number}라운드: {company} 테이블", lunch_day.venue,
                f"{lunch_day.title} · {lunch_round.number}라운드 · {company} 테이블"))
    elif lunch_company is not None:
        seats = _seats(lunch_day, lunch_company_id=lunch_company.id)
        for lunch_round in lunch_day.rounds:
            names = sorted(s.signup.trainee.user.name for s in seats if s.round_id == lunch_round.id)
            description = f"{lunch_day.title} · {lunch_round.number}라운드 · {lunch_company.company.name} 테이블\n"
            description += "참석 교육생: " + (", ".join(names) if names else "없음")
            cal.add_component(_event(
                f"lunch-table-{lunch_company.id}-{lunch_round.id}", lunch_round.starts_at,
                lunch_round.starts_at + timedelta(minutes=lunch_round.minutes),
                f"{lunch_round.number}라운드: {lunch_company.company.name} 테이블 ({len(names)}명)",
                lunch_day.venue, description))
    return cal.to_ical()


def calendar_response(lunch_day, filename, **who):
    """The .ics as a download."""
    return Response(lunch_day_calendar(lunch_day, **who), content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
