"""The committee pipeline and the board at national scale: filters that list only what the
chosen cohort/company needs, a column's "show more" link, and the board's capped count."""
import re

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from board.extensions import db
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
    from board import search
    from board.search import BoardFilters, board_page, board_query
    company = make.company()
    for n in range(5):
        make.opening(company, title=f"데이터 분석가 {n}")
    make.opening(company, title="비전 엔지니어")
    with app.test_request_context():
        filters = BoardFilters(formdata=MultiDict({"q": "데이터 분석"}))
        assert filters.validate()

        def shown():
            page = board_page(lambda index: board_query(filters, index=index), 20)
            return [o.title for o in page.items], page.total, page.more_than
        titles, total, more_than = shown()
        assert (total, more_than) == (5, None) and len(titles) == 5
        monkeypatch.setattr(search, "COUNT_CAP", 3)
        assert shown() == (titles, 4, 3)  # counted to the cap + 1, the same openings in the same order
