"""Column types shared by the models."""
from datetime import datetime, UTC

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# Seoul time has one module (board/platform/seoul_time.py); the models and their callers may read these names here too.
from board.platform.seoul_time import ACADEMY_TIMEZONE, board_today  # noqa: F401


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


