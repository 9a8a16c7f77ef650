"""Views of the public board and the language switch."""
from pathlib import Path

from flask import Response, abort, current_app, redirect, request, session
from flask_login import current_user
from sqlalchemy import false, func, select
from sqlalchemy.orm import selectinload

from board.platform.extensions import db
from board.models import Agreement, Application, Cohort, Company, CompanyStatus, Opening, OpeningStatus, Project, Role, Skill
from board.web.ownership import visible_posting
from board.domain.reports import landing_figures
from board.domain.projects import public_query
from board.web.public.forms import BoardFilters, ProjectSearch
from board.domain.search import OpeningFilters, board_page, board_query, recommended_for
from board.web.public import bp
from board.web.security import safe_next
from board.platform.templating import render, wants_fragment


@bp.route("/")
def index():
    """The front page: what the board is, the academy in figures, where to go next."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.number)).all()
    partners = db.session.scalar(
        select(func.count(func.distinct(Agreement.company_id)))
        .join(Company).where(Company.status == CompanyStatus.APPROVED)
    )
    companies = db.session.scalar(select(func.count()).select_from(Company).where(Company.status == CompanyStatus.APPROVED))
    # Live figures, aggregates only: no name of a trainee, no count small enough to point at one.
    partner_names = db.session.scalars(
        select(Company.name).where(Company.status == CompanyStatus.APPROVED, Company.id.in_(select(Agreement.company_id)))
        .order_by(Company.name)).all()
    open_openings = db.session.scalar(select(func.count()).select_from(Opening).join(Company)
                                      .where(Opening.status == OpeningStatus.PUBLISHED,
                                             Company.status == CompanyStatus.APPROVED))
    return render("public/index.html", cohorts=cohorts, partners=partners, companies=companies,
                  landing=landing_figures(), partner_names=partner_names, open_openings=open_openings)


@bp.route("/openings")
def openings():
    """The board: open openings, newest first, 20 a page, with search and filters in the URL."""
    filters = BoardFilters(formdata=request.args)
    valid = filters.validate()
    if valid:
        criteria = filters.criteria()
        page = board_page(lambda index: board_query(criteria, index=index), current_app.config["PAGE_SIZE"])
    else:
        page = board_page(lambda index: board_query(OpeningFilters()).where(false()),
                          current_app.config["PAGE_SIZE"])
    # The htmx answer is the results block alone: recommendations and the skill list are not in it.
    fragment = wants_fragment()
    recommended = []
    if not fragment and current_user.is_authenticated and current_user.role == Role.TRAINEE and current_user.trainee:
        recommended = recommended_for(current_user.trainee)
    return render("public/openings.html", page=page, filters=filters, recommended=recommended,
                  skills=[] if fragment else Skill.all_names(), args={k: v for k, v in request.args.items() if k != "page"},
                  block="results", status=200 if valid else 422)


@bp.route("/openings/<int:opening_id>")
def opening(opening_id):
    """One opening. Trainees see it while it is open; its company and the committee always."""
    found = visible_posting(Opening, opening_id)
    mine = None
    if current_user.is_authenticated and current_user.role == Role.TRAINEE and current_user.trainee:
        # One application per trainee and opening, withdrawn or not: the page says which it is.
        mine = db.session.execute(select(Application.id, Application.stage).where(
            Application.opening_id == found.id, Application.trainee_id == current_user.trainee.id)).first()
    return render("public/opening.html", opening=found, my_application=mine)


@bp.route("/projects")
def projects():
    """Company project proposals (기업과제) for trainee teams, newest first, 20 a page, with a search box."""
    search = ProjectSearch(formdata=request.args)
    valid = search.validate()
    query = public_query(search.q.data) if valid else public_query().where(false())
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("public/projects.html", page=page, search=search,
                  args={k: v for k, v in request.args.items() if k != "page"},
                  block="results", status=200 if valid else 422)


@bp.route("/projects/<int:project_id>")
def project(project_id):
    """One project. Everyone sees it while it is published; its company and the committee always."""
    return render("public/project.html", project=visible_posting(Project, project_id))


@bp.route("/companies/<int:company_id>")
def company(company_id):
    """A company's public profile; only approved companies have one."""
    found = db.session.get(Company, company_id)
    if found is None or found.status != CompanyStatus.APPROVED:
        abort(404)
    open_openings = db.session.scalars(
        select(Opening).join(Company).where(Opening.company_id == found.id, Opening.open_clause())
        .options(selectinload(Opening.skill_links)).order_by(Opening.published_at.desc())).all()
    return render("public/company.html", company=found, openings=open_openings,
                  lunch_days=lunch_days_attended(found))


def lunch_days_attended(company):
    """Lunch days already held at which the company hosted a table (its confirmed invitations)."""
    from board.models import Attendance, LunchCompany, LunchDay
    from board.models.types import utcnow
    return db.session.scalars(
        select(LunchDay).join(LunchCompany, LunchCompany.lunch_day_id == LunchDay.id)
        .where(LunchCompany.company_id == company.id, LunchCompany.status == Attendance.CONFIRMED,
               LunchDay.starts_at <= utcnow())
        .order_by(LunchDay.starts_at.desc())).all()


@bp.route("/language", methods=["POST"])
def language():
    """Switch the interface language for this browser, and for the account when signed in."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")), code=303)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on every site whatever the page links; pages link the SVG too.

    Answered from bytes, not a streamed file: the icon is 2 KB and nothing is left open.
    """
    icon = (Path(current_app.static_folder) / "favicon.ico").read_bytes()
    response = Response(icon, mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response
