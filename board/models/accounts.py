"""People who sign in, and the sessions they hold."""
from datetime import datetime
import enum
import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, delete
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from board.platform.database import before_slow_work
from board.platform.extensions import db
from board.models.types import UTCDateTime, enum_column, utcnow


class Role(str, enum.Enum):
    """What a user is on the board; decides their area and navigation."""

    TRAINEE = "trainee"
    COMPANY = "company"
    COMMITTEE = "committee"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.TRAINEE: _l("Trainee"),
    Role.COMPANY: _l("Company member"),
    Role.COMMITTEE: _l("Committee member"),
    Role.ADMIN: _l("Administrator"),
}


def normalise_email(email):
    """Emails are compared without case and surrounding space."""
    return (email or "").strip().lower()


class User(UserMixin, db.Model):
    """An account: a trainee, a company member, a committee member or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # Empty until the person sets a password (an invited trainee, say).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company = relationship("Company", back_populates="members")
    trainee = relationship("Trainee", back_populates="user", uselist=False)

    # Set per request by the session loader; Flask-Login stores it as the user's id.
    session_token = None

    def __init__(self, **kwargs):
        if "email" in kwargs:
            kwargs["email"] = normalise_email(kwargs["email"])
        super().__init__(**kwargs)

    @property
    def is_active(self):
        return bool(self.active)

    def get_id(self):
        # The session cookie carries a revocable login-session token, never the user id.
        return self.session_token

    def set_password(self, password):
        """Hash with the configured method (scrypt N=2^16 by default, per OWASP ASVS)."""
        self.password_hash = hash_password(password)
        self.password_changed_at = utcnow()

    def check_password(self, password):
        if not self.password_hash:
            return False
        before_slow_work()
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles):
        return self.role in roles

    @property
    def company_approved(self):
        from board.models.companies import CompanyStatus
        return self.company is not None and self.company.status == CompanyStatus.APPROVED

    def __repr__(self):
        return f"<User {self.id} {self.role.value}>"


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class LoginSession(db.Model):
    """One signed-in browser. Deleting the row ends that session, wherever its cookie is."""

    __tablename__ = "login_sessions"

    # Only a digest is stored, so a copy of the database gives no live sessions.
    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user = relationship("User")

    @classmethod
    def open(cls, user, user_agent=""):
        """Start a new session for user; returns the token for the cookie."""
        token = secrets.token_urlsafe(32)
        db.session.add(cls(token_digest=_digest(token), user=user, user_agent=(user_agent or "")[:200]))
        user.session_token = token
        return token

    @classmethod
    def find(cls, token):
        """The live session for a token, with its user, or None."""
        if not token or len(token) > 100:
            return None
        return db.session.get(cls, _digest(token))

    @classmethod
    def close(cls, token):
        db.session.execute(delete(cls).where(cls.token_digest == _digest(token)))

    @classmethod
    def close_all(cls, user):
        """End every session of a user: after a password change, a reset or deactivation."""
        db.session.execute(delete(cls).where(cls.user_id == user.id))


def email_taken(email):
    """True when an account already uses this email (compared without case)."""
    from sqlalchemy import select
    return db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None


def hash_password(password):
    """The password's hash by the configured method; ~0.2 s of CPU, so no transaction is kept open meanwhile."""
    before_slow_work()
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_account(email, name, role, password=None, company=None):
    """Add an account; without a password it cannot sign in until one is set."""
    # Hashed before the account joins the session (through company, too): hashing must come before writing.
    password_hash = hash_password(password) if password else None
    user = User(email=email, name=name, role=role, company=company)
    if password_hash:
        user.password_hash = password_hash
        user.password_changed_at = utcnow()
    db.session.add(user)
    return user


def set_active(user, active):
    """Activate or deactivate an account; deactivation ends its sessions at once."""
    user.active = active
    if not active:
        LoginSession.close_all(user)
