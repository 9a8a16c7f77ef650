"""Column types shared by the models."""
from datetime import datetime, UTC

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow():
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment in time, stored in UTC and read back timezone-aware on every database.

    SQLite keeps no zone; without this the same column would come back naive there and
    aware on PostgreSQL, and Asia/Seoul display would be off by nine hours on one of them.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls, name):
    """A VARCHAR holding an enum's values, with a CHECK constraint.

    Not a native PostgreSQL enum: adding a stage or a kind later is then a plain migration.
    """
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


ACADEMY_TIMEZONE = "Asia/Seoul"


def board_today():
    """Today's date where the academy is (Asia/Seoul), not on the server's UTC clock.

    Deadlines are dates people read in Korea: between midnight and 9 a.m. in Seoul the
    server's date would still be yesterday and keep a closed opening or round open.
    """
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(ACADEMY_TIMEZONE)).date()
