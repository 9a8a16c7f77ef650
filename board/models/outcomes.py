"""Outcomes (취업 성과): what became of each graduate, with its history."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class OutcomeKind(str, enum.Enum):
    EMPLOYED = "employed"
    FOUNDED = "founded"
    GRADUATE_SCHOOL = "graduate_school"
    LOOKING = "looking"

    @property
    def label(self):
        return {
            OutcomeKind.EMPLOYED: _l("Employed"),
            OutcomeKind.FOUNDED: _l("Started a company"),
            OutcomeKind.GRADUATE_SCHOOL: _l("Graduate school"),
            OutcomeKind.LOOKING: _l("Still looking"),
        }[self]

    @property
    def counts_as_success(self):
        """The academy's outcome rate counts employment, founding and graduate school."""
        return self != OutcomeKind.LOOKING


class Outcome(db.Model):
    """One recorded outcome of a trainee; the newest is the current one, older rows are the history."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(enum_column(OutcomeKind, "outcome_kind"), index=True)
    # Where: a company on the board, or a name for one that is not.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), index=True)
    organisation: Mapped[str] = mapped_column(String(120), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    through_board: Mapped[bool] = mapped_column(Boolean, default=False)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    trainee = relationship("Trainee")
    company = relationship("Company")
    recorded_by = relationship("User")
