"""Company projects (기업과제): the moves they share with every posting, and how the public board finds them.

A project is a posting (board/domain/postings.py): submitted, published, returned and versioned like an
opening, each move a conditional UPDATE and each decision audited as "project.…". Request-free:
the forms and messages are in board/web/company/project_forms.py and the public views.
"""

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from board.models import Company, CompanyStatus, OpeningStatus, Project
from board.domain.postings import (  # noqa: F401 (a project's moderation is every posting's)
    EDITABLE, after_edit, close, is_owner, may_see, publish, return_to_company, submit,
)
from board.domain.search import _like, narrow_by_index


def visible_clause():
    """SQL for Project.is_visible(); needs a join to Company."""
    return and_(Project.status == OpeningStatus.PUBLISHED, Company.status == CompanyStatus.APPROVED)


def public_query(text=""):
    """Visible projects matching the search text, newest first, with company and skills loaded."""
    query = (select(Project).join(Company).where(visible_clause())
             .options(contains_eager(Project.company).selectinload(Company.agreements), selectinload(Project.skills))
             .order_by(Project.published_at.desc(), Project.id.desc()))
    if text:
        pattern = _like(text.lower())
        query = query.where(or_(func.lower(Project.title).like(pattern, escape="\\"),
                                func.lower(Project.description).like(pattern, escape="\\"),
                                func.lower(Company.name).like(pattern, escape="\\")))
        query = narrow_by_index(query, Project.id, "project", text)
    return query
