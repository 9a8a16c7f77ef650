"""Views of the committee's workspace."""
from sqlalchemy import func, select

from board.web.committee import bp
from board.web.committee.lunchdays import next_lunch_day
from board.platform.extensions import db
from board.models import Cohort, Company, CompanyStatus, Trainee
from board.web.security import committee_required
from board.platform.templating import render


@bp.route("/")
@committee_required
def index():
    """The committee's home: what waits for a decision, and the cohorts in numbers."""
    pending = db.session.scalar(select(func.count()).select_from(Company).where(Company.status == CompanyStatus.PENDING))
    cohorts = db.session.execute(
        select(Cohort, func.count(Trainee.id)).outerjoin(Trainee, Trainee.cohort_id == Cohort.id)
        .group_by(Cohort.id).order_by(Cohort.number)
    ).all()
    return render("committee/index.html", pending=pending, cohorts=cohorts, lunch=next_lunch_day())
