"""Keyboard users reach the content first."""
import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("path", ["/", "/openings", "/signup/company"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server, path):
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    # Hidden off-screen until focused, then on screen.
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")
