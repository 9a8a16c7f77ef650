"""The committee pipeline and the board at national scale: filters that list only what the
chosen cohort/company needs, a column's "show more" link, and the board's capped count."""
import re

from sqlalchemy import select

from board.platform.extensions import db
from board.models import Role, Stage, Trainee
from tests.test_pipeline import _card_of, world  # noqa: F401 (world is a fixture)


def _options(page, name):
    """The option values of the <select name=...> on the page."""
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option (?:selected )?value="([^"]*)"', select_html)


def _cohort_of(app, user_id):
    with app.app_context():
        return db.session.scalar(select(Trainee.cohort_id).where(Trainee.user_id == user_id))


def test_the_opening_filter_lists_only_the_chosen_company_s_openings(app, world):
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_x")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y")
    committee, x, y = world["committee"], world["x"], world["y"]
    everything = committee.get("/committee/pipeline").get_data(as_text=True)
    assert _options(everything, "opening") == [""]
    assert set(_options(everything, "company")) == {"", str(x), str(y)}
    for_x = committee.get(f"/committee/pipeline?company={x}").get_data(as_text=True)
    assert _options(for_x, "opening") == ["", str(world["opening_x"])]
    # A shared link naming only an opening still works and shows it chosen.
    chosen = committee.get(f"/committee/pipeline?opening={world['opening_y']}")
    assert chosen.status_code == 200
    assert f'<option selected value="{world["opening_y"]}">' in chosen.get_data(as_text=True)


def test_a_chosen_cohort_lists_only_the_companies_and_classes_its_trainees_need(app, world, make):
    other = make.user(Role.TRAINEE)
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_x")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y", trainee=other)
    cohort, x, y = _cohort_of(app, world["trainee"]), world["x"], world["y"]
    page = world["committee"].get(f"/committee/pipeline?cohort={cohort}").get_data(as_text=True)
    assert _options(page, "company") == ["", str(x)]
    assert len(_options(page, "cohort_class")) == 1 + 6  # "All" and the cohort's six classes
    # The chosen company stays listed even when the cohort did not apply to it.
    page = world["committee"].get(f"/committee/pipeline?cohort={cohort}&company={y}").get_data(as_text=True)
    assert set(_options(page, "company")) == {"", str(x), str(y)}


def test_a_full_column_shows_20_cards_and_a_link_to_see_more(app, world, make):
    cards = [_card_of(app, world, Stage.COMMITTEE_REVIEW, trainee=make.user(Role.TRAINEE)) for _ in range(21)]
    committee, x = world["committee"], world["x"]
    page = committee.get(f"/committee/pipeline?company={x}").get_data(as_text=True)
    assert sum(f'id="card-{i}"' in page for i in cards) == 20
    link = f'href="/committee/pipeline?more=committee_review&amp;company={x}#column-committee_review"'
    assert link in page
    more = committee.get(f"/committee/pipeline?more=committee_review&company={x}").get_data(as_text=True)
    assert all(f'id="card-{i}"' in more for i in cards)
    assert link not in more  # that column shows them all now
    assert committee.get("/committee/pipeline?more=nonsense").status_code == 200


def test_a_common_word_skips_the_index_and_finds_the_same_openings(app, make, monkeypatch):
    from board.domain import search
    from board.domain.search import OpeningFilters, board_page, board_query
    company = make.company()
    for n in range(5):
        make.opening(company, title=f"데이터 분석가 {n}")
    make.opening(company, title="비전 엔지니어")
    with app.test_request_context():
        filters = OpeningFilters(q="데이터 분석")

        def shown():
            page = board_page(lambda index: board_query(filters, index=index), 20)
            return [o.title for o in page.items], page.total, page.more_than
        titles, total, more_than = shown()
        assert (total, more_than) == (5, None) and len(titles) == 5
        monkeypatch.setattr(search, "COUNT_CAP", 3)
        assert shown() == (titles, 4, 3)  # counted to the cap + 1, the same openings in the same order


def test_without_a_cohort_the_company_filter_lists_a_capped_name_search(app, world, make, monkeypatch):
    from board.web import pipeline_forms
    monkeypatch.setattr(pipeline_forms, "COMPANY_OPTIONS", 1)
    percent = make.company(name="100%랩")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_x")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening=make.opening(percent))
    committee, x, y = world["committee"], world["x"], world["y"]

    def page(query, **headers):
        response = committee.get(f"/committee/pipeline{query}", headers=headers)
        assert response.status_code == 200
        return response.get_data(as_text=True)
    # Only the first (by name) of the three, and a hint to search for the others.
    everything = page("")
    assert _options(everything, "company") == ["", str(percent)] and 'id="company-hint"' in everything
    assert 'name="company_q"' in everything
    # A shared ?company= link keeps its company listed and chosen past the cap.
    chosen = page(f"?company={y}")
    assert _options(chosen, "company") == ["", str(percent), str(y)] and f'<option selected value="{y}">' in chosen
    assert _options(page("?company_q=와이"), "company") == ["", str(y)]
    # The search is a plain substring: % and _ are not wildcards.
    assert _options(page("?company_q=%25"), "company") == ["", str(percent)]
    assert _options(page("?company_q=_"), "company") == [""]
    nothing = page("?company_q=없는회사")
    assert _options(nothing, "company") == [""] and 'id="company-hint"' in nothing
    # The search only lists companies; it filters no card, and stays on the move forms' URLs.
    assert 'id="card-' in nothing and "company_q=" in nothing.split('class="move-form"')[1].split(">")[0]
    # htmx swaps the board and, out of band, the selects that follow the other filters.
    fragment = page("?company_q=엑스", **{"HX-Request": "true"})
    assert '<div class="filter-choice" id="company-choice" hx-swap-oob="true">' in fragment
    assert _options(fragment, "company") == ["", str(x)] and 'name="company_q"' not in fragment
    # ... only those that follow a filter changed since the page was drawn (htmx says which page that was).
    here = "http://localhost/committee/pipeline?company_q=%EC%97%91%EC%8A%A4"
    again = page("?company_q=엑스&stale=y", **{"HX-Request": "true", "HX-Current-URL": here})
    assert "hx-swap-oob" not in again and 'id="pipeline-board"' in again
    chose = page(f"?company_q=엑스&company={x}", **{"HX-Request": "true", "HX-Current-URL": here})
    assert 'id="opening-choice" hx-swap-oob="true"' in chose and 'id="company-choice"' not in chose
    cohort = page(f"?cohort={_cohort_of(app, world['trainee'])}", **{"HX-Request": "true", "HX-Current-URL": here})
    assert 'id="cohort_class-choice" hx-swap-oob="true"' in cohort and 'id="company-choice" hx-swap-oob' in cohort
    assert "hx-swap-oob" not in everything.split('id="pipeline-status"')[0]


def test_a_chosen_cohort_lists_its_companies_past_the_cap(app, world, monkeypatch):
    from board.web import pipeline_forms
    monkeypatch.setattr(pipeline_forms, "COMPANY_OPTIONS", 1)
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_x")
    _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y")
    cohort = _cohort_of(app, world["trainee"])
    page = world["committee"].get(f"/committee/pipeline?cohort={cohort}").get_data(as_text=True)
    assert set(_options(page, "company")) == {"", str(world["x"]), str(world["y"])}
    page = world["committee"].get(f"/committee/pipeline?cohort={cohort}&company_q=와이").get_data(as_text=True)
    assert _options(page, "company") == ["", str(world["y"])]


def test_the_whole_board_picks_the_same_cards_as_a_filtered_one(app, world, make):
    # With no filter each column's cards come by a LIMIT per stage, not by ranking every application.
    from tests.test_pipeline import _age
    waiting = [_card_of(app, world, Stage.COMMITTEE_REVIEW, trainee=make.user(Role.TRAINEE)) for _ in range(22)]
    rejected = [_card_of(app, world, Stage.REJECTED, trainee=make.user(Role.TRAINEE)) for _ in range(22)]
    for days, application_id in enumerate(waiting + rejected):
        _age(app, application_id, days % 10)
    committee, x = world["committee"], world["x"]

    def cards(query):
        return re.findall(r'id="card-(\d+)"', committee.get(f"/committee/pipeline{query}").get_data(as_text=True))
    for more in ("", "?more=committee_review", "?more=rejected", "?stale=y"):
        whole = cards(more)
        assert whole == cards(f"{more}{'&' if more else '?'}company={x}")
        assert len(whole) == {"": 40, "?stale=y": 6}.get(more, 42)
