"""Employment verification (고용 유지 확인): whether hires are still employed 3 and 6 months after the start date.

Funders ask for it. The committee records each check (the company may confirm from its side);
the retention rate is verified / (verified + left) per milestone, unknown shown apart.
"""
import calendar
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from board.platform.extensions import db
from board.models import Application, Company, EmploymentCheck, Offer, OfferState, Opening, RetentionStatus, Stage
from board.models import Outcome, Trainee
from board.models.audit import audit
from board.models.types import board_today

MILESTONES = (3, 6)


class CheckRefused(Exception):
    def __init__(self, message, errors=None):
        super().__init__(str(message))
        self.message = message
        self.errors = dict(errors or {})


def months_after(day, months):
    """The same day of the month `months` later (the month's last day when it has fewer days)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _hires():
    """Accepted offers whose application is still 채용 확정."""
    return (select(Offer).join(Application, Application.id == Offer.application_id)
            .where(Offer.state == OfferState.ACCEPTED, Application.stage == Stage.HIRED))


@dataclass
class Due:
    offer: Offer
    months: int
    due_on: date


def due_checks(today=None, company_id=None):
    """The checks that are due (milestone reached) and not yet recorded, the oldest first."""
    today = today or board_today()
    query = _hires().where(Offer.starts_on <= months_after(today, -MILESTONES[0])).options(
        joinedload(Offer.application).joinedload(Application.trainee).joinedload(Trainee.user),
        joinedload(Offer.application).joinedload(Application.opening).joinedload(Opening.company))
    if company_id is not None:
        query = query.where(Application.opening_id.in_(select(Opening.id).where(Opening.company_id == company_id)))
    offers = db.session.scalars(query.order_by(Offer.starts_on, Offer.id)).all()
    done = set(db.session.execute(select(EmploymentCheck.offer_id, EmploymentCheck.months)
                                  .where(EmploymentCheck.offer_id.in_([o.id for o in offers]))).all()) if offers else set()
    found = [Due(offer, months, months_after(offer.starts_on, months)) for offer in offers for months in MILESTONES
             if (offer.id, months) not in done and months_after(offer.starts_on, months) <= today]
    return sorted(found, key=lambda d: (d.due_on, d.offer.id))


def checks_of(offer, today=None):
    """[(months, due date, the recorded EmploymentCheck or None)] for the milestones reached so far."""
    today = today or board_today()
    recorded = {c.months: c for c in db.session.scalars(select(EmploymentCheck)
                                                        .where(EmploymentCheck.offer_id == offer.id))}
    return [(months, months_after(offer.starts_on, months), recorded.get(months)) for months in MILESTONES
            if months_after(offer.starts_on, months) <= today]


def record_check(offer, months, status, checked_on, actor, note="", by_company=False, today=None):
    """Record (or correct) the check at `months`; refused before the milestone or with a date in the future."""
    today = today or board_today()
    errors = {}
    if months not in MILESTONES:
        raise CheckRefused(_l("Checks are made at 3 and 6 months."))
    if offer.state != OfferState.ACCEPTED or offer.application.stage != Stage.HIRED:
        raise CheckRefused(_l("Only a hire can be checked."))
    if not isinstance(status, RetentionStatus):
        errors["status"] = _l("Choose what was found.")
    if checked_on is None:
        errors["checked_on"] = _l("Enter the date of the check.")
    elif checked_on > today:
        errors["checked_on"] = _l("The date cannot be in the future.")
    if months_after(offer.starts_on, months) > today:
        raise CheckRefused(_l("This check is not due yet."))
    if len(note or "") > 2000:
        errors["note"] = _l("Use at most 2,000 characters.")
    if errors:
        raise CheckRefused(_l("The check was not recorded. Check the marked fields."), errors)
    check = db.session.scalar(select(EmploymentCheck).where(EmploymentCheck.offer_id == offer.id,
                                                            EmploymentCheck.months == months))
    if check is None:
        check = EmploymentCheck(offer_id=offer.id, months=months)
        db.session.add(check)
    check.status, check.checked_on, check.note = status, checked_on, (note or "").strip()
    check.by_company, check.recorded_by_id = by_company, actor.id
    db.session.flush()
    audit("employment.check", check, actor=actor, offer_id=offer.id, months=months, status=status.value,
          checked_on=checked_on.isoformat(), by_company=by_company)
    return check


@dataclass
class Retention:
    """Checks at one milestone: how many verified, left, unknown."""

    counts: dict = field(default_factory=lambda: {s: 0 for s in RetentionStatus})

    verified = property(lambda self: self.counts[RetentionStatus.VERIFIED])
    left = property(lambda self: self.counts[RetentionStatus.LEFT])
    unknown = property(lambda self: self.counts[RetentionStatus.UNKNOWN])

    @property
    def rate_label(self):
        known = self.counts[RetentionStatus.VERIFIED] + self.counts[RetentionStatus.LEFT]
        return f"{self.counts[RetentionStatus.VERIFIED] / known * 100:.1f}%" if known else "–"


def retention_by(cohort_id):
    """{(company name or None for the whole cohort, months): Retention} for a cohort's hires, in two queries:
    hires through the board, and hires the committee recorded as outcomes."""
    rows = db.session.execute(
        select(Company.name, EmploymentCheck.months, EmploymentCheck.status, func.count())
        .join(Offer, Offer.id == EmploymentCheck.offer_id).join(Application, Application.id == Offer.application_id)
        .join(Trainee, Trainee.id == Application.trainee_id).join(Opening, Opening.id == Application.opening_id)
        .join(Company, Company.id == Opening.company_id)
        .where(Trainee.cohort_id == cohort_id, Offer.state == OfferState.ACCEPTED, Application.stage == Stage.HIRED)
        .group_by(Company.name, EmploymentCheck.months, EmploymentCheck.status)).all()
    # Hires the committee recorded as outcomes (before the board, or elsewhere), by employer.
    rows += db.session.execute(
        select(Outcome.organisation, EmploymentCheck.months, EmploymentCheck.status, func.count())
        .join(Outcome, Outcome.id == EmploymentCheck.outcome_id).join(Trainee, Trainee.id == Outcome.trainee_id)
        .where(Trainee.cohort_id == cohort_id, EmploymentCheck.offer_id.is_(None))
        .group_by(Outcome.organisation, EmploymentCheck.months, EmploymentCheck.status)).all()
    found = {}
    for name, months, status, n in rows:
        for key in ((None, months), (name, months)):
            found.setdefault(key, Retention()).counts[status] += n
    return found
