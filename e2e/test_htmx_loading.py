"""A page never waits for htmx: with the CDN black-holed it works at once and htmx arrives from the vendored copy.

A black-holed host answers nothing (no refusal, no timeout for many seconds): the route
below keeps the CDN request open for as long as the test runs. "At once" is checked
without a clock: DOMContentLoaded has fired and a link works while the CDN request is
still unanswered (the old page never got there). htmx must arrive within 2 s: the loader
gives the CDN 1 s, then loads the vendored copy.
"""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in

CDN = re.compile(r"^https://cdn\.jsdelivr\.net/")
PAGES = ["/", "/openings", "/login", "/projects", "/openings/1"]


def black_hole(page):
    """Hold every CDN request open, unanswered; returns the held requests."""
    held = []
    page.route(CDN, lambda route: held.append(route))
    return held


def assert_usable_while_the_cdn_is_silent(page, held):
    """DOMContentLoaded has fired although the CDN request is still open (the guard only stops a hang)."""
    page.wait_for_function("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd > 0",
                           timeout=5000)
    # The request reaches the route handler a moment after the loader sends it.
    for _ in range(40):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page should have asked the CDN"


def test_pages_work_at_once_when_the_cdn_answers_nothing(page, live_server):
    # Every page in a fresh tab, which has not met the silent CDN yet.
    for path in PAGES:
        tab = page.context.new_page()
        held = black_hole(tab)
        tab.goto(path, wait_until="commit")
        assert_usable_while_the_cdn_is_silent(tab, held)
        # A plain link works before htmx is there.
        tab.locator("nav.main-nav a[href='/projects']").click()
        expect(tab).to_have_url(re.compile(r"/projects$"))
        tab.close()


def test_htmx_arrives_within_two_seconds_and_boosts_links(page, live_server):
    black_hole(page)
    page.goto("/", wait_until="commit")
    page.wait_for_function("() => window.htmx !== undefined", timeout=2000)
    page.evaluate("window.__marker = 1")
    with page.expect_request(lambda r: r.url.endswith("/openings")) as request:
        page.locator("nav.main-nav a[href='/openings']").click()
    assert request.value.headers.get("hx-boosted") == "true"
    expect(page).to_have_url(re.compile(r"/openings$"))
    assert page.evaluate("window.__marker") == 1


def test_a_signed_in_page_works_at_once_too(page, live_server):
    sign_in(page, "trainee")
    page = page.context.new_page()  # a tab that has not met the CDN yet
    held = black_hole(page)
    page.goto("/me/applications", wait_until="commit")
    assert_usable_while_the_cdn_is_silent(page, held)
    page.wait_for_function("() => window.htmx !== undefined", timeout=2000)


def test_a_late_cdn_copy_never_starts_htmx_a_second_time(page, live_server):
    """The CDN answers after the vendored copy took over: its copy must not run."""
    held = black_hole(page)
    page.goto("/", wait_until="commit")
    page.wait_for_function("() => window.htmx !== undefined", timeout=2000)
    page.evaluate("window.__first = window.htmx")
    vendored = page.request.get("/static/vendor/htmx-2.0.11.min.js").body()
    for route in held:
        route.fulfill(body=vendored, content_type="application/javascript",
                      headers={"Access-Control-Allow-Origin": "*"})
    page.wait_for_timeout(500)  # give a late copy the time it would need to run
    assert page.evaluate("window.htmx === window.__first")
    with page.expect_request(lambda r: r.url.endswith("/openings")) as request:
        page.locator("nav.main-nav a[href='/openings']").click()
    assert request.value.headers.get("hx-boosted") == "true"

