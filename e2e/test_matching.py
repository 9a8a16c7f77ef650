"""A proposal accepted and one declined; a company asks to meet a trainee from the talent pool and the committee approves."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in, switch_language


def _english(make_context):
    page = make_context().new_page()
    page.goto("/")
    switch_language(page, "English", "en")
    return page


def test_trainee_accepts_one_proposal_and_declines_another(page, live_server):
    page.goto("/")
    switch_language(page, "English", "en")
    sign_in(page, "trainee")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Proposals").click()
    waiting = page.locator("section[aria-labelledby=waiting-title] .card")
    # The demo proposes two openings; a lunch-day follow-up earlier in the run may have proposed one more.
    expect(waiting.nth(1)).to_be_visible()
    before = waiting.count()
    opening = waiting.first.locator("h3 a").get_attribute("href")
    waiting.first.get_by_role("button", name=re.compile("^Accept and apply")).click()
    # Accepted, it is an application already with the company, at document review.
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    card = page.locator(f".application-card:has(a[href='{opening}'])")
    expect(card.locator(".badge[class*=badge-stage]")).to_have_text("Document review")

    page.goto("/me/proposals")
    expect(page.locator("section[aria-labelledby=waiting-title] .card")).to_have_count(before - 1)
    page.get_by_role("button", name=re.compile("^Decline")).first.click()
    expect(page.locator("section[aria-labelledby=waiting-title] .card")).to_have_count(before - 2)


def test_company_asks_to_meet_and_the_committee_approves(page, make_context, live_server):
    page.goto("/")
    switch_language(page, "English", "en")
    sign_in(page, "company")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Talent pool").click()
    cards = page.locator("main .card").filter(has=page.get_by_role("link", name=re.compile("^Ask to meet")))
    expect(cards.first).to_be_visible()
    # No contact details in the pool.
    assert "@" not in page.locator("main").inner_text().replace("@board.example", "")
    cards.last.get_by_role("link", name=re.compile("^Ask to meet")).click()
    page.get_by_label(re.compile("Message")).fill("런치데이 전에 짧게 이야기 나누고 싶습니다.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status").first).to_be_visible()
    request_url = page.url

    committee = _english(make_context)
    sign_in(committee, "committee")
    committee.get_by_role("navigation", name="Main").get_by_role("link", name="Requests to meet").click()
    request = committee.locator("li.card").filter(has_text="런치데이 전에 짧게 이야기 나누고 싶습니다.")
    request.get_by_role("button", name="Approve").click()
    expect(committee.get_by_role("status").first).to_be_visible()

    page.goto(request_url)
    expect(page.locator("main a[href^='mailto:']")).to_be_visible()
