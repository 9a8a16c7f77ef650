"""What the board tells a person: notifications in the bell, and each person's choice of channel per kind."""

from datetime import datetime
import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class Channel(str, enum.Enum):
    """How a person hears of one kind of event beyond the bell."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"

    @property
    def label(self):
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.IMMEDIATE: _l("Mail at once"),
    Channel.DIGEST: _l("Daily summary mail"),
    Channel.OFF: _l("No mail"),
}


class Notification(db.Model):
    """One thing that happened, for one person: the kind, the names it mentions and where to see it."""

    __tablename__ = "notifications"
    # The bell asks "how many unread for this person" on every page and every 30 s: with (user_id, read_at)
    # that is a range of one index, however many notifications the country's board keeps.
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # Names the text mentions (a company, an opening), as they were at the time; the text itself is
    # translated when it is shown, in the reader's language.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Where the notification leads: an endpoint and its values, built into a URL when shown.
    endpoint: Mapped[str] = mapped_column(String(80))
    link_values: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once it was mailed, at once or in a daily summary: a second digest run sends nothing twice.
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationPreference(db.Model):
    """A person's choice for one kind; without a row the kind's default holds."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "notification_channel"))


def _unread_count_column():
    """User.unread_notifications: the bell's count, loaded with the signed-in person (board/web/security.py load_user).

    Deferred, so only the session look-up asks for it: the bell then costs no statement of its own
    on any page, and the count is still one range of ix_notifications_user_read.
    """
    from sqlalchemy import func, select
    from sqlalchemy.orm import column_property

    from board.models.accounts import User

    User.unread_notifications = column_property(
        select(func.count())
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .correlate_except(Notification)
        .scalar_subquery(),
        deferred=True,
    )


_unread_count_column()
