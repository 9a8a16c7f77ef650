"""Cohort rosters: reading a CSV or XLSX file into rows, checking them, importing the good ones with invitations."""
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from board.platform import uploads
from board.platform.database import own_writes
from board.platform.extensions import db
from board.platform.filecheck import MAX_ROWS
from board.platform.text import INVISIBLE as _INVISIBLE
from board.models import AccountInvitation, Role, Trainee, User
from board.models.accounts import create_account, normalise_email
from board.models.types import utcnow

MAX_BYTES = 2 * 1024 * 1024
INVITATION_DAYS = 7

# Accepted headers per column, compared in lower case without spaces and without a note in brackets ("반(1~6)").
HEADERS = {
    "name": {"이름", "성명", "name"},
    "email": {"이메일", "메일", "email", "e-mail"},
    "class": {"반", "class"},
    "region": {"지역", "거주지", "region"},
    "phone": {"전화", "전화번호", "연락처", "휴대폰", "phone"},
}
REQUIRED = ("name", "email", "class", "region")
LABELS = {"name": "이름", "email": "이메일", "class": "반", "region": "지역", "phone": "전화"}
_CLASS = re.compile(r"^0*(\d{1,3})\s*반?$")
_PHONE = re.compile(r"^\+?[\d\s()-]{7,20}$")

# Messages are translated when made, not lazily (_l): Flask-Babel's lazy
# strings count as safe HTML, and these carry text from the uploaded file (an email, a class label).

class RosterError(Exception):
    """The file as a whole cannot be used; message tells the person who uploaded it why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class RosterRow:
    """One trainee line of a roster, as written, with what is wrong with it."""

    line: int
    name: str
    email: str
    class_label: str
    region: str
    phone: str = ""
    class_number: int | None = None
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def read_roster(filename, content):
    """The rows of a roster file, each with its own problems; RosterError when the file as a whole is unusable."""
    if not content:
        raise RosterError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise RosterError(_("The file is larger than 2 MB. A cohort's roster is much smaller; check that you chose the right file."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in ("xlsx", "xlsm"):
        table = _table("xlsx", content)
    elif extension in ("csv", "txt"):
        table = _table("csv", content)
    elif extension == "xls":
        raise RosterError(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV and upload it again."))
    else:
        raise RosterError(_("Upload a CSV or XLSX file."))
    return _rows(table)


def _table(kind, content):
    """[(row number, cells)] of the file's non-blank rows, read in a process with limits (board/platform/uploads.py)."""
    try:
        found = uploads.check(kind, content)
    except uploads.UploadRefused as refused:
        raise RosterError(_file_problem(refused.reason)) from None
    return [(number, cells) for number, cells in found["table"]]


def _file_problem(reason):
    """Why board/platform/filecheck.py refused a roster file, in the person's language."""
    if reason == "not_text":
        return _("The file could not be read as text. Save it as CSV (UTF-8) or as .xlsx and upload it again.")
    if reason == "not_csv":
        return _("The file is not a valid CSV file. Save it again from Excel as CSV and upload it.")
    if reason == "not_xlsx":
        return _("This file is not a readable Excel workbook. Open it in Excel, save it as .xlsx or CSV and upload it again.")
    if reason == "too_many_rows":
        return _("The file has more than %(limit)s rows. A cohort has 180 trainees; check that this is the right file or split it.",
                 limit=f"{MAX_ROWS:,}")
    return str(uploads.UNCHECKED)


def _header_key(text):
    text = re.sub(r"[(\[].*?[)\]]", "", text.replace("\ufeff", "")).replace("*", "")
    return re.sub(r"\s+", "", text).lower()


def _rows(table):
    if not table:
        raise RosterError(_("The file is empty."))
    header, body = table[0][1], table[1:]
    columns = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for column, accepted in HEADERS.items():
            if key in accepted:
                columns.setdefault(column, index)
    missing = [LABELS[c] for c in REQUIRED if c not in columns]
    if missing:
        raise RosterError(_("The file lacks the column(s) %(columns)s. Its first row must name the columns 이름, 이메일, 반 and 지역 (전화 is optional).",
                             columns=", ".join(missing)))
    if not body:
        raise RosterError(_("The file has a header row but no trainees under it."))

    def cell(cells, column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    rows = []
    for number, cells in body:
        row = RosterRow(line=number, name=cell(cells, "name"), email=normalise_email(cell(cells, "email")),
                        class_label=cell(cells, "class"), region=cell(cells, "region"), phone=cell(cells, "phone"))
        _check_row(row)
        rows.append(row)
    return rows


def _invisible(text):
    return any(c in _INVISIBLE or ord(c) < 32 for c in text)


def _check_row(row):
    """The problems a row has on its own, in the order of its columns."""
    problems = row.problems
    if not row.name:
        problems.append(_("The name is missing."))
    elif len(row.name) > 80 or _invisible(row.name):
        problems.append(_("The name is longer than 80 characters or contains invisible characters."))
    if not row.email:
        problems.append(_("The email is missing."))
    else:
        try:
            validate_email(row.email, check_deliverability=False)
        except EmailNotValidError:
            problems.append(_("“%(email)s” is not a valid email address.", email=row.email))
    match = _CLASS.match(row.class_label)
    if not row.class_label:
        problems.append(_("The class is missing."))
    elif match is None:
        problems.append(_("Unknown class “%(label)s”: write a number from 1 to 6, or 1반 to 6반.", label=row.class_label))
    else:
        row.class_number = int(match.group(1))
    if not row.region:
        problems.append(_("The region is missing."))
    elif len(row.region) > 20 or _invisible(row.region):
        problems.append(_("The region is longer than 20 characters or contains invisible characters."))
    if row.phone and (len(row.phone) > 20 or not _PHONE.match(row.phone)):  # the column holds 20
        problems.append(_("“%(phone)s” is not a phone number.", phone=row.phone))


def check_rows(rows, cohort):
    """Add the problems that depend on the whole file and the board: unknown classes, duplicates, existing accounts."""
    classes = {c.number for c in cohort.classes}
    first_row = {}
    for row in rows:
        if row.class_number is not None and row.class_number not in classes:
            row.problems.append(_("Unknown class “%(label)s”: this cohort has classes %(classes)s.",
                                   label=row.class_label, classes=", ".join(str(n) for n in sorted(classes))))
        if not row.email:
            continue
        if row.email in first_row:
            row.problems.append(_("The same email as row %(line)s.", line=first_row[row.email]))
        else:
            first_row[row.email] = row.line
    existing = {}
    emails = list(first_row)
    for start in range(0, len(emails), 500):
        existing.update(db.session.execute(
            select(User.email, Trainee.cohort_id).outerjoin(Trainee, Trainee.user_id == User.id)
            .where(User.email.in_(emails[start:start + 500]))).all())
    for row in rows:
        if row.email in existing and first_row.get(row.email) == row.line:
            row.problems.append(_("Already on this cohort's roster.") if existing[row.email] == cohort.id
                                else _("An account with this email already exists."))
    return rows


def import_rows(cohort, rows):
    """Create a trainee account without a password and an invitation for each good row; [(user, token)] for the mails.

    Call it right after check_rows in the same transaction: rows whose email is taken carry a
    problem and are skipped, which is what makes a second import of the same file create nothing.
    """
    classes = {c.number: c for c in cohort.classes}
    invited = []
    for row in rows:
        if not row.ok:
            continue
        user = create_account(row.email, row.name, Role.TRAINEE)
        db.session.add(Trainee(user=user, cohort=cohort, cohort_class=classes[row.class_number],
                               region=row.region, phone=row.phone))
        invited.append((user, issue_invitation(user)))
    db.session.flush()
    return invited


class ImportRefused(Exception):
    """The confirmed import cannot run: 'imported' (done already, by a double click or a colleague) or 'changed'
    (someone added one of its emails between the check and the insert; nothing of this import is kept)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def confirm_import(upload, rows, actor):
    """Import a previewed roster once: the good rows become trainees with invitations; [(user, token)] for the mails.

    rows are read_roster's rows of the upload (read before the caller's first write: reading takes
    a process of its own). Exactly one confirm imports: the upload is claimed with a conditional
    UPDATE; rows are checked against the board inside the same transaction, so two imports cannot
    both add one email. The summary and the audit entry are kept with it. Never commits: the caller
    commits and then mails the invitations.
    """
    from board.models import RosterImport
    from board.models.audit import audit

    try:
        with own_writes():
            claimed = db.session.execute(update(RosterImport).where(
                RosterImport.id == upload.id, RosterImport.imported_at.is_(None)).values(imported_at=utcnow())).rowcount
            if not claimed:
                raise ImportRefused("imported")
            cohort = upload.cohort
            rows = check_rows(rows, cohort)
            invited = import_rows(cohort, rows)
            skipped = len(rows) - len(invited)
            upload.summary = json.dumps({"created": len(invited), "skipped": skipped})
            audit("roster.import", upload, actor=actor, cohort=cohort.number, filename=upload.filename,
                  created=len(invited), skipped=skipped)
            db.session.flush()
    except IntegrityError:
        raise ImportRefused("changed") from None
    db.session.refresh(upload)
    return invited


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_invitation(user):
    """A new single-use link for user; earlier unused links stop working. Returns the token (only its digest is stored)."""
    now = utcnow()
    if user.id is not None:
        db.session.execute(update(AccountInvitation).where(
            AccountInvitation.user_id == user.id, AccountInvitation.used_at.is_(None), AccountInvitation.expires_at > now,
        ).values(expires_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(AccountInvitation(user=user, token_digest=_digest(token), expires_at=now + timedelta(days=INVITATION_DAYS)))
    return token


def find_account_invitation(token):
    """The invitation for a token if it is unused, unexpired and its account still waits for a password; else None."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(select(AccountInvitation).where(AccountInvitation.token_digest == _digest(token)))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    # A password set another way (a reset link) spends the invitation too: it must not overwrite that password.
    if not invitation.user.is_active or invitation.user.password_hash:
        return None
    return invitation


def use_invitation(invitation):
    """Mark the invitation used; False if another request used it first (two tabs, a double click)."""
    result = db.session.execute(update(AccountInvitation).where(
        AccountInvitation.id == invitation.id, AccountInvitation.used_at.is_(None)).values(used_at=utcnow()))
    return result.rowcount == 1
