"""The main pages load without console errors, uncaught exceptions or CSP violations."""
import pytest

from e2e.helpers import sign_in

PUBLIC_PAGES = ["/", "/openings", "/projects", "/login", "/signup/company", "/password-reset"]
ROLE_PAGES = {
    "trainee": ["/me/", "/me/applications", "/openings", "/account/password"],
    "company": ["/company/", "/company/openings"],
    "committee": ["/committee/", "/committee/companies", "/committee/openings"],
    "admin": ["/admin/", "/admin/?q=board", "/committee/"],
}


def visit(page, console, path, status=200):
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    violations = page.evaluate("window.__cspViolations")
    return [f"{path}: {e}" for e in console.errors + [f"CSP: {v}" for v in violations]]


def visit_all(page, console, paths):
    """Problems on every page in paths."""
    problems = []
    for path in paths:
        problems += visit(page, console, path)
        console.errors.clear()
    assert problems == []


def test_public_pages_are_clean(page, console, live_server):
    visit_all(page, console, PUBLIC_PAGES)


def test_not_found_page_is_clean(page, console, live_server):
    problems = visit(page, console, "/no-such-page", status=404)
    # Chromium reports the document's own 404 status on the console; nothing else may appear.
    problems = [p for p in problems if "status of 404" not in p]
    assert problems == []


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_role_pages_are_clean(page, console, live_server, role):
    sign_in(page, role)
    visit_all(page, console, ROLE_PAGES[role])
