"""An offer in a browser: the company enters the terms and confirms them, the trainee accepts and tidies up."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in
from e2e.server import DEMO_PASSWORD

# The demo seed is fixed: application 20 is at 면접 with the demo company (빛고을에이아이), trainee c2-017's;
# application 31 holds an offer of 문흥대화AI waiting for trainee c2-028's answer.
APPLICATION = 20
TRAINEE = "trainee-c2-017@board.example"
WAITING = 31
WAITING_TRAINEE = "trainee-c2-028@board.example"


def _trainee_page(make_context, email):
    page = make_context().new_page()
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/?$"))
    return page


def _apply_somewhere(page):
    """Apply to the first open opening this trainee has not applied to; returns the opening's address."""
    page.goto("/openings")
    for href in page.locator("#results a[href^='/openings/']").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        if not re.fullmatch(r"/openings/\d+", href):
            continue
        page.goto(href)
        button = page.locator(".apply-row a[href$='/apply']")
        if button.count():
            page.goto(button.get_attribute("href"))
            page.locator("#cover_letter").fill("사관학교에서 배운 데이터 분석으로 기여하고 싶습니다.")
            for group in page.locator("fieldset.field").all():
                group.locator("input[type=radio]").first.check()
            page.locator("main form button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/me/applications$"))
            return href
    raise AssertionError("no opening left to apply to")


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

    trainee = _trainee_page(make_context, TRAINEE)
    # Two other applications are still open when the offer arrives.
    _apply_somewhere(trainee)
    _apply_somewhere(trainee)
    trainee.goto(f"/me/applications/{APPLICATION}")
    offer = trainee.locator("#offer")
    expect(offer).to_contain_text("연 3,600만원")
    offer.get_by_role("link", name="합격 통보 수락").click()
    expect(trainee.get_by_role("heading", level=1)).to_contain_text("수락할까요?")
    trainee.get_by_role("button", name="합격 통보 수락").click()
    expect(trainee).to_have_url(re.compile(rf"/me/applications/{APPLICATION}/after-hire$"))
    expect(trainee.get_by_role("heading", name="다른 지원 정리")).to_be_visible()
    # Both are offered for withdrawal, preselected; withdrawing them tells their companies.
    chosen = trainee.locator("input[name=application]")
    expect(chosen).to_have_count(2)
    for box in chosen.all():
        expect(box).to_be_checked()
    # Lunch-day places and the committee's proposals are listed too, all preselected.
    everything = trainee.locator("main form input[type=checkbox]:checked").count()
    trainee.get_by_role("button", name="선택한 항목 철회").click()
    expect(trainee).to_have_url(re.compile(r"/me/applications$"))
    expect(trainee.get_by_role("status").filter(has_text=f"{everything}건을 철회했습니다")).to_be_visible()
    expect(trainee.locator(".application-card .badge-stage-withdrawn")).to_have_count(2)
    expect(trainee.locator(".application-card .badge-stage-hired")).to_have_count(1)

    page.goto(f"/company/applications/{APPLICATION}")
    expect(page.locator("h1 .badge")).to_have_text("채용 확정")

    # The committee sees the hire in cohort 2's figures: hired while still in training.
    committee = make_context().new_page()
    sign_in(committee, "committee")
    committee.goto("/committee/cohorts/2/outcomes")
    figure = committee.locator(".stat-label", has_text="채용 확정, 수료 후 입사 예정").locator("xpath=..")
    expect(figure.locator(".stat-value")).not_to_have_text("0")
    expect(committee.get_by_text("수료하면 성과율에 들어갑니다")).to_be_visible()
    # The refused submission without a start date answered 422, as it should; nothing else went wrong.
    assert [e for e in console.errors if "status of 422" not in e] == []


def test_the_trainee_declines_an_offer_with_a_reason_the_company_reads(make_context, console):
    trainee = _trainee_page(make_context, WAITING_TRAINEE)
    trainee.goto(f"/me/applications/{WAITING}")
    offer = trainee.locator("#offer")
    offer.get_by_text("합격 통보 거절").first.click()
    offer.locator("textarea[name=reason]").fill("대학원 진학을 결정했습니다.")
    offer.get_by_role("button", name="합격 통보 거절").click()
    expect(trainee).to_have_url(re.compile(r"/me/applications$"))
    expect(trainee.get_by_role("status").filter(has_text="합격 통보를 거절했습니다")).to_be_visible()
    trainee.goto(f"/me/applications/{WAITING}")
    expect(trainee.locator("h1 .badge")).to_have_text("지원 취소")
    expect(trainee.locator("#offer").get_by_role("link", name="합격 통보 수락")).to_have_count(0)
    assert console.errors == []
