"""A company signs up, is approved, drafts an opening; the committee returns it, then publishes the fix."""
import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from e2e.helpers import sign_in, switch_language
from e2e.server import registration_number


def seoul_today():
    # The board counts D-N in the academy's time zone, whatever the machine's clock says.
    return datetime.now(ZoneInfo("Asia/Seoul")).date()


def _person(make_context):
    page = make_context().new_page()
    page.goto("/")
    switch_language(page, "English", "en")
    return page


def test_company_opening_goes_from_sign_up_to_the_board(page, make_context, live_server):
    run = random.randrange(10**6)
    company_name = f"광주비전랩 {run}"
    title = f"엣지 비전 엔지니어 {run}"

    # The company registers and waits.
    page.goto("/")
    switch_language(page, "English", "en")
    page.goto("/signup/company")
    page.get_by_label("Company name").fill(company_name)
    page.get_by_label("Business registration number").fill(registration_number(run * 7 + 11))
    page.get_by_label("Your name").fill("김채용")
    page.get_by_label("Work email").fill(f"hr{run}@vision.example")
    offset = live_server.log_size()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status").filter(has_text="Open the link in it")).to_be_visible()
    # The link to finish arrives by mail (logged while no mail server is configured).
    link = re.search(r"http://[^\s]+(/signup/company/[A-Za-z0-9_.\-]+)", live_server.log_since(offset))
    page.goto(link.group(1))
    page.get_by_label("New password").fill("correct-horse-battery")
    page.get_by_label("Repeat the password").fill("correct-horse-battery")
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(re.compile(r"/company/$"))

    # The committee approves it from its queue.
    committee = _person(make_context)
    sign_in(committee, "committee")
    committee.goto("/committee/companies?status=pending")
    committee.get_by_role("link", name=company_name).click()
    committee.get_by_label("Kind of company").select_option("founded")
    committee.get_by_role("button", name="Approve", exact=True).click()
    expect(committee.get_by_role("status").filter(has_text="is approved")).to_be_visible()

    # The company drafts an opening, then submits it.
    page.goto("/company/")
    page.get_by_role("link", name="New opening").first.click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Job role").select_option("vision")
    page.get_by_label("Workplace").fill("광주 북구 첨단과기로")
    page.get_by_label("Headcount").fill("2")
    page.get_by_label("Salary from (10,000 won a year)").fill("3400")
    page.get_by_label("Salary to (10,000 won a year)").fill("3000")
    page.get_by_label("Closing date").fill((seoul_today() + timedelta(days=20)).isoformat())
    page.get_by_label("Required skills").fill("Python, PyTorch, 컴퓨터비전")
    page.get_by_label("Description").fill("## 하는 일\n- 공정 영상에서 **불량**을 찾는 모델")
    page.get_by_role("button", name="Save draft").click()
    # A salary range upside down is refused next to the field, with everything typed kept.
    expect(page.locator("#salary_max-error")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(title)
    page.get_by_label("Salary to (10,000 won a year)").fill("4000")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.locator("main h1 .badge")).to_have_text("Draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main h1 .badge")).to_have_text("In review")
    opening_url = page.url

    # The committee returns it with a reason.
    committee.goto("/committee/openings")
    committee.get_by_role("link", name=title).click()
    expect(committee.get_by_role("heading", name="First submission: nothing approved before")).to_be_visible()
    committee.get_by_label("Reason").fill("근무 형태와 근무 시간을 설명에 적어 주세요.")
    committee.get_by_role("button", name="Return to the company").click()
    expect(committee.get_by_role("status").filter(has_text="is returned to the company")).to_be_visible()

    # The company reads the reason, fixes the description and submits again.
    page.goto(opening_url)
    expect(page.get_by_text("근무 형태와 근무 시간을 설명에 적어 주세요.")).to_be_visible()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Description").fill("## 하는 일\n- 공정 영상에서 **불량**을 찾는 모델\n- 주 5일, 09시~18시 근무")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator("main h1 .badge")).to_have_text("In review")

    # The committee publishes it, and it is on the board for everyone.
    committee.goto("/committee/openings")
    committee.get_by_role("link", name=title).click()
    committee.get_by_role("button", name="Publish on the board").click()
    expect(committee.get_by_role("status").filter(has_text="is published")).to_be_visible()

    visitor = _person(make_context)
    visitor.goto("/openings")
    visitor.get_by_label("Search").fill(f"비전 엔지니어 {run}")
    card = visitor.locator("#results .opening-card").filter(has_text=title)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("D-20")
    card.get_by_role("link", name=title).click()
    expect(visitor.locator("main")).to_contain_text("주 5일, 09시~18시 근무")
