"""The demo's calendar, built around today so every page tells the same story.

The figures come from an article of 24 November 2021: cohort 1 had finished a year before,
cohort 2 was in the project course of its last two months. The demo moves that calendar by
whole weeks so the article's day falls on today (give or take three days); the weekday of
every date stays what it was, so courses still start on a Monday and end on a Friday.
"""
from datetime import date, time, timedelta
from functools import cache

from board.platform.seoul_time import board_today, seoul_time

ARTICLE_DAY = date(2021, 11, 24)
# Cohort 2's project course: its last two months (the course ran 1 June to 31 December 2021).
PROJECT_COURSE_DAY = date(2021, 11, 1)


@cache
def _offset(today):
    weeks = round((today - ARTICLE_DAY).days / 7)
    return timedelta(weeks=weeks)


def moved(day, today=None):
    """day of the article's calendar on the demo's calendar."""
    return day + _offset(today or board_today())


def project_course_start(today=None):
    """09:00 in Seoul on the first day of cohort 2's project course, as an aware UTC datetime."""
    day = weekday_on_or_after(moved(PROJECT_COURSE_DAY, today))
    return seoul_time(day, time(9, 0))


def semester_start(day, today=None):
    """The moved day, or the semester's first day (2 March or 1 September) when one falls in the 60 days before it.

    Near the article's season the start of a graduate school reads like a real semester; in other
    seasons the moved day stays, so it is never before cohort 1 ended nor after today.
    """
    there = moved(day, today)
    starts = [date(there.year + dy, m, d) for dy in (-1, 0) for m, d in ((3, 2), (9, 1))]
    recent = [start for start in starts if timedelta(0) <= there - start <= timedelta(days=60)]
    return max(recent) if recent else there


def weekday_on_or_after(day):
    """day, or the Monday after it when it falls on a weekend: lunch days and courses run on weekdays."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def weekday_on_or_before(day):
    """day, or the Friday before it when it falls on a weekend."""
    return day - timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


def survey_half(today=None):
    """The half year a demand survey asks about: the coming one ("2027 상반기" in December 2026)."""
    today = today or board_today()
    return f"{today.year} 하반기" if today.month <= 6 else f"{today.year + 1} 상반기"
