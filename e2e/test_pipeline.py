"""The pipeline board in a browser: a keyboard-only move that redraws two columns, and a conflict on a stale page."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in, switch_language


def _count(page, stage):
    return int(page.locator(f"#column-{stage} .column-count").get_attribute("data-count"))


def _tab_to(page, selector, limit=400):
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _open_board(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pipeline", exact=True).click()
    expect(page).to_have_url(re.compile(r"/committee/pipeline$"))
    expect(page.get_by_role("heading", name="Pipeline", level=1)).to_be_visible()


def test_committee_moves_a_card_by_keyboard_and_a_stale_page_gets_a_conflict(english, make_context, console):
    page = english
    sign_in(page, "committee")

    # A second committee member opens the board first; their page is about to go stale.
    other = make_context().new_page()
    other.goto("/")
    switch_language(other, "English", "en")
    sign_in(other, "committee")
    _open_board(other)

    _open_board(page)
    card = page.locator("#column-committee_review article.pipeline-card").first
    expect(card).to_be_visible()
    card_id = card.get_attribute("data-application")
    name = card.locator("h3").inner_text().strip()
    waiting, reviewing = _count(page, "committee_review"), _count(page, "company_review")
    page.evaluate("window.__col = document.getElementById('column-interview'); window.__samePage = true")

    # Keyboard only: Tab to the card's select, choose 서류 검토 with the arrow keys, Tab to the button, Enter.
    select = f"#to-{card_id}"
    _tab_to(page, select)
    page.keyboard.press("ArrowDown")
    for _ in range(5):
        if page.locator(select).input_value() == "company_review":
            break
        page.keyboard.press("ArrowUp")
    expect(page.locator(select)).to_have_value("company_review")
    _tab_to(page, f"#card-{card_id} form button[type=submit]", limit=5)
    with page.expect_response(lambda r: r.url.endswith(f"/committee/pipeline/{card_id}/move")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"

    moved = page.locator(f"#column-company_review #card-{card_id}")
    expect(moved).to_be_visible()
    expect(page.locator(f"#column-committee_review #card-{card_id}")).to_have_count(0)
    expect(page.locator("#pipeline-status")).to_have_text(f"Moved {name} to Document review.")
    assert (_count(page, "committee_review"), _count(page, "company_review")) == (waiting - 1, reviewing + 1)
    # Only the two columns were swapped: another column is still the very same DOM node, on the same page.
    assert page.evaluate("window.__col === document.getElementById('column-interview') && window.__samePage === true")
    expect(moved).to_be_focused()

    # The other member still sees the card in 매칭 검토 and tries to move it too.
    stale_card = other.locator(f"#column-committee_review #card-{card_id}")
    expect(stale_card).to_be_visible()
    other.locator(f"#to-{card_id}").select_option("company_review")
    with other.expect_response(lambda r: r.url.endswith(f"/committee/pipeline/{card_id}/move")) as conflict:
        stale_card.get_by_role("button", name=re.compile(r"^Move")).click()
    assert conflict.value.status == 409
    expect(other.locator("#pipeline-status")).to_have_text(
        "Someone moved this card while you were looking; it is now in Document review.")
    expect(other.locator(f"#column-company_review #card-{card_id}")).to_be_visible()
    expect(other.locator(f"#column-committee_review #card-{card_id}")).to_have_count(0)
    assert console.errors == []


def test_committee_searches_the_company_filter_by_name_without_leaving_the_page(english, console):
    page = english
    sign_in(page, "committee")
    _open_board(page)
    company = page.locator("#company option").nth(1)
    name = company.inner_text().strip()
    page.evaluate("window.__samePage = true")
    page.locator("#company_q").fill(name)
    page.locator("#company_q").press("Enter")
    expect(page).to_have_url(re.compile(r"company_q="))
    # htmx redrew the select out of band: only matching companies, the typed text kept and focused.
    expect(page.locator("#company option")).to_have_count(2)
    expect(page.locator("#company option").nth(1)).to_have_text(name)
    expect(page.locator("#company_q")).to_be_focused()
    assert page.evaluate("window.__samePage === true")
    page.locator("#company").select_option(label=name)
    expect(page).to_have_url(re.compile(r"company=\d+"))
    expect(page.locator("#company option:checked")).to_have_text(name)
    expect(page.locator("#pipeline-board article.pipeline-card").first.locator(".card-company")).to_have_text(name)
