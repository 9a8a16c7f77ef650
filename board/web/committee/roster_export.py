"""Downloading a cohort's roster for a spreadsheet."""
from flask import Response

from board.web.committee import bp
from board.platform.extensions import db
from board.models import Cohort
from board.domain.roster_export import roster_csv
from board.web.security import committee_required


@bp.route("/cohorts/<int:cohort_id>/roster.csv")
@committee_required
def roster_download(cohort_id):
    """The cohort's roster as CSV; cells that a spreadsheet would run as formulas are neutralised."""
    cohort = db.get_or_404(Cohort, cohort_id)
    return Response(roster_csv(cohort), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="cohort-{cohort.number}-roster.csv"',
                             "Cache-Control": "private, no-store"})
