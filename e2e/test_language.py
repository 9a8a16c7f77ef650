"""Korean first, English on request, and the choice sticks while the person moves around."""
import re
from pathlib import Path

from babel.support import Translations
from playwright.sync_api import expect

from e2e.helpers import switch_language

TRANSLATIONS = Path(__file__).resolve().parent.parent / "board" / "translations"
HANGUL = re.compile("[\uac00-\ud7a3]")


def korean(message):
    """What the compiled Korean catalogue (the one the server uses) makes of message."""
    return Translations.load(str(TRANSLATIONS), ["ko"]).gettext(message)


def openings_link(page):
    return page.locator("nav.main-nav a[href='/openings']")


def test_korean_by_default_english_on_request_and_back(page, live_server):
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ko")
    # The nav shows what the Korean catalogue gives ("채용공고" once it is translated).
    expected = korean("Openings")
    expect(openings_link(page)).to_have_text(expected)
    if expected != "Openings":
        assert HANGUL.search(expected), f"the Korean catalogue translates 'Openings' as {expected!r}"
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="한국어", exact=True)).to_have_count(0)

    switch_language(page, "English", "en")
    expect(openings_link(page)).to_have_text("Openings")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where the academy's trainees meet the companies that hire them"
    )
    expect(page.get_by_role("button", name="한국어", exact=True)).to_be_visible()

    # Boosted navigation and fresh page loads keep English.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Company projects").click()
    expect(page).to_have_url(re.compile(r"/projects$"))
    expect(html).to_have_attribute("lang", "en")
    expect(openings_link(page)).to_have_text("Openings")
    page.goto("/login")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    # Back to Korean, on the page the person was on.
    switch_language(page, "한국어", "ko")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(korean("Sign in"))
    page.goto("/openings")
    expect(html).to_have_attribute("lang", "ko")
    expect(openings_link(page)).to_have_text(expected)
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()
