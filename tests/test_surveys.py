"""Hiring-demand surveys: the committee opens a round, companies answer it, the committee reads the demand."""
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from board.web.committee.survey_forms import board_today
from board.platform.extensions import db
from board.models import AuditEntry, Company, CompanyStatus, JobRole, Role, SurveyResponse, SurveyRound, SurveyRow, User


def _today(app):
    with app.test_request_context():
        return board_today()


def _round(app, title="2026 하반기", days=30):
    with app.app_context():
        survey = SurveyRound(title=title, deadline=board_today() + timedelta(days=days), note="직무별로 알려 주세요.")
        db.session.add(survey)
        db.session.commit()
        return survey.id


def _rows(*rows):
    data = {}
    for i, (role, skills, headcount, timing) in enumerate(rows):
        data.update({f"rows-{i}-job_role": role, f"rows-{i}-skills": skills,
                     f"rows-{i}-headcount": str(headcount), f"rows-{i}-timing": timing})
    return data


VISION = ("vision", "Python, OpenCV", 3, "now")
MLOPS = ("mlops", "Docker, aws", 2, "within_3_months")
NLP = ("nlp", "Python, 자연어처리", 4, "next_year")


def _answer(client, round_id, *rows, **extra):
    return client.post(f"/company/surveys/{round_id}", data={**_rows(*rows), **extra})


def _saved(app):
    """Every saved row as (company id, role, headcount, timing, skill names), in order of saving."""
    with app.app_context():
        rows = db.session.scalars(select(SurveyRow).order_by(SurveyRow.id)).all()
        return [(r.response.company_id, r.job_role.value, r.headcount, r.timing.value, [s.name for s in r.skills])
                for r in rows]


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _company_of(app, client):
    with app.app_context():
        return db.session.get(User, client.user_id).company_id


def _table(page, table_id):
    """{row heading: first number} of the table with that id, as the reader sees them."""
    table = re.search(rf'<table id="{table_id}".*?</table>', page, re.DOTALL)
    assert table, f"no table {table_id}"
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.DOTALL):
        heading = re.search(r'<th scope="row">(.*?)</th>', row)
        if heading:
            number = re.search(r'<td class="num">([\d,]+)</td>', row).group(1)
            found[unescape(heading.group(1))] = int(number.replace(",", ""))
    return found


@pytest.fixture
def committee(as_role):
    return as_role(Role.COMMITTEE)


@pytest.fixture
def member(as_role):
    return as_role(Role.COMPANY)


# The committee opens a round

def test_committee_opens_a_round_and_it_is_audited(app, committee, member):
    deadline = (_today(app) + timedelta(days=30)).isoformat()
    response = committee.post("/committee/surveys/new", data={"title": "2026 하반기", "deadline": deadline,
                                                              "note": "하반기 채용 계획을 알려 주세요."})
    assert response.status_code == 303
    with app.app_context():
        survey = db.session.scalar(select(SurveyRound))
        assert response.headers["Location"] == f"/committee/surveys/{survey.id}"
        assert (survey.title, survey.deadline.isoformat(), survey.created_by_id) == ("2026 하반기", deadline, committee.user_id)
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.subject_type, entry.subject_id, entry.actor_id) == (
            "survey.open", "survey_rounds", survey.id, committee.user_id)
        assert entry.detail == {"title": "2026 하반기", "deadline": deadline}
    listing = committee.get("/committee/surveys").get_data(as_text=True)
    assert "2026 하반기" in listing and "0 / 1" in listing
    company_page = member.get("/company/surveys").get_data(as_text=True)
    assert "2026 하반기" in company_page and f'href="/company/surveys/{survey.id}"' in company_page


@pytest.mark.parametrize("field,value", [
    ("title", ""), ("title", "   "), ("title", "가" * 81), ("title", "하반기\u202e"),
    ("deadline", ""), ("deadline", "2026-02-30"), ("deadline", "yesterday"), ("note", "가" * 2001),
])
def test_bad_round_input_is_refused_next_to_the_field_and_saves_nothing(app, committee, field, value):
    data = {"title": "2026 하반기", "deadline": (_today(app) + timedelta(days=10)).isoformat(), "note": "메모"}
    data[field] = (_today(app) - timedelta(days=1)).isoformat() if value == "yesterday" else value
    response = committee.post("/committee/surveys/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and 'aria-invalid="true"' in page
    # The rest of what was typed is kept.
    if field != "title":
        assert 'value="2026 하반기"' in page
    assert _count(app, SurveyRound) == 0 and _count(app, AuditEntry) == 0


def test_htmx_gets_the_form_back_and_a_deadline_of_today_is_accepted(app, committee):
    response = committee.post("/committee/surveys/new", data={"title": ""}, headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in page
    assert 'id="title-error"' in page and 'id="deadline-error"' in page
    today = committee.post("/committee/surveys/new", data={"title": "당일 마감", "deadline": _today(app).isoformat()})
    assert today.status_code == 303 and _count(app, SurveyRound) == 1


# A company answers

def test_company_answers_and_sees_its_answer(app, member):
    round_id = _round(app)
    response = _answer(member, round_id, VISION, MLOPS)
    assert response.status_code == 303 and response.headers["Location"] == "/company/surveys"
    company_id = _company_of(app, member)
    assert _saved(app) == [(company_id, "vision", 3, "now", ["OpenCV", "Python"]),
                           (company_id, "mlops", 2, "within_3_months", ["AWS", "Docker"])]
    listing = member.get("/company/surveys").get_data(as_text=True)
    assert "badge-approved" in listing and "badge-pending" not in listing
    page = member.get(f"/company/surveys/{round_id}").get_data(as_text=True)
    # Skills come back in the vocabulary's order.
    assert 'value="OpenCV, Python"' in page
    assert 'value="AWS, Docker"' in page and '<option selected value="mlops">' in page


def test_blank_rows_are_skipped_but_one_row_is_needed_and_a_row_can_be_added(app, member):
    round_id = _round(app)
    blank = ("", "", "", "")
    assert member.get(f"/company/surveys/{round_id}").get_data(as_text=True).count("<fieldset") == 3
    # "Add a row" shows what was typed again, one row longer, and saves nothing.
    more = _answer(member, round_id, VISION, blank, blank, add_row="1").get_data(as_text=True)
    assert more.count("<fieldset") == 4 and 'value="Python, OpenCV"' in more and 'class="error"' not in more
    assert _count(app, SurveyResponse) == 0
    assert _answer(member, round_id, blank, NLP, blank).status_code == 303
    assert [row[1] for row in _saved(app)] == ["nlp"]

    other = _round(app, title="2027 상반기")
    response = _answer(member, other, blank, blank, blank)
    assert response.status_code == 422 and 'id="answer-error"' in response.get_data(as_text=True)
    assert _count(app, SurveyResponse) == 1


def test_correcting_an_answer_replaces_its_rows(app, member):
    round_id = _round(app)
    _answer(member, round_id, VISION, MLOPS)
    assert _answer(member, round_id, NLP).status_code == 303
    assert [row[1:] for row in _saved(app)] == [("nlp", 4, "next_year", ["Python", "자연어처리"])]
    assert _count(app, SurveyResponse) == 1
    page = member.get(f"/company/surveys/{round_id}").get_data(as_text=True)
    assert "OpenCV" not in page.split('<datalist')[0] and 'value="Python, 자연어처리"' in page


def test_after_the_deadline_the_answer_is_read_only(app, member):
    round_id = _round(app)
    _answer(member, round_id, VISION)
    with app.app_context():
        db.session.get(SurveyRound, round_id).deadline = board_today() - timedelta(days=1)
        db.session.commit()
    page = member.get(f"/company/surveys/{round_id}").get_data(as_text=True)
    assert 'name="rows-0-job_role"' not in page and '<table id="answer-rows">' in page and "OpenCV" in page
    refused = _answer(member, round_id, NLP)
    assert refused.status_code == 409
    assert 'class="notice notice-warning" role="alert"' in refused.get_data(as_text=True)
    assert [row[1] for row in _saved(app)] == ["vision"]
    listing = member.get("/company/surveys").get_data(as_text=True)
    assert '<table id="past-rounds"' in listing and f'href="/company/surveys/{round_id}"' in listing


def test_unknown_skills_are_named_and_nothing_is_saved(app, member):
    round_id = _round(app)
    response = _answer(member, round_id, VISION, ("backend", "Python, Rust, Elixir", 2, "now"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<p class="error" id="rows-1-skills-error">(.*?)</p>', page)
    assert error and "Rust, Elixir" in error.group(1)
    assert 'value="Python, Rust, Elixir"' in page and 'id="rows-0-skills-error"' not in page
    fragment = member.post(f"/company/surveys/{round_id}", data=_rows(VISION, ("backend", "Rust", 2, "now")),
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    assert 'id="rows-1-skills-error"' in fragment.get_data(as_text=True)
    assert _count(app, SurveyResponse) == 0 and _count(app, SurveyRow) == 0


@pytest.mark.parametrize("row,field", [
    (("vision", "Python", 0, "now"), "headcount"),
    (("vision", "Python", 501, "now"), "headcount"),
    (("vision", "Python", "세 명", "now"), "headcount"),
    (("vision", "Python", "", "now"), "headcount"),
    (("", "Python", 2, "now"), "job_role"),
    (("pilot", "Python", 2, "now"), "job_role"),
    (("vision", "Python", 2, ""), "timing"),
    (("vision", "", 2, "now"), "skills"),
    (("vision", ", ".join(["Python", "Java", "Go", "SQL", "R", "PyTorch", "Keras", "Pandas", "NumPy", "OpenCV", "LLM"]), 2, "now"), "skills"),
])
def test_bad_row_input_is_refused_next_to_the_field(app, member, row, field):
    round_id = _round(app)
    _answer(member, round_id, MLOPS)
    response = _answer(member, round_id, VISION, row)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    # One message, beside the wrong field of the wrong row.
    assert f'id="rows-1-{field}-error"' in page and page.count('class="error"') == 1
    # The earlier answer stands untouched.
    assert [r[1] for r in _saved(app)] == ["mlops"]


def test_limits_are_inclusive_and_ten_rows_at_most_are_taken(app, member):
    rows = [("vision", "Python", 1, "now"), ("nlp", "Python", 500, "now")] + [MLOPS] * 10
    assert _answer(member, _round(app), *rows).status_code == 303
    assert [r[2] for r in _saved(app)][:3] == [1, 500, 2] and len(_saved(app)) == 10


# Who may see and change what

def test_a_member_only_ever_sees_and_changes_their_own_company_answer(app, member, as_role):
    round_id = _round(app)
    other = as_role(Role.COMPANY)
    _answer(other, round_id, ("speech", "음성인식", 7, "now"))
    page = member.get(f"/company/surveys/{round_id}").get_data(as_text=True)
    assert "음성인식" not in page.split("<datalist")[0] and 'value="7"' not in page
    listing = member.get("/company/surveys").get_data(as_text=True)
    assert "badge-pending" in listing and "badge-approved" not in listing
    assert _answer(member, round_id, VISION).status_code == 303
    mine, theirs = _company_of(app, member), _company_of(app, other)
    assert sorted(_saved(app)) == sorted([(theirs, "speech", 7, "now", ["음성인식"]),
                                          (mine, "vision", 3, "now", ["OpenCV", "Python"])])
    # A colleague at the same company sees and corrects the same answer.
    colleague = as_role(Role.COMPANY, company_id=mine)
    assert 'value="OpenCV, Python"' in colleague.get(f"/company/surveys/{round_id}").get_data(as_text=True)
    _answer(colleague, round_id, MLOPS)
    assert sorted(_saved(app)) == sorted([(theirs, "speech", 7, "now", ["음성인식"]),
                                          (mine, "mlops", 2, "within_3_months", ["AWS", "Docker"])])


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.SUSPENDED, CompanyStatus.RETURNED])
def test_a_company_that_is_not_approved_can_answer_nothing(app, make, as_role, status):
    round_id = _round(app)
    client = as_role(Role.COMPANY, company_id=make.company(status=status))
    for response in (client.get("/company/surveys"), client.get(f"/company/surveys/{round_id}"),
                     _answer(client, round_id, VISION)):
        assert response.status_code in (302, 303) and response.headers["Location"] == "/company/"
    assert _count(app, SurveyResponse) == 0


@pytest.mark.parametrize("url", ["/committee/surveys", "/committee/surveys/new", "/committee/surveys/{id}",
                                 "/company/surveys", "/company/surveys/{id}"])
def test_a_trainee_is_refused_every_survey_page(app, as_role, url):
    trainee = as_role(Role.TRAINEE)
    round_id = _round(app)
    url = url.format(id=round_id)
    assert trainee.get(url).status_code == 403
    if url in ("/committee/surveys/new", f"/company/surveys/{round_id}"):
        assert trainee.post(url, data={"title": "x", "deadline": "2099-01-01", **_rows(VISION)}).status_code == 403
    assert _count(app, SurveyResponse) == 0 and _count(app, SurveyRound) == 1


def test_members_visitors_and_unknown_rounds_are_refused(app, member, client, committee):
    round_id = _round(app)
    for url in ("/committee/surveys", "/committee/surveys/new", f"/committee/surveys/{round_id}"):
        assert member.get(url).status_code == 403
        signed_out = client.get(url)
        assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert member.post("/committee/surveys/new", data={"title": "x"}).status_code == 403
    assert committee.get("/committee/surveys/999").status_code == 404
    assert member.get("/company/surveys/999").status_code == 404 and _answer(member, 999, VISION).status_code == 404
    assert _count(app, SurveyRound) == 1


# What the committee reads

def test_detail_lists_who_has_not_answered_and_the_totals(app, make, as_role, committee):
    round_id = _round(app)
    a = as_role(Role.COMPANY, company_id=make.company(name="가온비전"))
    b = as_role(Role.COMPANY, company_id=make.company(name="나래언어"))
    make.company(name="다온로봇")
    make.company(name="대기기업", status=CompanyStatus.PENDING)
    gone = as_role(Role.COMPANY, company_id=make.company(name="정지기업"))
    _answer(a, round_id, ("vision", "Python, OpenCV", 3, "now"), ("mlops", "Docker, AWS", 2, "now"))
    _answer(b, round_id, ("vision", "Python, 컴퓨터비전", 2, "next_year"), ("nlp", "Python, 자연어처리", 4, "now"))
    _answer(gone, round_id, ("vision", "Python", 100, "now"))
    with app.app_context():
        company = db.session.get(Company, _company_of(app, gone))
        company.status, company.status_reason = CompanyStatus.SUSPENDED, "연락 두절"
        db.session.commit()
    with app.test_request_context():
        labels = {role: str(role.label) for role in JobRole}

    page = committee.get(f"/committee/surveys/{round_id}").get_data(as_text=True)
    not_answered = re.search(r'<ul class="plain-list" id="not-answered".*?</ul>', page, re.DOTALL).group(0)
    assert "다온로봇" in not_answered and "가온비전" not in not_answered and "나래언어" not in not_answered
    assert "대기기업" not in page and "정지기업" not in page
    assert _table(page, "answered") == {"가온비전": 5, "나래언어": 6}
    assert _table(page, "by-role") == {labels[JobRole.VISION]: 5, labels[JobRole.NLP]: 4, labels[JobRole.MLOPS]: 2}
    assert _table(page, "by-skill") == {"Python": 9, "자연어처리": 4, "OpenCV": 3, "AWS": 2, "Docker": 2, "컴퓨터비전": 2}
    assert '<dd id="total-headcount">11</dd>' in page and '<dd id="answered-count">2 / 3</dd>' in page
    # Largest demand first.
    assert list(_table(page, "by-role")) == [labels[JobRole.VISION], labels[JobRole.NLP], labels[JobRole.MLOPS]]
    assert "2 / 3" in committee.get("/committee/surveys").get_data(as_text=True)


def test_rounds_are_listed_newest_first_and_an_unanswered_one_shows_empty_states(app, committee, member):
    first, second = _round(app, title="2025 하반기"), _round(app, title="2026 상반기")
    listing = committee.get("/committee/surveys").get_data(as_text=True)
    assert listing.index(f'/committee/surveys/{second}"') < listing.index(f'/committee/surveys/{first}"')
    page = committee.get(f"/committee/surveys/{second}").get_data(as_text=True)
    assert page.count('class="empty"') == 3 and '<table id="by-role"' not in page


def test_markup_in_a_title_is_shown_as_text_everywhere(app, committee, member):
    title = "<script>alert(1)</script> 하반기"
    deadline = (_today(app) + timedelta(days=5)).isoformat()
    created = committee.post("/committee/surveys/new", data={"title": title, "deadline": deadline, "note": "<b>굵게</b>"})
    round_id = int(created.headers["Location"].rsplit("/", 1)[1])
    pages = [committee.get(created.headers["Location"]).get_data(as_text=True),
             committee.get("/committee/surveys").get_data(as_text=True),
             member.get("/company/surveys").get_data(as_text=True),
             member.get(f"/company/surveys/{round_id}").get_data(as_text=True)]
    _answer(member, round_id, VISION)
    pages.append(member.get("/company/surveys").get_data(as_text=True))
    for page in pages:
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>굵게</b>" not in pages[0] and "&lt;b&gt;굵게&lt;/b&gt;" in pages[0]


def test_two_members_saving_at_once_leave_one_whole_answer(app, member, as_role):
    """Both first answers race for the one (round, company) answer; neither fails, rows are never mixed."""
    import threading
    round_id = _round(app)
    colleague = as_role(Role.COMPANY, company_id=_company_of(app, member))
    tokens = {c: c.csrf_token() for c in (member, colleague)}
    barrier, results = threading.Barrier(2), {}

    def save(client, rows):
        data = {**_rows(*rows), "csrf_token": tokens[client]}
        barrier.wait()
        results[client] = client.post(f"/company/surveys/{round_id}", data=data).status_code

    threads = [threading.Thread(target=save, args=(member, [VISION, MLOPS])),
               threading.Thread(target=save, args=(colleague, [NLP]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [303, 303]
    assert _count(app, SurveyResponse) == 1
    assert [r[1] for r in _saved(app)] in (["vision", "mlops"], ["nlp"])
