"""Company sign-up, the pending state, approval and the company's own workspace."""
import pytest
from sqlalchemy import func, select

from board.extensions import db
from board.models import Company, CompanyStatus, Role, User
from board.models.companies import registration_number_is_valid
from tests.conftest import PASSWORD, sign_in

VALID = "220-81-62517"


def _signup(client, **overrides):
    data = {"company_name": "광주비전랩", "registration_number": VALID, "name": "김담당",
            "email": "hr@vision.example", "password": PASSWORD, "confirm": PASSWORD}
    data.update(overrides)
    return client.post("/signup/company", data=data)


def _counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Company)),
                db.session.scalar(select(func.count()).select_from(User)))


@pytest.mark.parametrize("number,valid", [
    ("2208162517", True), ("220-81-62517", True), ("1208147521", True),
    ("2208162518", False), ("220816251", False), ("22081625170", False), ("22O8162517", False), ("", False),
])
def test_business_registration_number_checksum(number, valid):
    assert registration_number_is_valid(number) is valid


def test_company_signs_up_and_waits_for_approval(app, client):
    response = _signup(client)
    assert response.status_code == 303 and response.headers["Location"] == "/company/"
    page = client.get("/company/").get_data(as_text=True)
    assert "광주비전랩" in page and "220-81-62517" in page
    assert 'class="badge badge-pending"' in page
    with app.app_context():
        company = db.session.scalar(select(Company))
        assert company.status == CompanyStatus.PENDING
        assert company.registration_number == "2208162517"
        assert company.members[0].role == Role.COMPANY


@pytest.mark.parametrize("field,value", [
    ("registration_number", "220-81-62518"),
    ("registration_number", "abc"),
    ("company_name", ""),
    ("company_name", "가" * 101),
    ("company_name", "광주\u202e랩"),
    ("email", "not-an-email"),
    ("password", "short"),
    ("confirm", "something-else-entirely"),
    ("name", ""),
])
def test_bad_signup_input_is_refused_next_to_the_field_and_saves_nothing(app, client, field, value):
    before = _counts(app)
    response = _signup(client, **{field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    # What the person typed is kept (but never the password).
    if field not in ("password", "confirm") and value:
        assert "광주비전랩" in page or field == "company_name"
    assert _counts(app) == before


def test_same_company_or_email_cannot_sign_up_twice(app, client):
    _signup(client)
    client.post("/logout")
    again = _signup(app.test_client(), email="other@vision.example")
    assert again.status_code == 422 and 'id="registration_number-error"' in again.get_data(as_text=True)
    twice = _signup(app.test_client(), registration_number="120-81-47521", email="HR@Vision.example")
    assert twice.status_code == 422 and 'id="email-error"' in twice.get_data(as_text=True)
    assert _counts(app) == (1, 1)


def test_pending_company_cannot_act_as_an_approved_one(app, client):
    _signup(client)
    response = client.post("/company/profile", data={"description": "우리 회사", "website": "https://vision.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/company/"
    assert client.get("/company/profile").status_code == 302
    with app.app_context():
        company = db.session.scalar(select(Company))
        assert company.description == ""
        company_id = company.id
    # Nor does it have a public page yet.
    assert client.get(f"/companies/{company_id}").status_code == 404


def test_committee_approves_and_the_company_can_then_act(app, client, as_role):
    _signup(client)
    with app.app_context():
        company_id = db.session.scalar(select(Company.id))
    committee = as_role(Role.COMMITTEE)
    queue = committee.get("/committee/companies").get_data(as_text=True)
    assert "광주비전랩" in queue
    response = committee.post(f"/committee/companies/{company_id}/approve", data={"kind": "local"})
    assert response.status_code == 303
    assert f"/committee/companies/{company_id}/approve" not in committee.get("/committee/companies").get_data(as_text=True)
    saved = client.post("/company/profile", data={"description": "컴퓨터비전 스타트업", "website": "https://vision.example"})
    assert saved.status_code == 303
    assert "컴퓨터비전 스타트업" in client.get(f"/companies/{company_id}").get_data(as_text=True)


def test_only_the_committee_can_approve(app, make, as_role):
    company_id = make.company(status=CompanyStatus.PENDING)
    for role in (Role.TRAINEE, Role.COMPANY):
        assert as_role(role).post(f"/committee/companies/{company_id}/approve", data={"kind": "local"}).status_code == 403
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.PENDING
    assert as_role(Role.COMMITTEE).post("/committee/companies/999999/approve").status_code == 404


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://files.example", "not a url"])
def test_company_profile_refuses_unsafe_websites(app, make, website):
    company_id = make.company()
    make.user(Role.COMPANY, company_id=company_id, email="m@example.kr")
    client = app.test_client()
    sign_in(client, "m@example.kr")
    response = client.post("/company/profile", data={"description": "소개", "website": website})
    assert response.status_code == 422
    assert 'id="website-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, company_id).website == ""


def test_cli_approves_a_company(app, make, runner):
    company_id = make.company(status=CompanyStatus.PENDING)
    result = runner.invoke(args=["companies", "approve", str(company_id)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.APPROVED
