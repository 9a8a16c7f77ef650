"""Companies that recruit through the board, and their partner agreements."""
from datetime import date, datetime, timedelta
import enum
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.platform.extensions import db
from board.models.types import UTCDateTime, board_today, enum_column, utcnow


class CompanyStatus(str, enum.Enum):
    """Where a company stands with the committee."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"
    SUSPENDED = "suspended"

    @property
    def label(self):
        return {
            CompanyStatus.PENDING: _l("Awaiting approval"),
            CompanyStatus.APPROVED: _l("Approved"),
            CompanyStatus.RETURNED: _l("Returned"),
            CompanyStatus.SUSPENDED: _l("Suspended"),
        }[self]


class CompanyKind(str, enum.Enum):
    """How the company is present in the region (the article's four groups)."""

    RELOCATED = "relocated"
    FOUNDED = "founded"
    LOCAL = "local"
    BRANCH = "branch"

    @property
    def label(self):
        return {
            CompanyKind.RELOCATED: _l("Relocated HQ"),
            CompanyKind.FOUNDED: _l("Founded in the region"),
            CompanyKind.LOCAL: _l("Regional company"),
            CompanyKind.BRANCH: _l("Regional office or lab"),
        }[self]


def registration_number_is_valid(number):
    """Checks a Korean business registration number (사업자등록번호) and its check digit."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10 or any(c not in "0123456789-" for c in number):
        return False
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(d * w for d, w in zip(digits, weights)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10 == digits[9]


def format_registration_number(number):
    digits = "".join(c for c in number if c.isdigit())
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class Company(db.Model):
    """A company with its members; it acts on the board only once the committee approves it."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Kept as ten digits; shown as 123-45-67890.
    registration_number: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[CompanyKind | None] = mapped_column(enum_column(CompanyKind, "company_kind"))
    status: Mapped[CompanyStatus] = mapped_column(
        enum_column(CompanyStatus, "company_status"), default=CompanyStatus.PENDING, index=True
    )
    status_reason: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The committee may ask that edits to this company's published openings be reviewed again.
    review_edits: Mapped[bool] = mapped_column(Boolean, default=False)

    members = relationship("User", back_populates="company")
    openings = relationship("Opening", back_populates="company")
    agreements = relationship("Agreement", back_populates="company", order_by="Agreement.signed_on")

    @property
    def is_approved(self):
        return self.status == CompanyStatus.APPROVED

    @property
    def may_edit_profile(self):
        """Its description and website: while the committee decides too, so it decides on more than a name
        and a number. Only a suspended company may not (its postings, like its page, are off the board)."""
        return self.status in (CompanyStatus.PENDING, CompanyStatus.RETURNED, CompanyStatus.APPROVED)

    @property
    def is_partner(self):
        return bool(self.agreements)

    @property
    def active_members(self):
        return [m for m in self.members if m.active]

    @property
    def registration_number_display(self):
        return format_registration_number(self.registration_number)

    @classmethod
    def visible(cls):
        """Companies the public board may show."""
        return select(cls).where(cls.status == CompanyStatus.APPROVED)


class Agreement(db.Model):
    """A recruitment-linkage agreement (채용 연계 협약): what the company pledged, and for how long."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    renewal_on: Mapped[date | None] = mapped_column(Date)
    # Pledged per cohort.
    pledged_interviews: Mapped[int] = mapped_column(Integer, default=0)
    pledged_hires: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    company = relationship("Company", back_populates="agreements")

    def is_current(self, today=None):
        today = today or board_today()
        return self.signed_on <= today and (self.ends_on is None or self.ends_on >= today)


class CompanyInvitation(db.Model):
    """A colleague invited by email link to join a company's members."""

    __tablename__ = "company_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company = relationship("Company")
    invited_by = relationship("User")


INVITATION_DAYS = 7


def invite_colleague(company, email, invited_by):
    """Create an invitation; returns the token for the emailed link (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    invitation = CompanyInvitation(company=company, email=(email or "").strip().lower(), invited_by=invited_by,
                                   token_digest=hashlib.sha256(token.encode()).hexdigest(),
                                   expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    return token


def find_invitation(token):
    """The unused, unexpired invitation for a token, or None."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(select(CompanyInvitation).where(
        CompanyInvitation.token_digest == hashlib.sha256(token.encode()).hexdigest()))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < utcnow():
        return None
    return invitation
