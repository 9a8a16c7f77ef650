"""A company's own applicants as CSV: only the applications the committee passed on to it."""
from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from board.domain.record_exports import company_applicants
from board.models import Company, Opening
from board.models.audit import audit
from board.platform.extensions import db
from board.web.company import bp
from board.web.downloads import csv_download
from board.web.security import company_required


@bp.route("/applicants.csv")
@company_required
def applicants_csv():
    """Every applicant passed on to the member's company, or to one of its openings (`?opening=`); 404 for another's."""
    raw = request.args.get("opening", "").strip()
    opening_id = None
    if raw:
        if not raw.isdigit() or len(raw) > 9:
            abort(404)
        opening_id = db.session.scalar(select(Opening.id).where(Opening.id == int(raw),
                                                                 Opening.company_id == current_user.company_id))
        if opening_id is None:
            abort(404)
    company = db.get_or_404(Company, current_user.company_id)
    audit("report.export", company, table="applicants", opening_id=opening_id)
    db.session.commit()
    suffix = f"-opening-{opening_id}" if opening_id else ""
    return csv_download(company_applicants(company.id, opening_id), f"applicants{suffix}.csv")
