"""Company sign-up, the pending state, approval and the company's own workspace."""
import logging
import re

import pytest
from sqlalchemy import func, select, update

from board.platform.extensions import db
from board.models import Company, CompanyStatus, Opening, Role, User
from board.models.companies import registration_number_is_valid
from tests.conftest import PASSWORD, sign_in

VALID = "220-81-62517"


SIGNUP = {"company_name": "광주비전랩", "registration_number": VALID, "name": "김담당", "email": "hr@vision.example"}
LINK = re.compile(r"/signup/company/(\S+)")


@pytest.fixture
def mailbox(caplog):
    """The mails sent so far, as (to, subject, body): without MAIL_SERVER they go to the log."""
    caplog.set_level(logging.WARNING)
    return lambda: [record.args for record in caplog.records if record.msg.startswith("mail to")]


def _request(client, **overrides):
    return client.post("/signup/company", data={**SIGNUP, **overrides})


def _finish(client, mailbox, password=PASSWORD):
    link = LINK.search(mailbox()[-1][2]).group(1)
    return client.post(f"/signup/company/{link}", data={"password": password, "confirm": password})


def _signup(client, mailbox, **overrides):
    assert _request(client, **overrides).status_code == 303
    return _finish(client, mailbox)


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


def test_company_signs_up_by_the_mailed_link_and_waits_for_approval(app, client, mailbox):
    response = _request(client)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "hr@vision.example" in client.get("/").get_data(as_text=True)
    # Nothing is saved until the link is used.
    assert _counts(app) == (0, 0)
    (to, subject, body), = mailbox()
    assert to == "hr@vision.example" and LINK.search(body)
    link = "/signup/company/" + LINK.search(body).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "광주비전랩" in page and "220-81-62517" in page and "김담당" in page
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 422 and _counts(app) == (0, 0)
    response = _finish(client, mailbox)
    assert response.status_code == 303 and response.headers["Location"] == "/company/"
    page = client.get("/company/").get_data(as_text=True)
    assert "광주비전랩" in page and "220-81-62517" in page
    assert 'class="badge badge-pending"' in page
    with app.app_context():
        company = db.session.scalar(select(Company))
        assert company.status == CompanyStatus.PENDING
        assert company.registration_number == "2208162517"
        assert company.members[0].role == Role.COMPANY
    # The link works once.
    again = app.test_client().post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    assert again.status_code == 303 and again.headers["Location"] == "/login"
    assert _counts(app) == (1, 1)


@pytest.mark.parametrize("token", ["forged", "x" * 3000, "expired"])
def test_a_forged_or_expired_signup_link_is_refused(app, client, mailbox, token):
    if token == "expired":
        from unittest import mock
        _request(client)
        token = LINK.search(mailbox()[-1][2]).group(1)
        with mock.patch("board.domain.signup.MAX_AGE", -1):
            response = client.post(f"/signup/company/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    else:
        response = client.post(f"/signup/company/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert _counts(app) == (0, 0)


@pytest.mark.parametrize("field,value", [
    ("registration_number", "220-81-62518"),
    ("registration_number", "abc"),
    ("company_name", ""),
    ("company_name", "가" * 101),
    ("company_name", "광주\u202e랩"),
    ("email", "not-an-email"),
    ("name", ""),
    ("name", "<b>x</b>"),
    ("company_name", "<b>x</b>"),
])
def test_bad_signup_input_is_refused_next_to_the_field_and_saves_nothing(app, client, mailbox, field, value):
    before = _counts(app)
    response = _request(client, **{field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    # What the person typed is kept.
    if value:
        assert "광주비전랩" in page or field == "company_name"
    assert _counts(app) == before and mailbox() == []


def _answer(client, response, email):
    """What the person at the form sees: the status, where it leads and that page, without their email and tokens."""
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    page = re.sub(r'(name="csrf_token" value|data-token)="[^"]+"', "", page)
    return response.status_code, response.headers["Location"], page.replace(email, "EMAIL")


def test_signup_answers_alike_whether_the_email_or_number_is_registered(app, client, mailbox):
    _signup(client, mailbox)
    client.post("/logout")
    before, sent = _counts(app), len(mailbox())
    fresh = app.test_client()
    new = _answer(fresh, _request(fresh, registration_number="120-81-47521", email="new@other.example"),
                  "new@other.example")
    same_number = app.test_client()
    number = _answer(same_number, _request(same_number, email="other@vision.example"), "other@vision.example")
    same_email = app.test_client()
    email = _answer(same_email, _request(same_email, registration_number="120-81-47521", email="HR@Vision.example"),
                    "HR@Vision.example")
    assert new == number == email
    assert new[0] == 303 and "EMAIL" in new[2]
    # Nothing saved; what differs goes only to mailboxes.
    assert _counts(app) == before
    mails = mailbox()[sent:]
    assert [to for to, _, _ in mails] == ["new@other.example", "other@vision.example", "hr@vision.example",
                                         "hr@vision.example"]
    assert LINK.search(mails[0][2])
    assert "220-81-62517" in mails[1][2] and not LINK.search(mails[1][2])
    # The registered company's member hears that someone tried, with who it was.
    assert "other@vision.example" in mails[2][2] and not LINK.search(mails[2][2])
    # The owner of the existing account hears that their email was used; no link that could work.
    assert "광주비전랩" in mails[3][2] and not LINK.search(mails[3][2])


def test_a_link_whose_company_registered_meanwhile_saves_nothing(app, client, mailbox):
    _request(client)
    first = LINK.search(mailbox()[-1][2]).group(1)
    _signup(app.test_client(), mailbox, email="boss@vision.example")
    response = client.post(f"/signup/company/{first}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 409
    assert _counts(app) == (1, 1)


def test_pending_company_cannot_act_as_an_approved_one(app, client, mailbox):
    _signup(client, mailbox)
    response = client.post("/company/openings/new", data={"title": "데이터 엔지니어"})
    assert response.status_code == 302 and response.headers["Location"] == "/company/"
    assert client.get("/company/openings/new").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opening)) == 0
        company_id = db.session.scalar(select(Company.id))
    # Nor does it have a public page yet.
    assert client.get(f"/companies/{company_id}").status_code == 404


def test_pending_company_writes_its_profile_for_the_committee_to_read(app, client, as_role, mailbox):
    _signup(client, mailbox)
    assert "/company/profile" in client.get("/company/").get_data(as_text=True)
    assert client.get("/company/profile").status_code == 200
    saved = client.post("/company/profile", data={"description": "제조 공정 불량 검출 <스타트업>",
                                                   "website": "https://vision.example"})
    assert saved.status_code == 303
    with app.app_context():
        company = db.session.scalar(select(Company))
        assert (company.description, company.website, company.status) == (
            "제조 공정 불량 검출 <스타트업>", "https://vision.example", CompanyStatus.PENDING)
        company_id = company.id
    # The committee reads it, escaped, on the page where it approves or returns the registration.
    page = as_role(Role.COMMITTEE).get(f"/committee/companies/{company_id}").get_data(as_text=True)
    profile = page.split('id="profile"')[1]
    assert "제조 공정 불량 검출 &lt;스타트업&gt;" in profile and "https://vision.example" in page
    assert f"/committee/companies/{company_id}/approve" in page
    # Still no openings before approval.
    assert client.post("/company/openings/new", data={"title": "데이터 엔지니어"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opening)) == 0


def test_returned_company_edits_its_profile_but_a_suspended_one_does_not(app, make, as_role):
    returned = as_role(Role.COMPANY, company_id=make.company(status=CompanyStatus.RETURNED))
    assert returned.post("/company/profile", data={"description": "다시 씁니다", "website": ""}).status_code == 303
    suspended_id = make.company(status=CompanyStatus.SUSPENDED)
    suspended = as_role(Role.COMPANY, company_id=suspended_id)
    refused = suspended.post("/company/profile", data={"description": "몰래 바꿈", "website": ""})
    assert refused.status_code == 303 and refused.headers["Location"] == "/company/"
    with app.app_context():
        assert db.session.get(Company, suspended_id).description == ""


def test_committee_approves_and_the_company_can_then_act(app, client, as_role, mailbox):
    _signup(client, mailbox)
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


def _pending_company(app, client, mailbox):
    _signup(client, mailbox)
    with app.app_context():
        return db.session.scalar(select(Company.id))


def test_returned_company_sees_the_reason_corrects_and_waits_again(app, client, as_role, mailbox):
    company_id = _pending_company(app, client, mailbox)
    committee = as_role(Role.COMMITTEE)
    assert committee.post(f"/committee/companies/{company_id}/return", data={"reason": "사업자등록증과 상호가 다릅니다."}).status_code == 303
    home = client.get("/company/").get_data(as_text=True)
    assert "사업자등록증과 상호가 다릅니다." in home
    fixed = client.post("/company/registration", data={"company_name": "(주)광주비전랩", "registration_number": VALID})
    assert fixed.status_code == 303
    with app.app_context():
        company = db.session.get(Company, company_id)
        assert company.status == CompanyStatus.PENDING and company.name == "(주)광주비전랩"
    assert "(주)광주비전랩" in committee.get("/committee/companies").get_data(as_text=True)


def test_committee_decisions_need_their_inputs_and_are_audited(app, client, as_role, mailbox):
    from board.models import AuditEntry
    company_id = _pending_company(app, client, mailbox)
    committee = as_role(Role.COMMITTEE)
    assert committee.post(f"/committee/companies/{company_id}/return", data={"reason": ""}).status_code == 422
    assert committee.post(f"/committee/companies/{company_id}/approve", data={"kind": "spaceship"}).status_code == 422
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.PENDING
    committee.post(f"/committee/companies/{company_id}/approve", data={"kind": "founded"})
    committee.post(f"/committee/companies/{company_id}/suspend", data={"reason": "협약 위반 확인"})
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.reason) for e in entries] == [("company.approve", ""), ("company.suspend", "협약 위반 확인")]
        assert all(e.actor_id == committee.user_id and e.at is not None for e in entries)
    assert "협약 위반 확인" in committee.get(f"/committee/companies/{company_id}").get_data(as_text=True)


def test_agreement_records_pledges_and_the_partner_badge_appears(app, make, as_role):
    company_id = make.company(name="무등데이터랩")
    committee = as_role(Role.COMMITTEE)
    bad = committee.post(f"/committee/companies/{company_id}/agreement", data={
        "signed_on": "2021-07-27", "ends_on": "2020-01-01", "pledged_interviews": "-1", "pledged_hires": "3"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'id="ends_on-error"' in page and 'id="pledged_interviews-error"' in page
    good = committee.post(f"/committee/companies/{company_id}/agreement", data={
        "signed_on": "2021-07-27", "ends_on": "2027-07-26", "renewal_on": "2027-06-01",
        "pledged_interviews": "10", "pledged_hires": "3", "note": "2기 수료생 대상"})
    assert good.status_code == 303
    detail = committee.get(f"/committee/companies/{company_id}").get_data(as_text=True)
    assert '<td class="num">10</td>' in detail and '<td class="num">3</td>' in detail
    public = as_role(Role.TRAINEE).get(f"/companies/{company_id}").get_data(as_text=True)
    assert "badge-partner" in public


def test_member_invites_a_colleague_who_joins_by_the_link_once(app, make, as_role, caplog):
    import logging
    import re
    company_id = make.company()
    member = as_role(Role.COMPANY, company_id=company_id)
    with caplog.at_level(logging.WARNING):
        assert member.post("/company/members/invite", data={"email": "New.Colleague@Vision.example"}).status_code == 303
    token = re.search(r"/invitations/(\S+)", caplog.text).group(1)
    colleague = app.test_client()
    joined = colleague.post(f"/invitations/{token}", data={"name": "최동료", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.status_code == 303 and joined.headers["Location"] == "/company/"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.colleague@vision.example"))
        assert user.company_id == company_id and user.role == Role.COMPANY
    again = app.test_client().post(f"/invitations/{token}", data={"name": "침입자", "password": PASSWORD, "confirm": PASSWORD})
    assert again.status_code == 303 and again.headers["Location"] == "/"
    assert _counts(app)[1] == 2


def test_opening_an_invitation_keeps_whoever_is_signed_in_until_they_accept(app, make, as_role, caplog):
    import logging
    import re
    from board.models.accounts import LoginSession
    company_id = make.company()
    member = as_role(Role.COMPANY, company_id=company_id)
    with caplog.at_level(logging.WARNING):
        member.post("/company/members/invite", data={"email": "shared.desk@vision.example"})
    token = re.search(r"/invitations/(\S+)", caplog.text).group(1)
    # The colleague opens the link on a desk where a trainee is still signed in.
    trainee = as_role(Role.TRAINEE, name="이교육")
    page = trainee.get(f"/invitations/{token}").get_data(as_text=True)
    assert "현재 이교육(" in page and "계정으로 로그인되어 있습니다" in page
    assert trainee.get("/me/").status_code == 200
    refused = trainee.post(f"/invitations/{token}", data={"name": "", "password": PASSWORD, "confirm": PASSWORD})
    assert refused.status_code == 422 and trainee.get("/me/").status_code == 200
    joined = trainee.post(f"/invitations/{token}", data={"name": "최동료", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.status_code == 303 and joined.headers["Location"] == "/company/"
    assert "최동료" in trainee.get("/company/").get_data(as_text=True)
    assert trainee.get("/me/").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)
                                 .where(LoginSession.user_id == trainee.user_id)) == 0


def test_inviting_an_email_with_an_account_answers_like_any_other(app, make, as_role, mailbox):
    company_id = make.company()
    member = as_role(Role.COMPANY, company_id=company_id, name="박인사")
    make.user(Role.TRAINEE, email="taken@vision.example")
    answers = {}
    for email in ("fresh@vision.example", "Taken@Vision.example"):
        response = member.post("/company/members/invite", data={"email": email})
        page = member.get(response.headers["Location"]).get_data(as_text=True)
        flash = re.search(r'<p class="flash[^>]*>(.*?)</p>', page, re.S).group(1)
        answers[email] = (response.status_code, response.headers["Location"], flash.replace(email, "EMAIL"))
    assert answers["fresh@vision.example"] == answers["Taken@Vision.example"]
    # Both wait in the list of invitations alike.
    home = member.get("/company/").get_data(as_text=True)
    assert "fresh@vision.example" in home and "taken@vision.example" in home
    mails = {to: body for to, _, body in mailbox()}
    assert "/invitations/" in mails["fresh@vision.example"]
    # The owner of the existing account hears of it, without a link that could not work.
    assert "박인사" in mails["taken@vision.example"] and "/invitations/" not in mails["taken@vision.example"]


def test_pending_company_cannot_invite(app, make, as_role):
    member = as_role(Role.COMPANY, company_id=make.company(status=CompanyStatus.PENDING))
    assert member.post("/company/members/invite", data={"email": "x@vision.example"}).status_code == 302


def test_a_member_can_leave_but_not_the_last_one(app, make, as_role):
    company_id = make.company()
    first = as_role(Role.COMPANY, company_id=company_id)
    response = first.post("/company/members/leave")
    assert response.status_code == 303 and response.headers["Location"] == "/company/"
    with app.app_context():
        assert db.session.get(User, first.user_id).active
    second = as_role(Role.COMPANY, company_id=company_id)
    assert 'method="post"' in second.get("/company/members/leave").get_data(as_text=True)
    assert second.post("/company/members/leave").status_code == 303
    assert second.get("/company/").status_code == 302
    with app.app_context():
        assert not db.session.get(User, second.user_id).active
    assert first.post("/company/members/leave").headers["Location"] == "/company/"
    with app.app_context():
        assert db.session.get(User, first.user_id).active


def test_the_company_description_is_rendered_as_safe_markdown(app, make, client):
    company_id = make.company(name="빛고을데이터")
    with app.app_context():
        db.session.get(Company, company_id).description = (
            "**데이터 플랫폼**을 만듭니다.\n\n- 광주 본사\n- [채용 안내](https://bitgoeul.example)\n\n"
            "[나쁜 링크](javascript:alert(1))")
        db.session.commit()
    page = client.get(f"/companies/{company_id}").get_data(as_text=True)
    assert "<strong>데이터 플랫폼</strong>" in page and "**" not in page
    assert "<li>광주 본사</li>" in page
    assert 'href="https://bitgoeul.example"' in page and "javascript:" not in page


def test_the_committee_must_choose_the_company_kind(app, client, as_role, mailbox):
    company_id = _pending_company(app, client, mailbox)
    committee = as_role(Role.COMMITTEE)
    page = committee.get(f"/committee/companies/{company_id}").get_data(as_text=True)
    select_html = page.split('name="kind"')[1].split("</select>")[0]
    # The browser shows the first option when none is selected: it must be the empty one.
    assert re.search(r'^[^>]*required[^>]*><option value="">선택하세요</option>', select_html)
    assert "selected" not in select_html
    missing = committee.post(f"/committee/companies/{company_id}/approve", data={"kind": ""})
    assert missing.status_code == 422
    assert "기업 유형을 선택하세요" in missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.PENDING
    assert committee.post(f"/committee/companies/{company_id}/approve", data={"kind": "relocated"}).status_code == 303
    with app.app_context():
        company = db.session.get(Company, company_id)
        assert company.status == CompanyStatus.APPROVED and company.kind.value == "relocated"


def test_the_companys_history_names_each_decision_in_korean(app, client, as_role, mailbox):
    company_id = _pending_company(app, client, mailbox)
    committee = as_role(Role.COMMITTEE)
    committee.post(f"/committee/companies/{company_id}/approve", data={"kind": "founded"})
    committee.post(f"/committee/companies/{company_id}/agreement", data={
        "signed_on": "2021-07-27", "ends_on": "2027-07-26", "pledged_interviews": "10", "pledged_hires": "3"})
    page = committee.get(f"/committee/companies/{company_id}").get_data(as_text=True)
    history = page.split("<h2>처리 이력</h2>")[1].split("</section>")[0]
    assert "company.approve" not in history and "company.agreement" not in history
    assert "승인" in history and "협약" in history


def test_every_audited_action_has_a_label():
    import pathlib

    from board.models.audit import ACTION_LABELS
    root = pathlib.Path(__file__).resolve().parent.parent / "board"
    actions = set()
    for path in root.rglob("*.py"):
        actions |= set(re.findall(r'\baudit\(\s*"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    # Actions passed through a variable or a conditional, which the pattern does not see.
    actions |= {"company.return", "company.suspend", "meet.approve", "meet.decline"}
    assert not actions - set(ACTION_LABELS), sorted(actions - set(ACTION_LABELS))


def test_review_edits_with_a_forged_value_is_refused_with_422(app, make, as_role):
    """Only the checkbox's own value turns review on; a forged one is refused, not taken for a yes."""
    company_id = make.company()
    response = as_role(Role.COMMITTEE).post(f"/committee/companies/{company_id}/review-edits",
                                            data={"review_edits": "maybe"})
    assert response.status_code == 422
    assert "상자를 선택하거나 비워 두세요." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, company_id).review_edits is False


@pytest.mark.parametrize("decide, status", [
    ("approve", CompanyStatus.APPROVED), ("return", CompanyStatus.APPROVED), ("suspend", CompanyStatus.PENDING),
    ("reinstate", CompanyStatus.APPROVED), ("suspend", CompanyStatus.SUSPENDED), ("approve", CompanyStatus.RETURNED)])
def test_the_domain_refuses_an_illegal_company_transition(app, make, decide, status):
    from board.domain import companies
    from board.models import User
    company_id = make.company(status=status)
    committee_id = make.user(Role.COMMITTEE)
    with app.app_context():
        company, actor = db.session.get(Company, company_id), db.session.get(User, committee_id)
        call = {"approve": lambda: companies.approve(company, actor), "reinstate": lambda: companies.reinstate(company, actor),
                "return": lambda: companies.return_(company, actor, "사유"),
                "suspend": lambda: companies.suspend(company, actor, "사유")}[decide]
        with pytest.raises(companies.CompanyRefused) as refused:
            call()
        assert refused.value.reason == "illegal"
        db.session.rollback()
        assert db.session.get(Company, company_id).status == status


def test_a_stale_second_decision_is_refused_and_names_who_decided_first(app, make, as_role):
    """Two committee members look at the same pending company; one approves, the other returns it a moment later."""
    from board.domain import companies
    from board.models import AuditEntry, User
    from board.models.audit import audit
    company_id = make.company(status=CompanyStatus.PENDING)
    first, second = make.user(Role.COMMITTEE, name="김위원"), make.user(Role.COMMITTEE, name="이위원")
    with app.app_context():
        seen = db.session.get(Company, company_id)          # the second member's page: still pending
        assert seen.status == CompanyStatus.PENDING
        # Meanwhile the first member approves: the row changes under the loaded object.
        db.session.execute(update(Company).where(Company.id == company_id).values(status=CompanyStatus.APPROVED)
                           .execution_options(synchronize_session=False))
        audit("company.approve", seen, actor=db.session.get(User, first))
        assert seen.status == CompanyStatus.PENDING
        with pytest.raises(companies.CompanyRefused) as refused:
            companies.return_(seen, db.session.get(User, second), "서류가 다릅니다.")
        assert refused.value.reason == "stale" and refused.value.decided_by.name == "김위원"
        assert refused.value.status == CompanyStatus.APPROVED
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "company.return")) == 0
    # Through the screens: the loser gets a Korean message naming the first decider, and nothing changes.
    company_id = make.company(status=CompanyStatus.PENDING)
    winner, loser = as_role(Role.COMMITTEE), as_role(Role.COMMITTEE)
    assert winner.post(f"/committee/companies/{company_id}/approve", data={"kind": "local"}).status_code == 303
    response = loser.post(f"/committee/companies/{company_id}/return", data={"reason": "서류가 다릅니다."},
                          follow_redirects=True)
    with app.app_context():
        found = db.session.get(Company, company_id)
        assert found.status == CompanyStatus.APPROVED and not found.status_reason
        winner_name = db.session.get(User, winner.user_id).name
    page = response.get_data(as_text=True)
    assert f"{winner_name} 님이 먼저" in page and "아무것도 바뀌지 않았습니다" in page
