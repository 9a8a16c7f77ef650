"""Keyboard alone: the skip link, applying to an opening, and a company moving a pipeline card."""
import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import sign_in


@pytest.mark.parametrize("path", ["/", "/openings", "/signup/company"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, path):
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    # Hidden off-screen until focused, then on screen.
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")


def tab_to(page, selector, limit=400):
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _unapplied_opening(page):
    """The first opening on the board that still shows this trainee an Apply button."""
    page.goto("/openings")
    links = page.locator("#results .opening-card h2 a")
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        page.goto(href)
        if page.locator(".apply-row a[href$='/apply']").count():
            return href
    raise AssertionError("every opening on the first page is already applied to")


def test_trainee_applies_with_the_keyboard_alone(english, live_server):
    page = english
    sign_in(page, "trainee")
    target = _unapplied_opening(page)
    page.goto("/openings")

    # From the board to the opening, to the form: Tab and Enter only.
    tab_to(page, f"#results a[href='{target}']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    # A boosted page change puts focus on the new page's heading, as a screen reader user needs.
    expect(page.locator("main h1")).to_be_focused()
    tab_to(page, ".apply-row a[href$='/apply']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Apply")

    tab_to(page, "#cover_letter")
    page.keyboard.type("사관학교에서 배운 비전 모델로 공정 불량을 줄이고 싶습니다.")
    # Screening questions: a radio group is one tab stop (Space picks the focused choice), a text field takes typing.
    for name in page.locator("main form [name^=q]").evaluate_all("fields => [...new Set(fields.map(f => f.name))]"):
        first = page.locator(f"main form [name='{name}']").first
        tab_to(page, f"main form [name='{name}']", limit=20)
        if first.get_attribute("type") == "radio":
            page.keyboard.press("Space")
        else:
            page.keyboard.type("네, 가능합니다.")
    tab_to(page, "main form button[type=submit]", limit=20)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.get_by_role("status").filter(has_text="is sent")).to_be_visible()
    # Focus starts at the confirmation, so a screen reader reads it before the list.
    expect(page.locator("main .flashes")).to_be_focused()
    opening_id = target.rsplit("/", 1)[1]
    card = page.locator(f".application-card:has(a[href='/openings/{opening_id}'])")
    expect(card.locator(".badge[class*=badge-stage]")).to_have_text("Submitted")


def test_company_moves_a_card_with_the_keyboard_alone(english, live_server):
    page = english
    sign_in(page, "company")
    page.goto("/company/")  # a settled page: the boosted sign-in may still be swapping
    tab_to(page, "nav.main-nav a[href='/company/pipeline']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Pipeline", level=1)).to_be_visible()

    # The first card with a move that needs no reason (a rejection asks for one), in whatever column.
    card_id, target = page.locator("article.pipeline-card select[id^='to-']").evaluate_all(
        "selects => selects.flatMap(s => [...s.options].filter(o => !['', 'rejected'].includes(o.value))"
        "  .map(o => [s.closest('article').dataset.application, o.value])).concat([[null, null]])[0]")
    assert card_id, "no card on the company's board can be moved"
    card = page.locator(f"#card-{card_id}")
    source = card.evaluate("c => c.closest('section.pipeline-column').id")
    name = card.locator("h3").inner_text().strip()
    select = f"#to-{card_id}"
    label = page.locator(f"{select} option[value='{target}']").inner_text().strip()

    tab_to(page, select)
    for key in ["ArrowDown"] * 6 + ["ArrowUp"] * 12:
        if page.locator(select).input_value() == target:
            break
        page.keyboard.press(key)
    expect(page.locator(select)).to_have_value(target)
    tab_to(page, f"#card-{card_id} form button[type=submit]", limit=5)
    page.keyboard.press("Enter")

    if target == "offer":
        # 합격 is an offer with its terms: the keyboard reaches the offer form, the card stays.
        expect(page).to_have_url(re.compile(rf"/company/applications/{card_id}/offer$"))
        return
    moved = page.locator(f"#column-{target} #card-{card_id}")
    expect(moved).to_be_visible()
    expect(page.locator(f"#{source} #card-{card_id}")).to_have_count(0)
    expect(page.locator("#pipeline-status")).to_have_text(f"Moved {name} to {label}.")
    # Focus follows the card, so the next Tab continues from where the person is.
    expect(moved).to_be_focused()
