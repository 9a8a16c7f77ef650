"""Company sign-up by confirmed email, and answers that never tell a stranger who is registered.

Whatever the sign-up form names (a new company, a business number already on the board, an
email that already has an account), the person at the form gets the same answer: "check your
mail". What differs goes only to mailboxes: a new company's applicant gets a link to finish
(nothing is saved until then), an existing account's owner hears that someone used their
address, and a registered company's members hear that someone tried to register it again.
The same holds for a colleague invitation to an email that already has an account.

Views build the links (`link_for(token)`), so how absolute URLs are made stays in one place.
"""
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from board.platform.database import own_writes
from board.platform.extensions import db
from board.domain.mail import send_mail
from board.models import Company, CompanyStatus, Role, User
from board.models.accounts import normalise_email
from board.models.companies import format_registration_number

SALT = "company-signup"
# A day to open the link: long enough for a mail that is read the next morning.
MAX_AGE = 24 * 3600


class SignupRefused(Exception):
    """The sign-up cannot be finished: 'email' has an account by now, or 'number' is registered by now."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _digits(number):
    return "".join(c for c in number or "" if c.isdigit())


def existing_account(email):
    """The account that uses this email (compared without case), or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _company(digits):
    return db.session.scalar(select(Company).where(Company.registration_number == digits))


def request_signup(company_name, registration_number, name, email, link_for):
    """Mail whoever should hear about this sign-up; saves nothing and returns nothing the caller may show."""
    email, digits = normalise_email(email), _digits(registration_number)
    account, company = existing_account(email), _company(digits)
    if account is not None:
        send_mail(account.email, _("Someone used your email to register a company"),
                  _("Someone tried to register the company “%(company)s” on the academy's recruiting board with "
                    "this email address, which already has an account. Nothing was changed.\n\n"
                    "If it was you, sign in as usual (or ask for a new password on the sign-in page). "
                    "If not, you can ignore this message.", company=company_name))
    elif company is not None:
        send_mail(email, _("Your company is already on the board"),
                  _("The business registration number %(number)s is already registered on the academy's recruiting "
                    "board. Ask a colleague who uses the board to invite you from the company's page; "
                    "the invitation lets you join in a minute.", number=company.registration_number_display))
        for member in company.active_members:
            send_mail(member.email, _("Someone tried to register your company again"),
                      _("%(name)s (%(email)s) tried to register %(company)s on the academy's recruiting board. "
                        "Nothing was changed. If they are a colleague, invite them from the company's page.",
                        name=name, email=email, company=company.name))
    else:
        token = _serializer().dumps({"c": company_name, "r": digits, "n": name, "e": email})
        send_mail(email, _("Finish registering your company"),
                  _("Open this link within a day to choose your password and finish registering %(company)s "
                    "on the academy's recruiting board:\n%(link)s\n\nIf you did not ask for it, ignore this message.",
                    company=company_name, link=link_for(token)))


def signup_for_token(token):
    """The sign-up a link was made for ({company_name, registration_number, name, email}), or None."""
    if not token or len(token) > 2000:
        return None
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in "crne"):
        return None
    return {"company_name": data["c"], "registration_number": data["r"], "name": data["n"], "email": data["e"],
            "registration_number_display": format_registration_number(data["r"])}


def is_spent(signup):
    """True once the link's email has an account: it was used, or the address joined another way."""
    return existing_account(signup["email"]) is not None


def complete_signup(signup, password):
    """Create the pending company and its first member, both or neither; raises SignupRefused."""
    if is_spent(signup):
        raise SignupRefused("email")
    if _company(signup["registration_number"]) is not None:
        raise SignupRefused("number")
    company = Company(name=signup["company_name"], registration_number=signup["registration_number"],
                      status=CompanyStatus.PENDING)
    user = User(email=signup["email"], name=signup["name"], role=Role.COMPANY, company=company)
    user.set_password(password)
    try:
        with own_writes() as session:
            session.add_all([company, user])
    except IntegrityError:
        # The same link used twice at once, or the same company registered a moment ago.
        raise SignupRefused("email" if is_spent(signup) else "number") from None
    return user


def tell_invited_account(account, inviter, company):
    """An invitation went to an email that already has an account: its owner hears of it instead of a link."""
    send_mail(account.email, _("%(name)s invites you to the academy's recruiting board", name=inviter.name),
              _("%(name)s of %(company)s invited this email address to join the company on the board, but it already "
                "has an account. Sign in as usual. An account belongs to one company: if you should move to "
                "%(company)s, ask the employment committee.", name=inviter.name, company=company.name))
