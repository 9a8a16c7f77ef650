"""Full-page screenshots of the main pages, on a desktop and a phone, for a person to look at.

    .venv/bin/python e2e/screenshots.py [--lang ko|en] [--out DIR]

Starts the board the way the e2e suite does (gunicorn, fresh database, demo seed),
signs in as each demo role through the login form and saves PNGs named
<page>-<width>.png into e2e/screenshots/ (git-ignored). It also warns about pages that
scroll sideways (a layout bug on a phone) or answer with an unexpected status, and then
exits with 1.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from e2e.server import (
    AREAS,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    LiveServer,
    invalid_registration_number,
    launch_args,
)

VIEWPORTS = {
    1280: {"viewport": {"width": 1280, "height": 800}},
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

# (file name, role or None, path, extra step before the picture)
SHOTS = [
    ("home", None, "/", None),
    ("openings", None, "/openings", None),
    ("login", None, "/login", None),
    ("signup-errors", None, "/signup/company", "signup_errors"),
    ("not-found", None, "/no-such-page", None),
    ("me-trainee", "trainee", "/me/", None),
    ("company-company", "company", "/company/", None),
    ("committee-committee", "committee", "/committee/", None),
    ("committee-companies-committee", "committee", "/committee/companies", None),
    ("admin-admin", "admin", "/admin/", None),
    ("admin-outbox-admin", "admin", "/admin/outbox", None),
    ("admin-outbox-failed-admin", "admin", "/admin/outbox?status=failed", None),
    ("board-filtered", None, "/openings?q=%EB%B9%84%EC%A0%84&partner=y", None),
    ("opening-detail-trainee", "trainee", "/openings/1", None),
    ("apply-trainee", "trainee", "/me/openings/7/apply", None),
    ("my-applications-trainee", "trainee", "/me/applications", None),
    ("profile-trainee", "trainee", "/me/profile", None),
    ("company-openings-company", "company", "/company/openings", None),
    ("opening-form-company", "company", "/company/openings/new", None),
    ("offer-form-company", "company", "/company/applications/20/offer", None),
    ("company-surveys-company", "company", "/company/surveys", None),
    ("committee-openings-committee", "committee", "/committee/openings", None),
    ("committee-opening-committee", "committee", "/committee/openings/41", None),
    ("committee-company-committee", "committee", "/committee/companies/1", None),
    ("committee-surveys-committee", "committee", "/committee/surveys", None),
    ("committee-survey-committee", "committee", "/committee/surveys/1", None),
    ("committee-pipeline-committee", "committee", "/committee/pipeline", None),
    ("committee-review-committee", "committee", "/committee/review", None),
    ("committee-outcomes-committee", "committee", "/committee/outcomes", None),
    ("company-pipeline-company", "company", "/company/pipeline", None),
    ("projects", None, "/projects", None),
    ("talent-company", "company", "/company/talent", None),
    ("proposals-trainee", "trainee", "/me/proposals", None),
    ("notifications-trainee", "trainee", "/notifications/", None),
    ("notifications-company", "company", "/notifications/", None),
    ("notification-mails-trainee", "trainee", "/notifications/preferences", None),
    ("committee-lunch-days-committee", "committee", "/committee/lunch-days", None),
    ("committee-lunch-day-new-committee", "committee", "/committee/lunch-days/new", None),
    ("committee-lunch-day-committee", "committee", "/committee/lunch-days/1", None),
    ("committee-lunch-plan-committee", "committee", "/committee/lunch-days/1/plan", None),
    ("committee-lunch-check-in-committee", "committee", "/committee/lunch-days/1/check-in", None),
    # Lunch day 1 was held a month ago (plan published, follow-ups); lunch day 2 is open for sign-up.
    ("company-lunch-days-company", "company", "/company/lunch-days", None),
    ("company-lunch-day-open-company", "company", "/company/lunch-days/2", None),
    ("company-lunch-day-held-company", "company", "/company/lunch-days/1", None),
    ("me-lunch-days-trainee", "trainee", "/me/lunch-days", None),
    ("me-lunch-day-held-trainee", "trainee", "/me/lunch-days/1", None),
    ("me-lunch-day-open-trainee", "trainee", "/me/lunch-days/2", None),
    ("me-lunch-day-signed-up-trainee", "trainee", "/me/lunch-days/2", "lunch_signup"),
    ("company-profile-lunch-days", None, "/companies/1", None),
    ("committee-reports-committee", "committee", "/committee/reports?cohort=1", None),
    ("committee-reports-compare-committee", "committee", "/committee/reports?cohort=1&compare=2", None),
    ("committee-audit-committee", "committee", "/committee/audit", None),
]


def signup_errors(page):
    """The company sign-up form after a submission with a wrong registration number (and nothing else)."""
    page.locator("#company_name").fill("주식회사 스크린샷")
    page.locator("#registration_number").fill(invalid_registration_number(123456789))
    page.locator("#signup-form button[type=submit]").click()
    page.locator("#registration_number-error").wait_for()


def lunch_signup(page):
    """The trainee signs up for the open lunch day (the demo's is full: a place on the waitlist)."""
    button = page.locator("form[action$='/signup'] button[type=submit]")
    if button.count():
        button.click()
        page.locator(".flashes").wait_for()


STEPS = {"signup_errors": signup_errors, "lunch_signup": lunch_signup}


def new_context(browser, base_url, lang, **options):
    context = browser.new_context(base_url=base_url, locale="ko-KR", timezone_id="Asia/Seoul", **options)
    # No internet here: the htmx CDN fails at once and the page loads the vendored copy.
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    if lang != "ko":
        page = context.new_page()
        page.goto("/")
        page.locator(f"header form.language button[value='{lang}']").click()
        page.wait_for_load_state()
        page.close()
    return context


def sign_in(context, role):
    page = context.new_page()
    page.goto("/login")
    page.locator("#email").fill(DEMO_ACCOUNTS[role])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url("**" + AREAS[role])
    page.close()


def settle(page):
    """Wait for the page, htmx and the web fonts; False when htmx never arrived (an error page from the server, say)."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_function("() => window.htmx !== undefined", timeout=5000)
    except PlaywrightTimeout:
        return False
    page.evaluate("document.fonts.ready.then(() => true)")
    return True


def take(out, lang, only=""):
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    saved = []
    with LiveServer() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_args())
        try:
            for width, options in VIEWPORTS.items():
                contexts = {}
                for name, role, path, step in [s for s in SHOTS if only in s[0]]:
                    if role not in contexts:
                        contexts[role] = new_context(browser, server.url, lang, **options)
                        if role:
                            sign_in(contexts[role], role)
                    page = contexts[role].new_page()
                    response = page.goto(path)
                    expected = 404 if name == "not-found" else 200
                    if response.status != expected:
                        problems.append(f"{name}-{width}.png: {path} answered {response.status}")
                    if not settle(page):
                        problems.append(f"{name}-{width}.png: htmx did not load")
                    elif step:
                        STEPS[step](page)
                        settle(page)
                    overflow = page.evaluate(
                        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    if overflow > 0:
                        problems.append(f"{name}-{width}.png scrolls sideways by {overflow}px")
                    file = out / f"{name}-{width}.png"
                    page.screenshot(path=str(file), full_page=True)
                    saved.append(file)
                    page.close()
                for context in contexts.values():
                    context.close()
        finally:
            browser.close()
    return saved, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["ko", "en"], default="ko", help="interface language (default: ko)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    parser.add_argument("--only", default="", help="only the shots whose name contains this")
    args = parser.parse_args(argv)
    saved, problems = take(args.out, args.lang, args.only)
    for file in saved:
        print(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
    for problem in problems:
        print("WARNING:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
