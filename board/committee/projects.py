"""The committee's moderation of company projects: the queue, the diff, publish or return."""

from board.committee import bp
from board.committee import postings as moderation
from board.extensions import db
from board.models import Project
from board.security import committee_required


@bp.route("/projects")
@committee_required
def projects():
    """Submitted projects, oldest first: the moderation queue."""
    return moderation.queue(Project)


@bp.route("/projects/<int:project_id>")
@committee_required
def project(project_id):
    """One project under review, with what changed since the last approved version."""
    return moderation.review_page(db.get_or_404(Project, project_id))


@bp.route("/projects/<int:project_id>/publish", methods=["POST"])
@committee_required
def publish_project(project_id):
    """Publish a submitted project on the board."""
    return moderation.decide_publish(Project, project_id)


@bp.route("/projects/<int:project_id>/return", methods=["POST"])
@committee_required
def return_project(project_id):
    """Return a submitted project to its company with a reason."""
    return moderation.decide_return(Project, project_id)
