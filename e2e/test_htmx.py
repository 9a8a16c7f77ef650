"""htmx from the vendored copy when the CDN is unreachable, and forms that answer in place."""
import random
import re

from playwright.sync_api import expect

from e2e.server import DEMO_ACCOUNTS, invalid_registration_number, registration_number

HTMX_VERSION = "2.0.11"


def test_htmx_falls_back_to_the_vendored_copy(page, context, live_server):
    vendored = []
    page.on("response", lambda r: vendored.append(r.status) if "/static/vendor/htmx-" in r.url else None)
    page.goto("/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("htmx.version") == HTMX_VERSION
    assert any(url.startswith("https://cdn.jsdelivr.net/npm/htmx.org@") for url in context.blocked), context.blocked
    assert vendored == [200]

    # Links are boosted: the next page arrives without a full reload.
    page.evaluate("window.__marker = 1")
    with page.expect_request(lambda r: r.url.endswith("/openings")) as request:
        page.locator("nav.main-nav a[href='/openings']").click()
    assert request.value.headers.get("hx-boosted") == "true"
    expect(page).to_have_url(re.compile(r"/openings$"))
    expect(page.locator("nav.main-nav a[href='/openings']")).to_have_attribute("aria-current", "page")
    assert page.evaluate("window.__marker") == 1


def test_wrong_password_shows_the_message_at_the_password_field(english):
    page = english
    page.goto("/login")
    page.get_by_label("Email").fill(DEMO_ACCOUNTS["company"])
    page.get_by_label("Password", exact=True).fill("not-the-password")
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert answer.value.status == 401

    password = page.get_by_label("Password", exact=True)
    error = page.locator(".field", has=page.locator("#password")).locator(".error")
    expect(error).to_have_text("The email or password is not correct.")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", re.compile(r"\bpassword-error\b"))
    expect(password).to_have_value("")
    expect(page.get_by_label("Email")).to_have_value(DEMO_ACCOUNTS["company"])
    # Right under the field, not somewhere else on the page.
    field_box, error_box = password.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 24
    expect(page).to_have_url(re.compile(r"/login$"))


def test_company_signup_checks_the_number_in_place_then_registers(english, live_server):
    page = english
    seed = random.randrange(10**8, 10**9)
    company, email, password = f"주식회사 이투이 {seed}", f"hr{seed}@e2e.example", "signup-pass-2026"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Company sign-up").click()
    expect(page).to_have_url(re.compile(r"/signup/company$"))
    page.get_by_label("Company name").fill(company)
    page.get_by_label("Business registration number").fill(invalid_registration_number(seed))
    page.get_by_label("Your name").fill("김채용")
    page.get_by_label("Work email").fill(email)

    # The error comes back as an htmx swap of the form: the page (and this marker) stays.
    page.evaluate("window.__marker = 1")
    with page.expect_response(lambda r: r.url.endswith("/signup/company") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Register", exact=True).click()
    assert answer.value.status == 422
    assert answer.value.request.headers.get("hx-request") == "true"
    number = page.get_by_label("Business registration number")
    error = page.locator(".field", has=page.locator("#registration_number")).locator(".error")
    expect(error).to_have_text("This is not a valid business registration number. Check the 10 digits.")
    expect(number).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.__marker") == 1
    expect(page).to_have_url(re.compile(r"/signup/company$"))
    expect(page.get_by_label("Company name")).to_have_value(company)
    expect(page.locator(".field .error")).to_have_count(1)

    # With a valid number a link to finish goes by mail; the member chooses a password there and lands in the company area.
    number.fill(registration_number(seed))
    offset = live_server.log_size()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Open the link in it")).to_be_visible()
    link = re.search(r"http://[^\s]+(/signup/company/[A-Za-z0-9_.\-]+)", live_server.log_since(offset))
    page.goto(link.group(1))
    page.get_by_label("New password").fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r"/company/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(company)
    expect(page.get_by_role("status").filter(has_text="Your company is waiting for the committee's approval.")).to_be_visible()
    expect(page.locator(".badge-pending")).to_have_text("Awaiting approval")
    expect(page.locator("header")).to_contain_text("김채용")


def test_signup_error_moves_focus_to_the_invalid_field(page, live_server):
    page.goto("/signup/company")
    page.locator("#company_name").fill("포커스 확인")
    page.locator("#registration_number").fill(invalid_registration_number(123456789))
    page.locator("#signup-form button[type=submit]").click()
    expect(page.locator("#registration_number-error")).to_be_visible()
    # The first field with an error: the company name is fine, so the number comes first.
    expect(page.locator("#registration_number")).to_be_focused(timeout=2000)
