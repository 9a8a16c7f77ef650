"""Views of the trainee's own area."""
from board.me import bp
from board.security import trainee_required
from board.templating import render


@bp.route("/")
@trainee_required
def index():
    """The trainee's home: their place in the academy and their applications."""
    return render("me/index.html")
