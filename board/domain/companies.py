"""The company state machine: the committee approves, returns, suspends and reinstates companies; a company
whose registration was returned corrects it and resubmits.

Each decision is one conditional UPDATE (like openings' move_posting and applications'
pipeline.move): of two committee members deciding at once, exactly one wins and the other
gets CompanyRefused naming who decided first, instead of overwriting the first decision.
Functions raise and never commit or roll back; the view or command owns the transaction.
"""
from sqlalchemy import select, update

from board.platform.extensions import db
from board.models import AuditEntry, Company, CompanyStatus
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.notifications import notify_company

# decision -> (the statuses it may be taken from, the status it leads to)
TRANSITIONS = {
    "approve": ({CompanyStatus.PENDING}, CompanyStatus.APPROVED),
    "return": ({CompanyStatus.PENDING}, CompanyStatus.RETURNED),
    "suspend": ({CompanyStatus.APPROVED}, CompanyStatus.SUSPENDED),
    "reinstate": ({CompanyStatus.SUSPENDED}, CompanyStatus.APPROVED),
    "resubmit": ({CompanyStatus.RETURNED}, CompanyStatus.PENDING),
}


class CompanyRefused(Exception):
    """'illegal': not possible from the company's status as loaded; 'stale': someone decided first.

    status is the company's status now; decided_by the person whose decision was recorded last, if any.
    """

    def __init__(self, reason, company, decided_by=None):
        super().__init__(reason)
        self.reason, self.company, self.status, self.decided_by = reason, company, company.status, decided_by


def _decide(company, decision, actor, reason=None, **values):
    allowed, to_status = TRANSITIONS[decision]
    if company.status not in allowed:
        raise CompanyRefused("illegal", company, _last_decider(company))
    result = db.session.execute(
        update(Company).where(Company.id == company.id, Company.status.in_(allowed))
        .values(status=to_status, status_reason=reason, **values)
        .execution_options(synchronize_session=False))
    # Nothing was written when it matched no row; the caller decides what becomes of its transaction.
    db.session.refresh(company)
    if result.rowcount != 1:
        raise CompanyRefused("stale", company, _last_decider(company))
    audit("company." + decision, company, reason=reason or "", actor=actor, **{
        k: v.value if hasattr(v, "value") else v for k, v in values.items() if k != "approved_at"})
    return company


def _last_decider(company):
    """The user who made the last recorded decision about company, or None."""
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.subject_type == Company.__tablename__,
                                                       AuditEntry.subject_id == company.id)
                              .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1))
    return entry.actor if entry is not None else None


def approve(company, actor, kind=None):
    """A pending company may act on the board; its kind (local, founded, ...) is recorded."""
    values = {"approved_at": utcnow()}
    if kind is not None:
        values["kind"] = kind
    _decide(company, "approve", actor, **values)
    notify_company(company.id, "company.approved", link=("company.index", {}), params={"company": company.name})
    return company


def return_(company, actor, reason):
    """Send a pending registration back with a reason the company reads."""
    _decide(company, "return", actor, reason=reason)
    notify_company(company.id, "company.returned", link=("company.index", {}), params={"company": company.name})
    return company


def suspend(company, actor, reason):
    """Hide an approved company and its postings from the board at once; nothing is deleted."""
    _decide(company, "suspend", actor, reason=reason)
    notify_company(company.id, "company.suspended", link=("company.index", {}), params={"company": company.name})
    return company


def reinstate(company, actor):
    """Lift a suspension."""
    return _decide(company, "reinstate", actor)


def resubmit(company, actor, name, registration_number):
    """The company has corrected its returned registration (name, number) and waits for the committee again."""
    return _decide(company, "resubmit", actor, name=name, registration_number=registration_number)
