"""The board: Korean substring search, filters in the URL, htmx results, D-N, recommendations."""
import pytest

from board.models import CareerLevel, EmploymentType, JobRole, OpeningStatus, Role


@pytest.fixture
def board(make):
    partner = make.company(name="빛고을에이아이", partner=True)
    plain = make.company(name="무등데이터랩")
    return {
        "vision": make.opening(partner, title="컴퓨터비전 엔지니어", required=("Python", "컴퓨터비전"), deadline_days=3,
                               job_role=JobRole.VISION, workplace="광주 북구 첨단과기로"),
        "data": make.opening(plain, title="데이터 엔지니어", required=("SQL", "Airflow"), deadline_days=30,
                             employment_type=EmploymentType.INTERN, workplace="서울 강남구"),
        "nlp": make.opening(plain, title="자연어처리 연구원", required=("Python", "자연어처리"), deadline_days=None,
                            career=CareerLevel.EXPERIENCED, description="상담 기록을 분석하는 **언어 모델**"),
        "draft": make.opening(partner, title="비공개 초안 비전", status=OpeningStatus.DRAFT),
    }


def _titles(response):
    """The titles of the cards in the result list."""
    import re
    return set(re.findall(r'<h2><a href="/openings/\d+">([^<]+)</a></h2>', response.get_data(as_text=True)))


@pytest.mark.parametrize("query,expected", [
    ("비전", {"컴퓨터비전 엔지니어"}),                 # inside a longer word
    ("엔지니어", {"컴퓨터비전 엔지니어", "데이터 엔지니어"}),
    ("언어 모델", {"자연어처리 연구원"}),               # in the description
    ("무등", {"데이터 엔지니어", "자연어처리 연구원"}),  # the company's name
    ("airflow", {"데이터 엔지니어"}),                  # a skill, any case
    ("100%", set()),
    ("' OR 1=1 --", set()),
])
def test_search_finds_korean_words_inside_longer_words(client, board, query, expected):
    response = client.get("/openings", query_string={"q": query})
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.parametrize("args,expected", [
    ({"role": "vision"}, {"컴퓨터비전 엔지니어"}),
    ({"type": "intern"}, {"데이터 엔지니어"}),
    ({"career": "experienced"}, {"자연어처리 연구원"}),
    ({"region": "서울"}, {"데이터 엔지니어"}),
    ({"skills": "Python"}, {"컴퓨터비전 엔지니어", "자연어처리 연구원"}),
    ({"skills": "python, 자연어처리"}, {"자연어처리 연구원"}),
    ({"partner": "y"}, {"컴퓨터비전 엔지니어"}),
    ({"closing": "y"}, {"컴퓨터비전 엔지니어"}),
    ({"q": "엔지니어", "partner": "y"}, {"컴퓨터비전 엔지니어"}),
])
def test_filters_narrow_the_board(client, board, args, expected):
    response = client.get("/openings", query_string=args)
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.parametrize("args,field_message", [
    ({"q": "가" * 2000}, "100"),
    ({"skills": "마법"}, "마법"),
    ({"role": "astronaut"}, None),
])
def test_bad_search_input_gets_a_message_not_a_500(client, board, args, field_message):
    response = client.get("/openings", query_string=args)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page
    if field_message:
        assert field_message in page.split('role="alert"')[1].split("</p>")[0]


def test_filters_survive_a_reload_and_pagination_keeps_them(client, make):
    company = make.company()
    for n in range(25):
        make.opening(company, title=f"파이썬 개발자 {n:02d}", required=("Python",))
    first = client.get("/openings?q=파이썬&partner=").get_data(as_text=True)
    assert first.count('class="card opening-card"') == 20
    assert 'value="파이썬"' in first
    assert "page=2" in first and "q=%ED%8C%8C%EC%9D%B4%EC%8D%AC" in first.split('rel="next"')[0].rsplit("href=", 1)[1]
    second = client.get("/openings?q=파이썬&page=2").get_data(as_text=True)
    assert second.count('class="card opening-card"') == 5


def test_htmx_filter_update_returns_only_the_result_list(client, board):
    fragment = client.get("/openings?q=비전", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="results"')
    assert "<form" not in body and "<html" not in body
    assert "컴퓨터비전 엔지니어" in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_cards_show_the_deadline_as_d_n(client, board):
    page = client.get("/openings").get_data(as_text=True)
    assert "D-3" in page and "D-30" in page


def test_recommendations_rank_by_skill_overlap_and_skip_applied(app, make, board, as_role):
    trainee = as_role(Role.TRAINEE)
    make.trainee_skills(trainee.user_id, ["Python", "자연어처리"])
    page = trainee.get("/openings").get_data(as_text=True)
    strip = page.split('id="recommended-title"')[1].split("</section>")[0]
    import re
    titles = re.findall(r'<h2><a href="/openings/\d+">([^<]+)</a></h2>', strip)
    assert titles == ["자연어처리 연구원", "컴퓨터비전 엔지니어"]
    anonymous = app.test_client().get("/openings").get_data(as_text=True)
    assert 'id="recommended-title"' not in anonymous
