"""Hiring-demand surveys (채용수요 조사): the committee opens a round, each approved company answers it.

Request-free: views, seeds and tests call these functions; they never commit or roll back.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from board.platform.database import own_writes
from board.platform.extensions import db
from board.models import Company, CompanyStatus, HiringTiming, JobRole, SurveyResponse, SurveyRound, SurveyRow, User
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.notifications import notify
from board.platform.seoul_time import board_today


class SurveyRefused(Exception):
    """The answer cannot be saved now; reason says why ('closed')."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Demand:
    """One row of an answer: a job role, how many people, when, and the skills wanted (Skill rows)."""

    job_role: JobRole
    headcount: int
    timing: HiringTiming
    skills: list = field(default_factory=list)


def open_round(title, deadline, note, actor):
    """Open a survey round that approved companies answer until its deadline (a date in Seoul)."""
    survey = SurveyRound(title=title, deadline=deadline, note=note or "", created_by_id=actor.id)
    db.session.add(survey)
    db.session.flush()
    audit("survey.open", survey, actor=actor, title=survey.title, deadline=survey.deadline.isoformat())
    members = db.session.scalars(select(User).join(Company, User.company_id == Company.id)
                                 .where(Company.status == CompanyStatus.APPROVED, User.active.is_(True))).all()
    for member in members:
        notify(member, "survey.opened", link=("company.survey", {"round_id": survey.id}),
               params={"title": survey.title, "deadline": survey.deadline.isoformat()})
    return survey


def response_of(survey, company_id, lock=False):
    """The company's answer to the round, or None."""
    query = (select(SurveyResponse)
             .where(SurveyResponse.round_id == survey.id, SurveyResponse.company_id == company_id)
             .options(selectinload(SurveyResponse.rows).selectinload(SurveyRow.skills)))
    if lock:
        # Two members saving at once would otherwise delete the same old rows twice (PostgreSQL);
        # populate_existing reloads rows read before the lock was granted.
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def _replace_rows(survey, company_id, actor, demands):
    response = response_of(survey, company_id, lock=True)
    if response is None:
        response = SurveyResponse(round_id=survey.id, company_id=company_id)
        db.session.add(response)
    response.rows = [SurveyRow(job_role=d.job_role, headcount=d.headcount, timing=d.timing, skills=list(d.skills))
                     for d in demands]
    response.updated_at = utcnow()
    response.updated_by_id = actor.id
    return response


def save_answer(survey, company_id, actor, demands, today=None):
    """The company's answer (its rows replace any earlier ones); refused after the round's deadline.

    One answer per company and round: when a colleague's first answer was created meanwhile (the
    unique constraint), its rows are replaced instead, in the caller's same transaction.
    """
    if not survey.is_open(today or board_today()):
        raise SurveyRefused("closed")
    try:
        with own_writes():
            return _replace_rows(survey, company_id, actor, demands)
    except IntegrityError:
        return _replace_rows(survey, company_id, actor, demands)
