"""Steps the browser tests share: a person switching language and signing in."""
import re

from playwright.sync_api import Page, expect

from e2e.server import AREAS, DEMO_ACCOUNTS, DEMO_PASSWORD


def switch_language(page: Page, label: str, lang: str):
    """Press the language button in the header (a plain form post, so the page reloads)."""
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def sign_in(page: Page, role: str, password: str = DEMO_PASSWORD):
    """Sign in through the login form as the demo account of role; expects to land in its area."""
    page.goto("/login")
    page.locator("#email").fill(DEMO_ACCOUNTS[role])
    page.locator("#password").fill(password)
    page.locator("form[action='/login'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(AREAS[role]) + r"$"))
