"""What must be readable without hunting: a trainee's tables on a phone, the search box first, every pipeline stage."""
import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(page):
    """A page 390 px wide (the context fixtures fix the viewport, so the page is resized)."""
    page.set_viewport_size(PHONE)
    return page


def within_viewport(page, locator):
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_a_trainees_tables_read_in_full_on_a_phone(phone, live_server):
    # Lunch day 1 of the demo was held with its plan published; the demo trainee sat at its tables.
    sign_in(phone, "trainee")
    phone.goto("/me/lunch-days/1")
    tables = phone.locator("#tables")
    expect(tables).to_be_visible()
    companies = tables.locator(".seat-company, td")  # td: the table these rows replaced
    expect(companies.first).to_be_visible()
    assert companies.count() >= 2
    # Nothing in the section scrolls sideways, and each company's name is inside the screen.
    overflowing = tables.evaluate("""section => [section, ...section.querySelectorAll('*')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map(e => e.className || e.tagName)""")
    assert overflowing == []
    for company in companies.all():
        assert within_viewport(phone, company), company.inner_text()
        assert company.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_the_search_box_comes_first_on_a_phone_even_with_recommendations(phone, live_server):
    sign_in(phone, "trainee")
    phone.goto("/openings")
    expect(phone.locator(".recommended .opening-card").first).to_be_attached()
    search = phone.locator("#q")
    box = search.bounding_box()
    assert box["y"] + box["height"] <= phone.viewport_size["height"], box
    assert within_viewport(phone, search)
    # The page itself never scrolls sideways (the recommendation row scrolls inside itself).
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_pipeline_stage_is_in_reach_at_1280(page, live_server):
    sign_in(page, "committee")
    page.goto("/committee/pipeline")
    page.wait_for_function("() => window.htmx !== undefined")
    kanban = page.locator(".kanban")
    expect(kanban).to_be_visible()
    stages = page.locator(".pipeline-column h2 > span:first-child").all_inner_texts()
    assert "채용 확정" in stages and "불합격" in stages
    scrolls = kanban.evaluate("k => k.scrollWidth > k.clientWidth")
    if scrolls:
        # Columns are cut: a visible cue names every stage, the last ones included, inside the screen.
        index = page.get_by_role("navigation", name="단계")
        expect(index).to_be_visible()
        expect(index).to_contain_text("옆으로")
        for label in ("채용 확정", "불합격"):
            link = index.get_by_role("link", name=label, exact=True)
            expect(link).to_be_visible()
            assert within_viewport(page, link)
        # And it takes one to the column.
        index.get_by_role("link", name="불합격", exact=True).click()
        rejected = page.locator("#column-rejected")
        page.wait_for_function("() => { const b = document.querySelector('#column-rejected').getBoundingClientRect();"
                               " return b.left >= 0 && b.right <= window.innerWidth; }", timeout=5000)
        expect(rejected).to_be_in_viewport()
        expect(page).to_have_url(re.compile(r"/committee/pipeline#column-rejected$"))
