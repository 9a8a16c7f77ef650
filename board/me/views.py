"""Views of the trainee's own area."""
from flask_login import current_user

from board.lunchdays import waitlist_position
from board.me import bp
from board.me.lunchdays import next_lunch_day
from board.models import SignupStatus
from board.security import trainee_required
from board.templating import render


@bp.route("/")
@trainee_required
def index():
    """The trainee's home: their place in the academy, the next lunch day for them, their applications."""
    lunch = next_lunch_day(current_user.trainee) if current_user.trainee else None
    signup = lunch[1] if lunch else None
    position = waitlist_position(signup) if signup and signup.status == SignupStatus.WAITLISTED else None
    return render("me/index.html", lunch=lunch, lunch_position=position)
