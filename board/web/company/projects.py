"""The company's project proposals (기업과제): draft, submit and edit."""
from board.web.company import bp
from board.web.company import postings as posting_pages
from board.web.company.project_forms import ProjectForm
from board.models import Project
from board.web.ownership import own_posting
from board.web.security import approved_company_required, company_required
from board.platform.templating import render


@bp.route("/projects")
@company_required
def projects():
    """All of the company's projects with their state, last changed first."""
    return render("company/projects.html", **posting_pages.listing(Project))


@bp.route("/projects/new", methods=["GET", "POST"])
@approved_company_required
def new_project():
    """Draft a new project proposal; it can be submitted for review at once."""
    return posting_pages.form_page(ProjectForm, Project())


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@approved_company_required
def edit_project(project_id):
    """Edit a project; every saved edit is kept as a version, and an edited published project goes back to the committee."""
    return posting_pages.form_page(ProjectForm, own_posting(Project, project_id))


@bp.route("/projects/<int:project_id>")
@company_required
def project(project_id):
    """One project as the company sees it: its state and the committee's reason."""
    return render("company/project.html", project=own_posting(Project, project_id))


@bp.route("/projects/<int:project_id>/submit", methods=["POST"])
@approved_company_required
def submit_project(project_id):
    """Send a draft or returned project to the committee, if the stored project still passes the form's rules."""
    return posting_pages.submit_stored(own_posting(Project, project_id), ProjectForm)
