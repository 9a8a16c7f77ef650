"""companies.resubmit: a returned registration, corrected, goes back to the committee; the only way from 반려 to 대기."""

import pytest

from board.domain import companies
from board.platform.extensions import db
from board.models import AuditEntry, Company, CompanyStatus, Role, User


@pytest.mark.parametrize("status,resubmitted", [(CompanyStatus.RETURNED, True), (CompanyStatus.PENDING, False),
                                                (CompanyStatus.APPROVED, False), (CompanyStatus.SUSPENDED, False)])
def test_only_a_returned_registration_is_resubmitted(app, make, status, resubmitted):
    company_id = make.company(name="옛 이름", status=status)
    member = make.user(Role.COMPANY, company_id=company_id)
    with app.app_context():
        company = db.session.get(Company, company_id)
        if resubmitted:
            companies.resubmit(company, db.session.get(User, member), "고친 이름", "2208162517")
        else:
            with pytest.raises(companies.CompanyRefused):
                companies.resubmit(company, db.session.get(User, member), "고친 이름", "2208162517")
        db.session.commit()
    with app.app_context():
        company = db.session.get(Company, company_id)
        assert (company.status, company.name) == ((CompanyStatus.PENDING, "고친 이름") if resubmitted else (status, "옛 이름"))
        entries = db.session.query(AuditEntry).filter_by(action="company.resubmit").all()
        assert [e.actor_id for e in entries] == ([member] if resubmitted else [])


def test_the_company_model_keeps_no_state_changes_of_its_own():
    """The state machine is board/domain/companies.py's (conditional updates, audit); a model method would bypass it."""
    assert not any(hasattr(Company, name) for name in ("approve", "suspend", "reinstate", "resubmit",
                                                        "return_registration"))
