"""axe-core on the main pages of every role: no violation of serious or critical impact.

axe-playwright-python injects axe through page.evaluate, so it runs under the strict CSP.
Pages are found the way a person finds them: the links of the main navigation (so a link
added there is checked without touching this file), plus the pages behind them that a
role uses most (an opening, the apply form, a company's opening form, a committee detail).

Moderate findings are printed (`pytest -s`), not failed. The last run had one kind:
heading-order on opening and project pages, where a description written with `##`
becomes an h4 under the page's h2 (board/platform/text.py maps # to h3 and ## to h4).
"""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from e2e.helpers import sign_in

FAILING_IMPACTS = {"serious", "critical"}
# The board with a Korean search (개발 = development), as trainees type it.
KOREAN_SEARCH = "/openings?q=%EA%B0%9C%EB%B0%9C"

PAGES = {
    None: ["/", KOREAN_SEARCH, "/projects", "/login", "/signup/company", "/password-reset", "/no-such-page"],
    "trainee": ["/me/", "/me/applications", "/me/profile", "/me/proposals", "/account/password", "/me/lunch-days"],
    "company": ["/company/", "/company/openings", "/company/openings/new", "/company/pipeline", "/company/talent",
                "/company/surveys", "/company/profile", "/company/projects", "/company/projects/new",
                "/company/lunch-days"],
    "committee": ["/committee/", "/committee/proposals/new", "/committee/surveys/new", "/committee/cohorts/new",
                  "/committee/lunch-days", "/committee/lunch-days/new"],
    "admin": ["/admin/", "/admin/users/new", "/committee/"],
}

# Detail pages reached from a list: (list page, link pattern), the first match is checked;
# a list page of None means the page found just before (an opening's company, a lunch day's plan).
DETAILS = {
    None: [
        (KOREAN_SEARCH, r"^/openings/\d+$"),
        (None, r"^/companies/\d+$"),
        ("/projects", r"^/projects/\d+$"),
    ],
    "trainee": [
        (KOREAN_SEARCH, r"^/openings/\d+$"),
        ("/me/applications", r"^/me/applications/\d+/(edit|withdraw)$"),
        ("/me/applications", r"^/me/applications/\d+$"),
        ("/me/lunch-days", r"^/me/lunch-days/\d+$"),
    ],
    "company": [
        ("/company/openings", r"^/company/openings/\d+$"),
        ("/company/pipeline", r"^/company/applications/\d+$"),
        ("/company/surveys", r"^/company/surveys/\d+$"),
        ("/company/talent", r"^/company/talent/\d+/meet$"),
        ("/company/projects", r"^/company/projects/\d+$"),
        ("/company/lunch-days", r"^/company/lunch-days/\d+$"),
    ],
    "committee": [
        ("/committee/companies", r"^/committee/companies/\d+$"),
        ("/committee/openings", r"^/committee/openings/\d+$"),
        ("/committee/review", r"^/committee/review/\d+$"),
        ("/committee/cohorts", r"^/committee/cohorts/\d+$"),
        ("/committee/outcomes", r"^/committee/cohorts/\d+/outcomes$"),
        ("/committee/surveys", r"^/committee/surveys/\d+$"),
        ("/committee/projects", r"^/committee/projects/\d+$"),
        ("/committee/lunch-days", r"^/committee/lunch-days/\d+$"),
        (None, r"^/committee/lunch-days/\d+/plan$"),
        (None, r"^/committee/lunch-days/\d+/check-in$"),
        ("/committee/reports", r"^/committee/reports/trainees$"),
        ("/committee/reports", r"^/committee/reports/companies$"),
        ("/committee/reports", r"^/committee/audit$"),
    ],
    "admin": [("/admin/", r"^/admin/users/\d+/active$")],
}

_axe = Axe()


def local_links(page):
    """The hrefs of the page's links that stay on the board, without #fragments."""
    return page.eval_on_selector_all(
        "a[href^='/']", "links => links.map(a => a.getAttribute('href').split('#')[0])")


def nav_paths(page):
    return page.eval_on_selector_all("nav.main-nav a[href]", "links => links.map(a => a.getAttribute('href'))")


def first_link(page, path, pattern):
    page.goto(path)
    wanted = re.compile(pattern)
    return next((href for href in local_links(page) if wanted.match(href.split("?")[0])), None)


def apply_form(page):
    """The apply form of an open opening this trainee has not applied to yet (the board's Apply button)."""
    page.goto("/openings")
    for href in [h for h in local_links(page) if re.match(r"^/openings/\d+$", h)][:15]:
        page.goto(href)
        button = page.locator(".apply-row a[href$='/apply']")
        if button.count():
            return button.get_attribute("href")
    return None


def violations(page, path):
    """axe's violations on path, as (impact, rule id, help, a few offending elements)."""
    response = page.goto(path)
    assert response is not None and response.status in (200, 404), f"{path} answered {response and response.status}"
    page.wait_for_function("() => window.htmx !== undefined")
    return violations_here(page)


def violations_here(page):
    """axe's violations on the page as it stands now."""
    results = _axe.run(page)
    found = []
    for rule in results.response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in rule["nodes"][:3]]
        found.append((rule["impact"], rule["id"], rule["help"], targets))
    return found


def pages_for(page, role):
    paths = list(PAGES[None] if role is None else PAGES[role])
    if role is not None:
        page.goto(PAGES[role][0])
        paths += nav_paths(page)
    detail = None
    for source, pattern in DETAILS[role]:
        source = source or detail
        detail = first_link(page, source, pattern)
        assert detail, f"no link like {pattern} on {source}"
        paths.append(detail)
    if role == "trainee":
        form = apply_form(page)
        assert form, "no opening left to apply to"
        paths.append(form)
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("role", [None, "trainee", "company", "committee", "admin"],
                         ids=["anonymous", "trainee", "company", "committee", "admin"])
def test_main_pages_have_no_serious_accessibility_violation(page, live_server, role):
    if role:
        sign_in(page, role)
    serious, moderate = [], []
    for path in pages_for(page, role):
        for impact, rule, help_text, targets in violations(page, path):
            line = f"{path}: [{impact}] {rule} ({help_text}) at {targets}"
            (serious if impact in FAILING_IMPACTS else moderate).append(line)
    if moderate:
        print("\nModerate or minor accessibility findings:\n" + "\n".join(moderate))
    assert serious == [], "\n".join(serious)


PHONE = {"width": 390, "height": 844}


def phone_page(make_context, **options):
    """A page 390 px wide (the context fixtures fix the viewport, so the page is resized)."""
    page = make_context(**options).new_page()
    page.set_viewport_size(PHONE)
    return page


def test_committee_menu_folds_on_a_phone_and_works_with_the_keyboard(make_context, live_server):
    page = phone_page(make_context)
    sign_in(page, "committee")
    page.goto("/committee/")
    toggle = page.get_by_role("button", name=re.compile("^(Menu|메뉴)$"))
    links = page.locator("#main-nav-links")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "main-nav-links")
    expect(links).to_be_hidden()

    # The skip link first, then the header's own controls, then the menu button.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('nav-toggle')"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    page.keyboard.press("Tab")
    expect(links.locator("a").first).to_be_focused()
    assert [v for v in violations_here(page) if v[0] in FAILING_IMPACTS] == []

    # Escape folds it again and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(links).to_be_hidden()

    # A link followed from the menu (a boosted swap) lands on a page with the menu folded.
    toggle.click()
    links.locator("a[href='/committee/pipeline']").click()
    expect(page).to_have_url(re.compile(r"/committee/pipeline$"))
    expect(page.locator(".nav-toggle")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#main-nav-links")).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_menu_button_is_only_for_phones_with_javascript(make_context, live_server):
    desktop = make_context().new_page()
    sign_in(desktop, "committee")
    expect(desktop.locator(".nav-toggle")).to_be_hidden()
    expect(desktop.locator("#main-nav-links a[href='/committee/surveys']")).to_be_visible()

    # Without JavaScript a phone shows every link and no button that could not work.
    no_js = phone_page(make_context, java_script_enabled=False)
    no_js.goto("/login")
    no_js.locator("#email").fill("committee@board.example")
    no_js.locator("#password").fill("demo-pass-2026")
    no_js.locator("form[action='/login'] button[type=submit]").click()
    expect(no_js).to_have_url(re.compile(r"/committee/$"))
    expect(no_js.locator(".nav-toggle")).to_be_hidden()
    expect(no_js.locator("#main-nav-links a[href='/committee/surveys']")).to_be_visible()


# Forms sent empty: the messages beside the fields, the invalid fields (role, form page).
EMPTY_FORMS = [(None, "/login"), (None, "/signup/company"), ("company", "/company/openings/new"),
               ("company", "/company/projects/new"), ("trainee", "/me/profile"),
               ("committee", "/committee/cohorts/new"), ("admin", "/admin/users/new")]


@pytest.mark.parametrize("role, path", EMPTY_FORMS, ids=[path for _, path in EMPTY_FORMS])
def test_forms_with_errors_have_no_serious_accessibility_violation(page, live_server, role, path):
    if role:
        sign_in(page, role)
    page.goto(path)
    page.wait_for_function("() => window.htmx !== undefined")
    form = page.locator("main form[method=post]").last
    for field in form.locator("input[type=text], input[type=email], input[type=password], textarea").all():
        field.fill("")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").last.click()
    assert answer.value.status == 422, f"{path}: the empty form answered {answer.value.status}"
    expect(page.locator("main .error").first).to_be_visible()
    page.wait_for_load_state()
    serious = [v for v in violations_here(page) if v[0] in FAILING_IMPACTS]
    assert serious == []
