"""The committee's moderation of openings: the queue, the diff, publish or return."""

from board.committee import bp
from board.committee import postings as moderation
from board.extensions import db
from board.models import Opening
from board.security import committee_required


@bp.route("/openings")
@committee_required
def openings():
    """Submitted openings, oldest first: the moderation queue."""
    return moderation.queue(Opening)


@bp.route("/openings/<int:opening_id>")
@committee_required
def opening(opening_id):
    """One opening under review, with what changed since the last approved version."""
    return moderation.review_page(db.get_or_404(Opening, opening_id))


@bp.route("/openings/<int:opening_id>/publish", methods=["POST"])
@committee_required
def publish_opening(opening_id):
    """Publish a submitted opening on the board."""
    return moderation.decide_publish(Opening, opening_id)


@bp.route("/openings/<int:opening_id>/return", methods=["POST"])
@committee_required
def return_opening(opening_id):
    """Return a submitted opening to its company with a reason."""
    return moderation.decide_return(Opening, opening_id)
