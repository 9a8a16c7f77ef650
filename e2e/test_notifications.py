"""The bell in a browser: the committee passes the trainee's application on in another browser, and the
trainee's bell counts it through htmx polling, without reloading the page; the list links to the application."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in


def _count(page):
    badge = page.locator("#bell .bell-count")
    return int(badge.inner_text()) if badge.count() else 0


def test_the_trainees_bell_counts_up_after_the_committee_passes_their_application_on(page, make_context, console):
    # A fake clock: the bell asks every 30 s, and the test moves time on instead of waiting.
    page.clock.install()
    sign_in(page, "trainee")
    expect(page.locator("#bell")).to_have_attribute("hx-trigger", re.compile(r"^every 30s"))
    before = _count(page)
    page.evaluate("window.__samePage = true")

    committee = make_context().new_page()
    sign_in(committee, "committee")
    committee.goto("/committee/review")
    committee.get_by_role("link", name="정하은").first.click()
    committee.get_by_role("button", name="기업에 전달").click()
    expect(committee.locator(".flash").first).to_be_visible()

    with page.expect_response(lambda r: r.url.endswith("/notifications/bell")) as answer:
        page.clock.run_for(31_000)
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#bell .bell-count")).to_have_text(str(before + 1))
    assert page.evaluate("window.__samePage") is True   # swapped in place, not a reload

    # The list says what happened in plain words and links to the application, which opens.
    page.locator("#bell a").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    newest = page.locator(".notification").first
    expect(newest).to_contain_text("기업에 전달되어")
    newest.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/me/applications/\d+$"))
    # Marking everything read empties the bell at once (HX-Trigger from the trainee's own action).
    page.goto("/notifications/")
    page.get_by_role("button", name="모두 읽음으로 표시").click()
    expect(page.locator("#bell .bell-count")).to_have_count(0)
    assert console.errors == []
