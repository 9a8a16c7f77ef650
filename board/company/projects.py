"""The company's project proposals (기업과제): draft, submit and edit."""
from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from board.company import bp
from board.company.project_forms import ProjectForm
from board.extensions import db
from board.models import OpeningStatus, Project, Skill
from board.models.openings import TransitionRefused
from board.projects import EDITABLE, after_edit, submit
from board.security import approved_company_required, company_required
from board.templating import render, see_other


def own_project(project_id):
    """The project if it belongs to the current member's company; 404 for anyone else's."""
    project = db.session.get(Project, project_id)
    if project is None or project.company_id != current_user.company_id:
        abort(404)
    return project


@bp.route("/projects")
@company_required
def projects():
    """All of the company's projects with their state, last changed first."""
    status = request.args.get("status", "")
    query = (select(Project).where(Project.company_id == current_user.company_id)
             .order_by(Project.updated_at.desc(), Project.id.desc()))
    if status in {s.value for s in OpeningStatus}:
        query = query.where(Project.status == OpeningStatus(status))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(select(Project.status, func.count()).where(
        Project.company_id == current_user.company_id).group_by(Project.status)).all())
    return render("company/projects.html", page=page, state=status, counts=counts, statuses=list(OpeningStatus))


def _submit_now(project):
    """Submit after a save, when the member pressed "Save and submit for review"."""
    submit(project, current_user._get_current_object())
    db.session.commit()
    flash(_("The project is submitted. The committee will review it."), "success")


@bp.route("/projects/new", methods=["GET", "POST"])
@approved_company_required
def new_project():
    """Draft a new project proposal; it can be submitted for review at once."""
    form = ProjectForm()
    if form.validate_on_submit():
        project = Project(company_id=current_user.company_id, created_by_id=current_user.id)
        form.fill(project)
        db.session.add(project)
        db.session.commit()
        if "submit" in request.form:
            _submit_now(project)
        else:
            flash(_("The draft is saved."), "success")
        return see_other(url_for("company.project", project_id=project.id))
    return render("company/project_form.html", form=form, project=None, skills=Skill.all_names(),
                  block="form", status=422 if form.is_submitted() else 200)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@approved_company_required
def edit_project(project_id):
    """Edit a project; an edited published project goes back to the committee."""
    project = own_project(project_id)
    if project.status not in EDITABLE:
        flash(_("A closed project cannot be edited."), "warning")
        return see_other(url_for("company.project", project_id=project.id))
    form = ProjectForm()
    if request.method == "GET":
        form.load(project)
    if form.validate_on_submit():
        was_published = project.status == OpeningStatus.PUBLISHED
        form.fill(project)
        after_edit(project)
        db.session.commit()
        if "submit" in request.form and project.status in (OpeningStatus.DRAFT, OpeningStatus.RETURNED):
            try:
                _submit_now(project)
            except TransitionRefused:
                flash(_("This project cannot be submitted in its current state."), "warning")
        elif was_published:
            flash(_("Saved. The committee reviews every edit of a published project, so this one is off the board until it is approved again."), "info")
        else:
            flash(_("The project is saved."), "success")
        return see_other(url_for("company.project", project_id=project.id))
    return render("company/project_form.html", form=form, project=project, skills=Skill.all_names(),
                  block="form", status=422 if form.is_submitted() else 200)


@bp.route("/projects/<int:project_id>")
@company_required
def project(project_id):
    """One project as the company sees it: its state and the committee's reason."""
    return render("company/project.html", project=own_project(project_id))


@bp.route("/projects/<int:project_id>/submit", methods=["POST"])
@approved_company_required
def submit_project(project_id):
    """Send a draft or returned project to the committee."""
    found = own_project(project_id)
    # The stored project must still pass the form's rules before the committee sees it.
    form = ProjectForm(formdata=None, meta={"csrf": False})
    form.load(found)
    if not form.validate():
        flash(_("The project is not complete yet. Open it, fix the marked fields and submit again."), "warning")
        return see_other(url_for("company.edit_project", project_id=found.id))
    try:
        submit(found, current_user._get_current_object())
    except TransitionRefused:
        flash(_("This project cannot be submitted in its current state."), "warning")
        return see_other(url_for("company.project", project_id=found.id))
    db.session.commit()
    flash(_("The project is submitted. The committee will review it."), "success")
    return see_other(url_for("company.project", project_id=found.id))
