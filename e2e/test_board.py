"""The board as a trainee uses it: Korean search, filters that survive a reload, applying and withdrawing."""
import re

from playwright.sync_api import expect

from e2e.helpers import sign_in, switch_language


def test_korean_substring_search_updates_only_the_results(page, live_server):
    page.goto("/openings")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__marker = 1")
    page.evaluate("document.querySelector('.board-filters').dataset.kept = 'yes'")
    with page.expect_request(lambda r: "/openings?" in r.url and r.headers.get("hx-request") == "true"):
        page.locator("#q").fill("비전")
    results = page.locator("#results .opening-card")
    expect(page).to_have_url(re.compile(r"q=%EB%B9%84%EC%A0%84"))
    expect(results.first).to_be_visible()
    # Only the list was replaced: the page, and the form element itself, are the same.
    assert page.evaluate("window.__marker") == 1
    assert page.evaluate("document.querySelector('.board-filters').dataset.kept") == "yes"
    texts = results.all_inner_texts()
    assert 0 < len(texts) <= 20
    # Found inside longer words: 컴퓨터비전 in titles and skills, 월곡비전 in a company's name.
    assert all("비전" in text for text in texts), texts


def test_filters_survive_a_reload(page, live_server):
    page.goto("/openings")
    switch_language(page, "English", "en")
    page.get_by_label("Job role").select_option("vision")
    page.get_by_label("Partner companies only").check()
    expect(page).to_have_url(re.compile(r"role=vision"))
    expect(page).to_have_url(re.compile(r"partner=y"))
    cards = page.locator("#results .opening-card")
    expect(cards.first).to_be_visible()
    before = cards.count()
    page.reload()
    expect(page.get_by_label("Job role")).to_have_value("vision")
    expect(page.get_by_label("Partner companies only")).to_be_checked()
    expect(cards).to_have_count(before)
    for meta in page.locator("#results .opening-card .meta").all_inner_texts():
        assert "Computer vision engineer" in meta
    for card in page.locator("#results .opening-card").all():
        expect(card.locator(".badge-partner")).to_have_count(1)


def test_trainee_applies_once_and_withdraws(page, live_server):
    page.goto("/")
    switch_language(page, "English", "en")
    sign_in(page, "trainee")
    page.goto("/openings")
    # The first opening the demo trainee has not applied to yet.
    links = page.locator("#results .opening-card h2 a")
    target = None
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        page.goto(href)
        if page.get_by_role("link", name="Apply", exact=True).count():
            target = href
            break
    assert target, "every opening on the first page is already applied to"
    opening_id = target.rsplit("/", 1)[1]
    page.get_by_role("link", name="Apply", exact=True).click()
    page.get_by_label("Cover letter").fill("사관학교에서 배운 비전 모델로 공정 불량을 줄이고 싶습니다.")
    for group in page.locator("fieldset.field").all():
        group.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Send the application").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    card = page.locator(f".application-card:has(a[href='/openings/{opening_id}'])")
    expect(card.locator(".badge[class*=badge-stage]")).to_have_text("Submitted")

    # A second try from the opening's page leads to the existing application.
    page.goto(target)
    expect(page.get_by_role("link", name="Applied: see my application", exact=True)).to_be_visible()
    page.goto(target.replace("/openings/", "/me/openings/") + "/apply")
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    expect(page.get_by_role("status").filter(has_text="already applied")).to_be_visible()
    expect(card).to_have_count(1)

    # Withdrawing asks first.
    card.get_by_role("link", name=re.compile("^Withdraw")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw your application")
    page.get_by_role("button", name="Withdraw").click()
    expect(card.locator(".badge[class*=badge-stage]")).to_have_text("Withdrawn")


def test_clicking_a_result_while_a_live_search_is_pending_keeps_the_openings_address(page, live_server):
    """Typing without Enter starts a search; clicking a result at once must win the race for the address bar."""
    page.goto("/openings")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#q").fill("데이터")
    link = page.locator("#results .opening-card h2 a, #results .opening-card h3 a").first
    href = link.get_attribute("href")
    link.click()  # leaves the search box: its change event and pending input event both ask for the list
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(700)  # past the live search's 400 ms delay, whatever it would still send
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("main h1")).not_to_have_text("채용공고")
    page.reload()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))

    # One press of Back returns to the list.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/openings(\?.*)?$"))
    expect(page.locator("#results")).to_be_visible()
