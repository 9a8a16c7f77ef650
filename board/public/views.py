"""Views of the public board and the language switch."""
from flask import abort, current_app, redirect, request, session
from flask_login import current_user
from sqlalchemy import func, select

from board.extensions import db
from board.models import Agreement, Cohort, Company, CompanyStatus
from board.public import bp
from board.security import safe_next
from board.templating import render


@bp.route("/")
def index():
    """The front page: what the board is, the academy in figures, where to go next."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.number)).all()
    partners = db.session.scalar(
        select(func.count(func.distinct(Agreement.company_id)))
        .join(Company).where(Company.status == CompanyStatus.APPROVED)
    )
    companies = db.session.scalar(select(func.count()).select_from(Company).where(Company.status == CompanyStatus.APPROVED))
    return render("public/index.html", cohorts=cohorts, partners=partners, companies=companies)


@bp.route("/openings")
def openings():
    """Published openings (채용공고)."""
    return render("public/openings.html")


@bp.route("/projects")
def projects():
    """Company project proposals (기업과제) for trainee teams."""
    return render("public/projects.html")


@bp.route("/companies/<int:company_id>")
def company(company_id):
    """A company's public profile; only approved companies have one."""
    found = db.session.get(Company, company_id)
    if found is None or found.status != CompanyStatus.APPROVED:
        abort(404)
    return render("public/company.html", company=found)


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
