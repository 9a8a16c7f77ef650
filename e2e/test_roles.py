"""Each demo role signs in through the form, finds its own area and navigation, and signs out."""
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from e2e.server import AREAS, DEMO_ACCOUNTS, DEMO_PASSWORD

ROLE_LINKS = ["My page", "Company workspace", "Our openings", "Committee", "Companies", "Openings to review",
              "Administration"]
COMMITTEE_LINKS = ["Committee", "Companies", "Openings to review"]

ROLES = {
    # role: (navigation links the person sees, the link marked as the current page, an area that is closed to them)
    "trainee": (["My page"], "My page", "/admin/"),
    "company": (["Company workspace", "Our openings"], "Company workspace", "/committee/"),
    "committee": (COMMITTEE_LINKS, "Committee", "/admin/"),
    "admin": (COMMITTEE_LINKS + ["Administration"], "Administration", "/company/"),
}


def nav_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def expect_anonymous(page):
    expect(page.locator("header").get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.locator("header").get_by_role("button", name="Sign out")).to_have_count(0)
    expect(nav_link(page, "Company sign-up")).to_be_visible()
    for name in ROLE_LINKS:
        expect(nav_link(page, name)).to_have_count(0)


@pytest.mark.parametrize("role", list(ROLES))
def test_role_signs_in_sees_its_area_and_signs_out(english, role):
    page = english
    sees, current, closed = ROLES[role]
    area = AREAS[role]

    # Anonymous: a sign-in link, the public navigation, no area of any role.
    expect_anonymous(page)
    expect(nav_link(page, "Openings")).to_be_visible()
    expect(nav_link(page, "Company projects")).to_be_visible()

    page.locator("header").get_by_role("link", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    # Lands in the role's own area, welcomed, in the language chosen before signing in.
    expect(page).to_have_url(re.compile(re.escape(area) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status").filter(has_text="Welcome")).to_be_visible()
    expect(nav_link(page, current)).to_have_attribute("aria-current", "page")
    for name in ROLE_LINKS:
        expect(nav_link(page, name)).to_have_count(1 if name in sees else 0)
    expect(nav_link(page, "Company sign-up")).to_have_count(0)
    header = page.locator("header")
    expect(header.get_by_role("link", name="Sign in", exact=True)).to_have_count(0)
    expect(header.get_by_role("button", name="Sign out")).to_be_visible()

    # Another role's area is refused, not shown.
    response = page.goto(closed)
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed", level=1)).to_be_visible()

    # Signing out from the header makes the browser anonymous again.
    page.goto(area)
    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status").filter(has_text="You are signed out.")).to_be_visible()
    expect_anonymous(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The area now sends the person to the login form.
    page.goto(area)
    assert urlsplit(page.url).path == "/login"
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Please sign in to see this page.")).to_be_visible()
