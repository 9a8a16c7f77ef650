"""Views of the trainee's own area."""
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from board.platform.extensions import db
from board.domain.lunchdays import waitlist_position
from board.web.me import bp
from board.web.me.lunchdays import next_lunch_day
from board.models import Application, Company, Opening, SignupStatus
from board.web.security import trainee_required
from board.platform.templating import render


@bp.route("/")
@trainee_required
def index():
    """The trainee's home: their place in the academy, the next lunch day for them, their applications."""
    lunch = next_lunch_day(current_user.trainee) if current_user.trainee else None
    signup = lunch[1] if lunch else None
    position = waitlist_position(signup) if signup and signup.status == SignupStatus.WAITLISTED else None
    recent, total = _recent_applications(current_user.trainee)
    return render("me/index.html", lunch=lunch, lunch_position=position, recent_applications=recent,
                  application_count=total)


HOME_APPLICATIONS = 5


def _recent_applications(trainee):
    """The trainee's newest applications for the home card, and how many there are in all."""
    if trainee is None:
        return [], 0
    mine = Application.trainee_id == trainee.id
    recent = db.session.scalars(
        select(Application).where(mine)
        # Opening and company are one row each: joined into the same statement (the page's budget is 12).
        .options(joinedload(Application.opening).joinedload(Opening.company).selectinload(Company.agreements))
        .order_by(Application.created_at.desc(), Application.id.desc()).limit(HOME_APPLICATIONS)).all()
    total = db.session.scalar(select(func.count()).select_from(Application).where(mine)) if recent else 0
    return recent, total
