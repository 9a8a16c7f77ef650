"""The committee's moderation of company projects: the queue, publish or return."""
from flask import current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from board.committee import bp
from board.committee.forms import ReasonForm
from board.extensions import db
from board.models import Company, OpeningStatus, Project
from board.models.openings import TransitionRefused
from board.projects import publish, return_to_company
from board.security import committee_required
from board.templating import render, see_other


@bp.route("/projects")
@committee_required
def projects():
    """Submitted projects, oldest first: the moderation queue."""
    query = (select(Project).where(Project.status == OpeningStatus.SUBMITTED)
             .options(selectinload(Project.company).selectinload(Company.agreements))
             .order_by(Project.submitted_at, Project.id))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("committee/projects.html", page=page)


@bp.route("/projects/<int:project_id>")
@committee_required
def project(project_id):
    """One project under review, with the decision forms while it waits."""
    found = db.get_or_404(Project, project_id)
    return render("committee/project.html", project=found, form=ReasonForm())


def _decided_already(project_id):
    flash(_("This project is no longer waiting for review; someone may have decided on it already."), "warning")
    return see_other(url_for("committee.project", project_id=project_id))


@bp.route("/projects/<int:project_id>/publish", methods=["POST"])
@committee_required
def publish_project(project_id):
    """Publish a submitted project on the board."""
    found = db.get_or_404(Project, project_id)
    try:
        publish(found, current_user._get_current_object())
    except TransitionRefused:
        return _decided_already(project_id)
    db.session.commit()
    flash(_("“%(title)s” is published.", title=found.title), "success")
    return see_other(url_for("committee.projects"))


@bp.route("/projects/<int:project_id>/return", methods=["POST"])
@committee_required
def return_project(project_id):
    """Return a submitted project to its company with a reason."""
    found = db.get_or_404(Project, project_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return render("committee/project.html", project=found, form=form, status=422)
    try:
        return_to_company(found, current_user._get_current_object(), form.reason.data)
    except TransitionRefused:
        return _decided_already(project_id)
    db.session.commit()
    flash(_("“%(title)s” is returned to the company.", title=found.title), "success")
    return see_other(url_for("committee.projects"))
