"""Company projects (기업과제): their moderation moves and how the public board finds them.

Projects share the openings' states and their rules: a conditional UPDATE moves the status,
so two committee members deciding at once cannot both win, and every decision is audited.
"""
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms import SearchField
from wtforms.validators import Length

from board.forms import plain_text, strip
from board.models import Company, CompanyStatus, OpeningStatus, Project, Role
from board.models.audit import audit
from board.models.openings import move_posting
from board.models.types import utcnow
from board.notifications import notify_company
from board.search import MAX_QUERY, _like, narrow_by_index

EDITABLE = (OpeningStatus.DRAFT, OpeningStatus.RETURNED, OpeningStatus.SUBMITTED, OpeningStatus.PUBLISHED)


def submit(project, actor):
    """The company asks the committee to publish a draft or a returned project."""
    move_posting(project, [OpeningStatus.DRAFT, OpeningStatus.RETURNED], OpeningStatus.SUBMITTED, submitted_at=utcnow())


def publish(project, actor):
    """The committee publishes a submitted project on the board."""
    move_posting(project, [OpeningStatus.SUBMITTED], OpeningStatus.PUBLISHED, published_at=utcnow(), return_reason="")
    audit("project.publish", project, actor=actor, company_id=project.company_id)
    notify_company(project.company_id, "project.published", link=("company.project", {"project_id": project.id}),
                   params={"title": project.title}, actor=actor)


def return_to_company(project, actor, reason):
    """The committee sends a submitted project back with a reason the company sees."""
    move_posting(project, [OpeningStatus.SUBMITTED], OpeningStatus.RETURNED, return_reason=reason)
    audit("project.return", project, reason=reason, actor=actor, company_id=project.company_id)
    notify_company(project.company_id, "project.returned", link=("company.project", {"project_id": project.id}),
                   params={"title": project.title}, actor=actor)


def after_edit(project):
    """An edited published project leaves the board until the committee has approved it again."""
    if project.status == OpeningStatus.PUBLISHED:
        project.status = OpeningStatus.SUBMITTED
        project.submitted_at = utcnow()
    project.updated_at = utcnow()


def visible_clause():
    """SQL for is_visible(); needs a join to Company."""
    return and_(Project.status == OpeningStatus.PUBLISHED, Company.status == CompanyStatus.APPROVED)


def is_visible(project):
    """Everyone sees a published project of a company in good standing."""
    return project.status == OpeningStatus.PUBLISHED and project.company.status == CompanyStatus.APPROVED


def can_see_project(project):
    """Visible projects are public; others only to the owning company's members and the committee."""
    if is_visible(project):
        return True
    if not current_user.is_authenticated:
        return False
    if current_user.role in (Role.COMMITTEE, Role.ADMIN):
        return True
    return current_user.role == Role.COMPANY and current_user.company_id == project.company_id


class ProjectSearch(FlaskForm):
    """The public list's search box; it lives in the URL so a search can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Search"), filters=[strip], validators=[
        Length(max=MAX_QUERY, message=_l("Use at most %(max)d characters to search.", max=MAX_QUERY)), plain_text],
        render_kw={"placeholder": _l("Title, company, problem…"), "autocomplete": "off"})


def public_query(search=None):
    """Visible projects matching the search, newest first, with company and skills loaded."""
    query = (select(Project).join(Company).where(visible_clause())
             .options(contains_eager(Project.company).selectinload(Company.agreements), selectinload(Project.skills))
             .order_by(Project.published_at.desc(), Project.id.desc()))
    text = search.q.data if search is not None else ""
    if text:
        pattern = _like(text.lower())
        query = query.where(or_(func.lower(Project.title).like(pattern, escape="\\"),
                                func.lower(Project.description).like(pattern, escape="\\"),
                                func.lower(Company.name).like(pattern, escape="\\")))
        query = narrow_by_index(query, Project.id, "project", text)
    return query
