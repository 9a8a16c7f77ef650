"""The committee approves a company waiting for it."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in


def pending_count(page):
    """The number in the "Awaiting approval (N)" filter link."""
    text = page.locator("main nav.filters a[href$='status=pending']").inner_text()
    return int(re.search(r"\((\d+)\)", text).group(1))


def test_committee_approves_a_pending_company(english, live_server):
    page = english
    sign_in(page, "committee")
    with page.expect_response(lambda r: "/committee/companies" in r.url) as answer:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Companies", exact=True).click()
    assert answer.value.status == 200
    expect(page).to_have_url(re.compile(r"/committee/companies$"))
    expect(page.get_by_role("heading", name="Companies", level=1)).to_be_visible()

    # The approval queue: pending companies, oldest first.
    waiting = page.locator("main table tbody tr")
    expect(waiting.first).to_be_visible()
    before = waiting.count()
    assert pending_count(page) == before
    link = waiting.first.get_by_role("link").first
    name = link.inner_text()
    company_page = link.get_attribute("href")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("main h1 .badge")).to_have_text("Awaiting approval")
    page.get_by_label("Kind of company").select_option("local")
    page.get_by_role("button", name="Approve", exact=True).click()

    # Back on the queue with a confirmation, and the company has left it.
    expect(page).to_have_url(re.compile(r"/committee/companies$"))
    expect(page.get_by_role("status").filter(has_text=f"{name} is approved.")).to_be_visible()
    expect(page.locator("main table").get_by_role("link", name=name, exact=True)).to_have_count(0)
    if before > 1:
        expect(waiting).to_have_count(before - 1)
    else:
        expect(page.get_by_text("No company is waiting for approval.")).to_be_visible()
    assert pending_count(page) == before - 1

    # The company's page now shows it approved, with the kind the committee chose.
    page.goto(company_page)
    expect(page.locator("main h1 .badge")).to_have_text("Approved")
    expect(page.locator("main dl.facts")).to_contain_text("Regional company")
