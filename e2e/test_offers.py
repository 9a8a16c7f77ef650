"""An offer in a browser: the company enters the terms and confirms them, the trainee accepts and tidies up."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in
from e2e.server import DEMO_PASSWORD

# The demo seed is fixed: application 20 is at 면접 with the demo company (빛고을에이아이), trainee c2-017's.
APPLICATION = 20
TRAINEE = "trainee-c2-017@board.example"


def test_the_company_makes_an_offer_and_the_trainee_accepts_it(page, make_context, console):
    sign_in(page, "company")
    page.goto(f"/company/applications/{APPLICATION}")
    page.get_by_role("link", name="합격 통보하기").click()
    expect(page).to_have_url(re.compile(rf"/company/applications/{APPLICATION}/offer$"))
    # A start date is required: the form says so beside the field and nothing is sent.
    page.get_by_role("button", name="합격 통보 확인").click()
    expect(page.locator("#starts_on-error")).to_contain_text("입사 예정일을 입력해 주세요")
    page.get_by_label("입사 예정일").fill("2027-03-02")
    page.get_by_label("회신 기한").fill("2027-01-15")
    page.get_by_label("연봉 (만원)").fill("3600")
    page.get_by_role("button", name="합격 통보 확인").click()
    expect(page.get_by_role("heading", name="조건을 한 번 더 확인해 주세요")).to_be_visible()
    expect(page.locator(".offer-terms")).to_contain_text("연 3,600만원")
    page.get_by_role("button", name="합격 통보 보내기").click()
    expect(page.locator("#offer")).to_contain_text("답변 대기")

    trainee = make_context().new_page()
    trainee.goto("/login")
    trainee.locator("#email").fill(TRAINEE)
    trainee.locator("#password").fill(DEMO_PASSWORD)
    trainee.locator("main form button[type=submit]").click()
    trainee.goto(f"/me/applications/{APPLICATION}")
    offer = trainee.locator("#offer")
    expect(offer).to_contain_text("연 3,600만원")
    offer.get_by_role("link", name="합격 통보 수락").click()
    expect(trainee.get_by_role("heading", level=1)).to_contain_text("수락할까요?")
    trainee.get_by_role("button", name="합격 통보 수락").click()
    expect(trainee).to_have_url(re.compile(rf"/me/applications/{APPLICATION}/after-hire$"))
    expect(trainee.get_by_role("heading", name="다른 지원 정리")).to_be_visible()

    page.goto(f"/company/applications/{APPLICATION}")
    expect(page.locator("h1 .badge")).to_have_text("채용 확정")
    # The refused submission without a start date answered 422, as it should; nothing else went wrong.
    assert [e for e in console.errors if "status of 422" not in e] == []
