"""The search index: the board's and the projects' searches use it, find what LIKE finds, and keep up with edits.

SQLite answers from an FTS5 trigram table, PostgreSQL from a pg_trgm GIN index; both are
filled by triggers, so every write (ORM, bulk UPDATE, cascade) shows in the next search.
"""
import re

import pytest
from flask import request
from sqlalchemy import delete, event, insert, select, text, update

from board.domain import search
from board.platform.extensions import db
from board.models import (
    CareerLevel, Company, DeadlineKind, EmploymentType, JobRole, Opening, OpeningStatus, Project, Skill,
)
from board.models.types import utcnow
from board.domain.search import indexed_matches


@pytest.fixture
def catalogue(make):
    """Openings and projects with Korean, English and awkward text in every searchable field."""
    vision = make.company(name="빛고을에이아이", partner=True)
    data = make.company(name="Mudeung DataLab")
    openings = {
        "vision": make.opening(vision, title="컴퓨터비전 엔지니어", required=("Python", "컴퓨터비전"),
                               description="CCTV 영상에서 객체를 찾는 모델을 만듭니다."),
        "data": make.opening(data, title="데이터 엔지니어 (Intern)", required=("SQL", "Airflow"),
                             description="100% 재택, 주 3일 \"하이브리드\" 근무_가능"),
        "nlp": make.opening(data, title="자연어처리 연구원", required=("Python", "자연어처리"),
                            description="상담 기록을 분석하는 **언어 모델**"),
        "java": make.opening(vision, title="자바 백엔드 개발자", required=("SQL",), description="Spring Boot"),
    }
    with make.app.app_context():
        projects = [Project(company_id=vision, title="수어 통역 모델", description="영상 속 수어를 한국어로 옮깁니다.",
                            status=OpeningStatus.PUBLISHED),
                    Project(company_id=data, title="Air quality forecast", description="미세먼지 예측",
                            status=OpeningStatus.PUBLISHED)]
        db.session.add_all(projects)
        db.session.commit()
        return {"openings": openings, "projects": [p.id for p in projects], "vision": vision, "data": data}


QUERIES = [
    "비전", "컴퓨터비전", "엔지니어", "데이터 엔지니어", "언어 모델", "빛고을", "에이아이", "mudeung datalab", "DATALAB",
    "airflow", "AIR", "python", "자바", "백엔드 개발", "100%", "100", "_가능", '"하이브리드"', "' OR 1=1 --",
    "엔지니어 CCTV",  # the end of one field and the start of the next: not a match
    "수어 통역", "미세먼지", "forecast", "영상", "없는말입니다",
]


def _ids(statement):
    return {row if isinstance(row, int) else row.id for row in db.session.scalars(statement).unique()}


def _without_index(monkeypatch, build):
    monkeypatch.setattr(search, "MIN_INDEXED", 10_000)
    try:
        return build()
    finally:
        monkeypatch.undo()


def test_the_index_finds_exactly_what_like_finds(app, catalogue, monkeypatch):
    from board.domain.projects import public_query
    from board.web.public.forms import ProjectSearch
    from board.domain.search import board_query
    from board.web.public.forms import BoardFilters
    for query in QUERIES:
        with app.test_request_context("/openings", query_string={"q": query}):
            filters, project_search = BoardFilters(formdata=request.args), ProjectSearch(formdata=request.args)
            assert filters.validate() and project_search.validate()
            criteria = filters.criteria()
            openings, projects = _ids(board_query(criteria)), _ids(public_query(project_search.q.data))
            assert openings == _without_index(monkeypatch, lambda f=criteria: _ids(board_query(f))), query
            assert projects == _without_index(monkeypatch, lambda s=project_search: _ids(public_query(s.q.data))), query
            if len(query) >= search.MIN_INDEXED:
                # The index's candidates hold every result (the LIKE only removes, never adds).
                assert openings <= _ids(indexed_matches("opening", query)), query
                assert projects <= _ids(indexed_matches("project", query)), query


@pytest.mark.parametrize("query,titles", [
    ("비전", {"컴퓨터비전 엔지니어"}),
    ("컴퓨터비전", {"컴퓨터비전 엔지니어"}),
    ("datalab", {"데이터 엔지니어 (Intern)", "자연어처리 연구원"}),
    ("AIRFLOW", {"데이터 엔지니어 (Intern)"}),
    ('"하이브리드"', {"데이터 엔지니어 (Intern)"}),
    ("엔지니어 CCTV", set()),
])
def test_the_board_page_answers_from_the_index(client, catalogue, query, titles):
    assert _titles(client.get("/openings", query_string={"q": query})) == titles


def _titles(response):
    return set(re.findall(r'<h2><a href="/openings/\d+">([^<]+)</a></h2>', response.get_data(as_text=True)))


def _statements_of(app, client, url):
    """The SQL statements (with their parameters) that one request runs."""
    seen = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


SERVED = [("/openings?q=엔지니어", "opening_search"), ("/openings?q=Airflow&partner=y", "opening_search"),
          ("/projects?q=수어 통역", "project_search")]
ROWS = 1000


def test_a_search_of_three_or_more_characters_is_served_by_the_index(app, client, catalogue):
    # Enough rows, and statistics about them, that the planner prefers the index to reading them all.
    with app.app_context():
        now = utcnow()
        db.session.execute(insert(Opening), [
            dict(company_id=catalogue["vision"], title=f"백엔드 개발자 {n}", job_role=JobRole.BACKEND,
                 employment_type=EmploymentType.FULL_TIME, career_level=CareerLevel.NEW, workplace="광주 북구",
                 description="API 서버를 만듭니다.", deadline_kind=DeadlineKind.ROLLING, status=OpeningStatus.PUBLISHED,
                 published_at=now) for n in range(ROWS)])
        db.session.execute(insert(Project), [
            dict(company_id=catalogue["vision"], title=f"챗봇 과제 {n}", description="상담 챗봇", status=OpeningStatus.PUBLISHED,
                 published_at=now) for n in range(ROWS)])
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does in production: move new entries from GIN's pending list into the index.
            for index in ("ix_opening_search_document", "ix_project_search_document"):
                db.session.execute(text("SELECT gin_clean_pending_list(CAST(:index AS regclass))"), {"index": index})
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    for url, index in SERVED:
        statements = [s for s in _statements_of(app, client, url) if index in s[0]]
        assert statements, f"{url}: the search did not ask the index"
        with app.app_context(), db.engine.connect() as conn:
            for statement, parameters in statements:
                if conn.dialect.name == "postgresql":
                    # On a small table a sequential scan is cheaper still; an index scan is what is asked.
                    conn.exec_driver_sql("SET enable_seqscan = off")
                    plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters))
                    assert f"Bitmap Index Scan on ix_{index}_document" in plan, f"{url}\n{plan}"
                else:
                    plan = "\n".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
                    assert re.search(rf"SCAN {index} VIRTUAL TABLE INDEX \d+:M", plan), f"{url}\n{plan}"


def test_a_two_syllable_word_is_found_without_the_index(app, client, catalogue):
    # SQLite's trigram tokenizer finds nothing under three characters: 자바 and 비전 go to LIKE.
    statements = _statements_of(app, client, "/openings?q=자바")
    assert not [s for s, _ in statements if "opening_search" in s]
    assert _titles(client.get("/openings?q=자바")) == {"자바 백엔드 개발자"}


def _found(kind, text):
    return _ids(indexed_matches(kind, text))


def test_the_index_follows_inserts_edits_and_deletes_of_openings(app, catalogue, make):
    new = make.opening(catalogue["vision"], title="음성인식 연구원", description="콜센터 음성 데이터")
    with app.app_context():
        assert _found("opening", "음성인식") == {new}
        opening = db.session.get(Opening, new)
        opening.title, opening.description = "화자분리 연구원", "회의 녹음"
        db.session.commit()
        assert _found("opening", "음성인식") == set() and _found("opening", "콜센터") == set()
        assert _found("opening", "화자분리") == {new} and _found("opening", "회의 녹음") == {new}
        db.session.delete(opening)
        db.session.commit()
        assert _found("opening", "화자분리") == set()


def test_an_openings_skills_are_found_as_they_change(app, catalogue):
    # Skills are matched in the vocabulary, not copied into the index: nothing to keep in sync.
    with app.app_context():
        opening = db.session.get(Opening, catalogue["openings"]["java"])
        airflow, sql = db.session.scalars(select(Skill).where(Skill.name.in_(["Airflow", "SQL"])).order_by(Skill.name))
        assert opening.id not in _found("opening", "airflow")
        opening.set_skills([airflow], [])
        db.session.commit()
        assert opening.id in _found("opening", "airflow")
        opening.set_skills([sql], [])
        db.session.commit()
        assert opening.id not in _found("opening", "airflow")
        # The vocabulary outlives each test: rename a skill and put the name back.
        try:
            db.session.execute(update(Skill).where(Skill.id == sql.id).values(name="PostgreSQL 튜닝"))
            db.session.commit()
            assert opening.id in _found("opening", "postgresql 튜닝")
        finally:
            db.session.execute(update(Skill).where(Skill.id == sql.id).values(name="SQL"))
            db.session.commit()
        assert opening.id not in _found("opening", "postgresql 튜닝")


def test_the_index_follows_a_company_rename_even_by_a_bulk_update(app, catalogue):
    with app.app_context():
        db.session.execute(update(Company).where(Company.id == catalogue["vision"]).values(name="광주비전랩"))
        db.session.commit()
        vision_openings = {catalogue["openings"]["vision"], catalogue["openings"]["java"]}
        assert _found("opening", "광주비전랩") == vision_openings
        assert _found("opening", "빛고을") == set()
        assert _found("project", "광주비전랩") == {catalogue["projects"][0]}
        assert _found("project", "빛고을") == set()


def test_the_index_follows_project_edits_and_deletes(app, client, catalogue):
    first = catalogue["projects"][0]
    with app.app_context():
        project = db.session.get(Project, first)
        project.title = "점자 번역 모델"
        db.session.commit()
        assert _found("project", "점자 번역") == {first} and _found("project", "수어 통역") == set()
        db.session.execute(delete(Project).where(Project.id == first))
        db.session.commit()
        assert _found("project", "점자 번역") == set()
    assert "점자 번역 모델" not in client.get("/projects?q=점자 번역").get_data(as_text=True)
