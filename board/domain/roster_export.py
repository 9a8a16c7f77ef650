"""The cohort roster as a CSV file for spreadsheets, with formula injection neutralised.

Roster cells are stored as the committee's file had them, and a name or phone may begin
with `=`, `+`, `-` or `@`. Excel and LibreOffice run such a cell as a formula when the file
is opened (`=HYPERLINK(...)` sends data away, DDE runs commands). Every cell that leaves the
board in a spreadsheet goes through spreadsheet_safe(), which puts a `'` in front: the
spreadsheet then shows the text as written. The board's own pages show it as written anyway.
"""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.platform.extensions import db
from board.models import CohortClass, Trainee, User

# Tab and carriage return too: some spreadsheets strip them and then read what follows.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """value as text a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def roster_csv(cohort):
    """The cohort's trainees by class and name, as UTF-8 CSV with a BOM (so Excel reads the Korean)."""
    trainees = db.session.scalars(
        select(Trainee).join(User, User.id == Trainee.user_id)
        .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
        .where(Trainee.cohort_id == cohort.id)
        .options(joinedload(Trainee.user), joinedload(Trainee.cohort_class))
        .order_by(CohortClass.number, User.name, Trainee.id)).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Name"), _("Email"), _("Class"), _("Region"), _("Phone"), _("Status"), _("Joined")])
    for trainee in trainees:
        writer.writerow([spreadsheet_safe(cell) for cell in (
            trainee.user.name, trainee.user.email, trainee.cohort_class.number if trainee.cohort_class else "",
            trainee.region or "", trainee.phone, str(trainee.status.label),
            _("Yes") if trainee.user.password_hash else _("No"))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
