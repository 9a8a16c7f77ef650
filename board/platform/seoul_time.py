"""Seoul time, the one place the board converts between the academy's wall clock and stored UTC moments.

Moments are stored in UTC (board/models/types.py UTCDateTime); people read and type dates and
times as they are in Seoul (KST, no daylight saving). Every module that turns one into the
other calls these functions instead of building its own ZoneInfo.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

ACADEMY_TIMEZONE = "Asia/Seoul"
SEOUL = ZoneInfo(ACADEMY_TIMEZONE)


def board_today() -> date:
    """Today's date where the academy is (Asia/Seoul), not on the server's UTC clock.

    Deadlines are dates people read in Korea: between midnight and 9 a.m. in Seoul the
    server's date would still be yesterday and keep a closed opening or round open.
    """
    return datetime.now(SEOUL).date()


def seoul_time(day: date, wall_clock: time = time()) -> datetime:
    """The UTC moment of a date and a wall-clock time as read in Seoul (midnight by default)."""
    return datetime.combine(day, wall_clock, tzinfo=SEOUL).astimezone(UTC)


def from_seoul(local: datetime | None) -> datetime | None:
    """The UTC moment of a zone-less wall-clock datetime read in Seoul (a form's datetime-local input)."""
    return local.replace(tzinfo=SEOUL).astimezone(UTC) if local else None


def seoul(moment: datetime | None) -> datetime | None:
    """The Seoul wall-clock time of an aware moment, without zone, as the inputs show it."""
    return moment.astimezone(SEOUL).replace(tzinfo=None) if moment else None


def seoul_date(moment: datetime) -> date:
    """The date in Seoul of an aware moment."""
    return moment.astimezone(SEOUL).date()
