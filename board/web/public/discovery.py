"""The files crawlers and browsers ask for: sitemap, robots.txt and the web manifest."""
import json
from datetime import UTC

from flask import Response
from sqlalchemy import select

from board.platform.extensions import db
from board.domain.mail import external_url
from board.models import Company, CompanyStatus, Opening, Project
from board.domain.projects import visible_clause
from board.web.public import bp, seo

for _helper in seo.TEMPLATE_GLOBALS:
    bp.add_app_template_global(_helper)
bp.add_app_template_global(seo.BRAND_COLOUR, "theme_colour")

# Areas behind sign-in, downloads, and search results (any query string on a list page).
ROBOTS_DISALLOW = ("/me/", "/company/", "/committee/", "/admin/", "/resumes/", "/openings?", "/projects?")


def _lastmod(*moments):
    """The latest of the given times as W3C datetime; the database hands back UTC."""
    moments = [m for m in moments if m is not None]
    if not moments:
        return None
    latest = max(m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments)
    return latest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _url(loc, lastmod=None):
    # Addresses are built from BOARD_URL and integer ids: nothing in them needs XML escaping.
    return f"<url><loc>{loc}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>\n"


def _prefix(url_of_one):
    return url_of_one.rsplit("/", 1)[0] + "/"


@bp.route("/sitemap.xml")
def sitemap():
    """Public pages and every open opening, approved company and visible project.

    One query per kind selecting two or three columns (no ORM objects): 20,000 openings are
    20,000 small tuples. The XML is written out piece by piece as it is sent.
    """
    openings = db.session.execute(
        select(Opening.id, Opening.updated_at, Opening.published_at).join(Company)
        .where(Opening.open_clause()).order_by(Opening.id)).all()
    companies = db.session.execute(
        select(Company.id, Company.created_at, Company.approved_at)
        .where(Company.status == CompanyStatus.APPROVED).order_by(Company.id)).all()
    projects = db.session.execute(
        select(Project.id, Project.updated_at, Project.published_at).join(Company)
        .where(visible_clause()).order_by(Project.id)).all()
    # Each address is its kind's prefix and the id: one URL build per kind, not per row.
    opening_url = _prefix(external_url("public.opening", opening_id=1))
    company_url = _prefix(external_url("public.company", company_id=1))
    project_url = _prefix(external_url("public.project", project_id=1))
    newest_opening = _lastmod(*(m for row in openings for m in row[1:]))
    newest_project = _lastmod(*(m for row in projects for m in row[1:]))

    pages = "".join([_url(external_url("public.index"), newest_opening),
                     _url(external_url("public.openings"), newest_opening),
                     _url(external_url("public.projects"), newest_project),
                     _url(external_url("accounts.signup_company"))])

    # Runs after the view has returned, outside the application: it only formats the rows.
    def generate():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        yield pages
        for prefix, rows in ((opening_url, openings), (company_url, companies), (project_url, projects)):
            chunk = []
            for row in rows:
                chunk.append(_url(f"{prefix}{row[0]}", _lastmod(*row[1:])))
                if len(chunk) == 500:
                    yield "".join(chunk)
                    chunk = []
            yield "".join(chunk)
        yield "</urlset>\n"
    return Response(generate(), mimetype="application/xml")


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {external_url('public.sitemap')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.route("/manifest.webmanifest")
def manifest():
    return Response(json.dumps(seo.manifest(), ensure_ascii=False), mimetype="application/manifest+json")

