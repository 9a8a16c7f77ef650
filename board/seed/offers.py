"""Demo offers: one in each state on the cohort-2 pipeline, and cohort 1's hires through the board with their checks.

Cohort 1's figures stay 130 / 155: a few graduates already counted as employed at a company on
the board get the application, the accepted offer and the 3- and 6-month checks behind that
outcome; no outcome is added or changed in kind.
"""
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from board.extensions import db
from board.models import (
    Application, EmploymentCheck, Offer, OfferState, Opening, Outcome, OutcomeKind, RetentionStatus, Stage, StageChange,
    Trainee,
)
from board.models.types import board_today
from board.retention import months_after

# Cohort-1 graduates whose hire at a board company went through the board; of their checks, one is unknown.
COHORT1_BOARD_HIRES = 12


def _terms(application, starts_on, answer_by, salary=3400):
    opening = application.opening
    return dict(application_id=application.id, position=opening.title, employment_type=opening.employment_type,
                starts_on=starts_on, salary=salary, probation_months=3, workplace=opening.workplace,
                answer_by=answer_by, note="입사 전 오리엔테이션 일정은 따로 안내드립니다.")


def _pipeline_offers(rng):
    """Offers behind the demo pipeline's 합격, 채용 확정 and declined applications, and one the company withdrew."""
    today, rows = board_today(), []
    applications = db.session.scalars(select(Application).join(StageChange)
                                      .where(StageChange.to_stage == Stage.OFFER).distinct()
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


def _cohort1_hires(rng, password_hash):
    """Applications, accepted offers and checks behind some of cohort 1's employed outcomes at board companies."""
    outcomes = db.session.scalars(
        select(Outcome).join(Trainee).where(Outcome.kind == OutcomeKind.EMPLOYED, Outcome.company_id.is_not(None),
                                            Outcome.note == "").order_by(Outcome.id)).all()
    rows, used = [], set()
    for outcome in outcomes:
        if len(used) == COHORT1_BOARD_HIRES or outcome.trainee_id in used or outcome.trainee.cohort.number != 1:
            continue
        opening = db.session.scalar(select(Opening).where(Opening.company_id == outcome.company_id)
                                    .order_by(Opening.id).limit(1))
        if opening is None:
            continue
        used.add(outcome.trainee_id)
        # They used the board to apply and accept, so they joined it (set a password) back then.
        outcome.trainee.user.password_hash, outcome.trainee.user.active = password_hash, True
        start = outcome.started_on
        sent = datetime.combine(start - timedelta(days=40), time(1), tzinfo=UTC)
        application = Application(opening_id=opening.id, trainee_id=outcome.trainee_id, stage=Stage.HIRED,
                                  cover_letter=f"{opening.title} 자리에 지원합니다.", created_at=sent,
                                  stage_changed_at=sent + timedelta(days=20), version=6)
        db.session.add(application)
        db.session.flush()
        steps = [None, Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER,
                 Stage.HIRED]
        actors = [outcome.trainee.user_id] + [outcome.recorded_by_id] * 4 + [outcome.trainee.user_id]
        rows += [StageChange(application_id=application.id, at=sent + timedelta(days=4 * i), actor_id=actors[i],
                             from_stage=steps[i], to_stage=steps[i + 1]) for i in range(6)]
        offer = Offer(**_terms(application, start, start - timedelta(days=10)), state=OfferState.ACCEPTED,
                      answered_by_id=outcome.trainee.user_id, answered_at=sent + timedelta(days=20),
                      made_by_id=outcome.recorded_by_id, created_at=sent + timedelta(days=16))
        db.session.add(offer)
        db.session.flush()
        outcome.through_board, outcome.application_id = True, application.id
        for months in (3, 6):
            due = months_after(start, months)
            if due > board_today():
                continue
            status = RetentionStatus.UNKNOWN if len(used) == 5 and months == 6 else RetentionStatus.VERIFIED
            rows.append(EmploymentCheck(offer_id=offer.id, months=months, status=status, checked_on=due,
                                        by_company=len(used) % 2 == 0, recorded_by_id=outcome.recorded_by_id,
                                        note="" if status == RetentionStatus.VERIFIED else "담당자 연락 안 됨"))
    return rows


def demo_offers(rng, password_hash):
    """Offer and check rows to add (the applications and outcomes are already flushed)."""
    return _pipeline_offers(rng) + _cohort1_hires(rng, password_hash)
