"""A form returned with errors through htmx applies no inline style, so the strict CSP reports nothing.

The one way htmx sets a style attribute is attribute settling: it copies the old element's
`style` onto the new one during a swap. Chromium writes an inline height on a textarea the
person resized by its handle, as people do with a long description or cover letter.
"""
from playwright.sync_api import expect

from e2e.helpers import sign_in


def resize_by_handle(page, textarea):
    """Drag the textarea's bottom-right corner down, as a person does."""
    textarea.scroll_into_view_if_needed()
    box = textarea.bounding_box()
    x, y = box["x"] + box["width"] - 3, box["y"] + box["height"] - 3
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 80, steps=5)
    page.mouse.up()


def test_a_form_with_errors_swapped_by_htmx_breaks_no_csp_rule(page, console, live_server):
    sign_in(page, "company")
    page.goto("/company/openings/new")
    page.wait_for_function("() => window.htmx !== undefined")
    description = page.locator("main form textarea").first
    description.fill("설명 " * 20)
    resize_by_handle(page, description)
    assert description.get_attribute("style"), "Chromium keeps a resized textarea's height inline"

    for _ in range(2):  # the second answer swaps over the first one's fields
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("main form button[type=submit]").last.click()
        assert answer.value.status == 422
        assert answer.value.request.headers.get("hx-request") == "true"
        expect(page.locator("main .field .error").first).to_be_visible()
        page.wait_for_timeout(100)  # past htmx's 20 ms settle, when settled attributes are written

    violations = page.evaluate("window.__cspViolations")
    inline = [e for e in console.errors if "inline style" in e or "Content Security Policy" in e]
    assert violations == [] and inline == [], violations + inline
