"""Demo offers: one in each state on the cohort-2 pipeline (waiting, overdue, accepted, declined, withdrawn)."""
from datetime import timedelta

from sqlalchemy import select

from board.platform.extensions import db
from board.models import (
    Application, Offer, OfferState, Outcome, Stage, StageChange,
)
from board.models.types import board_today



def _terms(application, starts_on, answer_by, salary=3400):
    opening = application.opening
    return dict(application_id=application.id, position=opening.title, employment_type=opening.employment_type,
                starts_on=starts_on, salary=salary, probation_months=3, workplace=opening.workplace,
                answer_by=answer_by, note="입사 전 오리엔테이션 일정은 따로 안내드립니다.")


def _pipeline_offers(rng):
    """Offers behind the demo pipeline's 합격, 채용 확정 and declined applications, and one the company withdrew."""
    today, rows = board_today(), []
    # An IN rather than a DISTINCT join: PostgreSQL cannot compare the application's JSON columns.
    offered = select(StageChange.application_id).where(StageChange.to_stage == Stage.OFFER)
    applications = db.session.scalars(select(Application).where(Application.id.in_(offered))
                                      .order_by(Application.id)).all()
    for n, application in enumerate(applications):
        made = next(e for e in application.events if e.to_stage == Stage.OFFER)
        answered = next((e for e in application.events if e.from_stage == Stage.OFFER), None)
        offer = Offer(**_terms(application, today + timedelta(days=40 + n), today + timedelta(days=5 - 8 * (n % 2)),
                               salary=3200 + 200 * (n % 4)),
                      made_by_id=made.actor_id, created_at=made.at)
        offer.salary_by_policy = n % 3 == 2
        if offer.salary_by_policy:
            offer.salary = None
        if application.stage == Stage.HIRED:
            offer.state, offer.answered_by_id, offer.answered_at = OfferState.ACCEPTED, answered.actor_id, answered.at
            offer.starts_on = today + timedelta(days=20 + n)
            offer.answer_by = min(offer.answer_by, offer.starts_on)
            # The hire's outcome starts when the offer says the job starts.
            for outcome in db.session.scalars(select(Outcome).where(Outcome.application_id == application.id)):
                outcome.started_on = offer.starts_on
        elif application.stage == Stage.WITHDRAWN:
            offer.state, offer.answered_by_id, offer.answered_at = OfferState.DECLINED, answered.actor_id, answered.at
            offer.decline_reason = "수도권 근무를 원해 다른 회사를 선택했습니다."
        rows.append(offer)
    # A company took an offer back (its application is at 면접 again, with the history to show it).
    interview = db.session.scalars(select(Application).where(Application.stage == Stage.INTERVIEW)
                                   .order_by(Application.id.desc()).limit(1)).first()
    if interview is not None:
        rows.append(Offer(**_terms(interview, today + timedelta(days=30), today + timedelta(days=3)),
                          state=OfferState.WITHDRAWN, made_by_id=interview.events[-1].actor_id,
                          created_at=interview.events[-1].at))
    return rows


def demo_offers(rng):
    """Offer rows to add (the applications and outcomes are already flushed)."""
    return _pipeline_offers(rng)
