"""Views of the committee's workspace."""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from board.committee import bp
from board.extensions import db
from board.models import Cohort, Company, CompanyStatus, Trainee
from board.security import committee_required
from board.templating import render, see_other


@bp.route("/")
@committee_required
def index():
    """The committee's home: what waits for a decision, and the cohorts in numbers."""
    pending = db.session.scalar(select(func.count()).select_from(Company).where(Company.status == CompanyStatus.PENDING))
    cohorts = db.session.execute(
        select(Cohort, func.count(Trainee.id)).outerjoin(Trainee, Trainee.cohort_id == Cohort.id)
        .group_by(Cohort.id).order_by(Cohort.number)
    ).all()
    return render("committee/index.html", pending=pending, cohorts=cohorts)


@bp.route("/companies")
@committee_required
def companies():
    """Companies waiting for approval, oldest first."""
    waiting = db.session.scalars(
        select(Company).where(Company.status == CompanyStatus.PENDING)
        .options(selectinload(Company.members)).order_by(Company.created_at, Company.id)
    ).all()
    return render("committee/companies.html", companies=waiting)


@bp.route("/companies/<int:company_id>/approve", methods=["POST"])
@committee_required
def approve_company(company_id):
    """Approve a pending company so that its members can act on the board."""
    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    if company.status != CompanyStatus.PENDING:
        flash(_("%(name)s is not waiting for approval.", name=company.name), "warning")
    else:
        company.approve()
        db.session.commit()
        flash(_("%(name)s is approved.", name=company.name), "success")
    return see_other(url_for("committee.companies"))
