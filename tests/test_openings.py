"""Openings from draft to the board, through the committee, with bad input and rights refused."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from board.models.types import board_today
from board.platform.extensions import db
from board.models import AuditEntry, CompanyStatus, Opening, OpeningStatus, OpeningVersion, Role

TOMORROW = (board_today() + timedelta(days=30)).isoformat()


def opening_data(**overrides):
    data = {
        "title": "컴퓨터비전 엔지니어 (신입)", "job_role": "vision", "employment_type": "full_time",
        "career_level": "new", "education": "bachelor", "workplace": "광주 북구 첨단과기로",
        "salary_min": "3200", "salary_max": "4000", "headcount": "2",
        "required_skills": "Python, PyTorch, 컴퓨터비전", "preferred_skills": "OpenCV, docker",
        "description": "## 하는 일\n- 제조 공정 **불량 검출** 모델 개발\n- 모델 경량화",
        "deadline_kind": "date", "deadline": TOMORROW,
        "questions-0-kind": "yes_no", "questions-0-prompt": "광주에서 근무할 수 있나요?",
        "questions-1-kind": "choice", "questions-1-prompt": "가능한 입사 시기는?", "questions-1-choices": "즉시\n1개월 후\n3개월 후",
    }
    data.update(overrides)
    return data


@pytest.fixture
def company_client(as_role):
    return as_role(Role.COMPANY)


def _only_opening(app):
    """The one opening in the database, read into plain values."""
    with app.app_context():
        o = db.session.scalar(select(Opening))
        return SimpleNamespace(
            id=o.id, title=o.title, status=o.status, company_id=o.company_id, headcount=o.headcount,
            deadline=o.deadline, salary_by_policy=o.salary_by_policy, salary_min=o.salary_min,
            required_skills=[s.name for s in o.required_skills], preferred_skills=[s.name for s in o.preferred_skills],
            questions=[q.prompt for q in o.questions])


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_opening_goes_from_draft_to_the_board_through_a_return(app, company_client, as_role, client):
    draft = company_client.post("/company/openings/new", data=opening_data())
    assert draft.status_code == 303
    opening = _only_opening(app)
    assert opening.status == OpeningStatus.DRAFT
    assert opening.required_skills == ["Python", "PyTorch", "컴퓨터비전"]
    assert opening.preferred_skills == ["OpenCV", "Docker"]
    assert client.get(f"/openings/{opening.id}").status_code == 404

    assert company_client.post(f"/company/openings/{opening.id}/submit").status_code == 303
    committee = as_role(Role.COMMITTEE)
    assert opening.title in committee.get("/committee/openings").get_data(as_text=True)

    returned = committee.post(f"/committee/openings/{opening.id}/return", data={"reason": "연봉 범위를 구체적으로 적어 주세요."})
    assert returned.status_code == 303
    page = company_client.get(f"/company/openings/{opening.id}").get_data(as_text=True)
    assert "연봉 범위를 구체적으로 적어 주세요." in page

    fixed = company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(salary_min="3600", submit="1"))
    assert fixed.status_code == 303
    assert _only_opening(app).status == OpeningStatus.SUBMITTED
    assert committee.post(f"/committee/openings/{opening.id}/publish").status_code == 303

    board = client.get("/openings").get_data(as_text=True)
    assert "컴퓨터비전 엔지니어 (신입)" in board
    detail = client.get(f"/openings/{opening.id}").get_data(as_text=True)
    assert "<strong>불량 검출</strong>" in detail and "3,600" in detail
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["opening.return", "opening.publish"]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "opening.return"))
        assert entry.reason == "연봉 범위를 구체적으로 적어 주세요." and entry.actor is not None
        # The draft, and the fix saved and submitted in one step; publishing adds none (nothing changed).
        assert db.session.scalar(select(func.count()).select_from(OpeningVersion)) == 2


def test_committee_sees_the_diff_from_the_last_approved_version(app, company_client, as_role, make):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    committee = as_role(Role.COMMITTEE)
    committee.post(f"/committee/openings/{opening.id}/publish")
    with app.app_context():
        db.session.get(Opening, opening.id).company.review_edits = True
        db.session.commit()
    edited = company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(
        title="컴퓨터비전 엔지니어 (신입/경력)", description="## 하는 일\n- 제조 공정 **불량 검출** 모델 개발\n- 엣지 배포"))
    assert edited.status_code == 303
    assert _only_opening(app).status == OpeningStatus.SUBMITTED
    review = committee.get(f"/committee/openings/{opening.id}").get_data(as_text=True)
    assert "<del>컴퓨터비전 엔지니어 (신입)</del>" in review
    assert "<ins>컴퓨터비전 엔지니어 (신입/경력)</ins>" in review
    assert "<ins>+ - 엣지 배포</ins>" in review and "<del>- - 모델 경량화</del>" in review


def test_committee_sees_the_screening_questions_before_deciding(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    review = as_role(Role.COMMITTEE).get(f"/committee/openings/{opening.id}").get_data(as_text=True)
    article = review.split("<article")[1].split("</article>")[0]
    assert "사전 질문" in article
    assert "광주에서 근무할 수 있나요?" in article and "가능한 입사 시기는?" in article
    assert "즉시 / 1개월 후 / 3개월 후" in article and "yes_no" not in article


def _versions(app, opening_id):
    with app.app_context():
        return db.session.scalars(select(OpeningVersion.number).where(OpeningVersion.opening_id == opening_id)
                                  .order_by(OpeningVersion.number)).all()


def test_one_submission_records_one_version(app, company_client):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    assert opening.status == OpeningStatus.SUBMITTED and _versions(app, opening.id) == [1]


def test_a_resubmitted_returned_opening_is_compared_with_the_returned_version(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data())
    opening = _only_opening(app)
    company_client.post(f"/company/openings/{opening.id}/submit")
    committee = as_role(Role.COMMITTEE)
    committee.post("/language", data={"lang": "en"})
    first = committee.get(f"/committee/openings/{opening.id}").get_data(as_text=True)
    assert "First submission: nothing approved before" in first
    committee.post(f"/committee/openings/{opening.id}/return", data={"reason": "연봉을 올려 주세요."})
    assert _versions(app, opening.id) == [1]
    # Save and submit in one step: one new version, not two.
    company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(salary_min="3600", submit="1"))
    assert _only_opening(app).status == OpeningStatus.SUBMITTED and _versions(app, opening.id) == [1, 2]
    review = committee.get(f"/committee/openings/{opening.id}").get_data(as_text=True)
    assert "First submission" not in review
    assert "Compared with the returned version" in review and "version 1, the one the committee returned" in review
    assert "<del>3200–4000 만원</del> → <ins>3600–4000 만원</ins>" in review
    # Returned again, edited twice, then submitted: still compared with what the committee returned last.
    committee.post(f"/committee/openings/{opening.id}/return", data={"reason": "근무지를 적어 주세요."})
    company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(salary_min="3600", workplace="광주 남구"))
    company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(salary_min="3600", workplace="광주 서구", submit="1"))
    review = committee.get(f"/committee/openings/{opening.id}").get_data(as_text=True)
    assert "version 2, the one the committee returned" in review
    assert "<del>광주 북구 첨단과기로</del> → <ins>광주 서구</ins>" in review and "3200" not in review.split('id="changes"')[1]
    # Once approved, later reviews compare with the approved version as before.
    committee.post(f"/committee/openings/{opening.id}/publish")
    assert "Changes since the last approved version" in committee.get(f"/committee/openings/{opening.id}").get_data(as_text=True)


def test_edits_stay_published_where_the_committee_does_not_review_them(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    as_role(Role.COMMITTEE).post(f"/committee/openings/{opening.id}/publish")
    company_client.post(f"/company/openings/{opening.id}/edit", data=opening_data(headcount="3"))
    current = _only_opening(app)
    assert current.status == OpeningStatus.PUBLISHED and current.headcount == 3
    with app.app_context():
        versions = db.session.scalars(select(OpeningVersion).where(OpeningVersion.opening_id == opening.id)).all()
        assert versions[-1].content["headcount"] == 3 and versions[-1].approved_at is not None


def test_queue_is_oldest_first(app, company_client, as_role):
    for title in ("첫 번째 공고", "두 번째 공고"):
        company_client.post("/company/openings/new", data=opening_data(title=title, submit="1"))
    page = as_role(Role.COMMITTEE).get("/committee/openings").get_data(as_text=True)
    assert page.index("첫 번째 공고") < page.index("두 번째 공고")


@pytest.mark.parametrize("field,value", [
    ("title", ""),
    ("title", "<script>alert(1)</script>"),
    ("salary_max", "3000"),
    ("deadline", (board_today() - timedelta(days=1)).isoformat()),
    ("deadline", "2026-02-30"),
    ("headcount", "0"),
    ("headcount", "10000"),
    ("headcount", "-1"),
    ("required_skills", "Python, 마법"),
    ("description", "가" * 200_000),
    ("description", '<img src=x onerror="alert(1)">'),
    ("workplace", "<b>광주</b>"),
    ("job_role", "astronaut"),
    ("questions-2-prompt", "질문만 있고 유형이 없음"),
    ("questions-1-choices", "하나뿐"),
])
def test_bad_opening_input_is_refused_next_to_the_field_and_saves_nothing(app, company_client, field, value):
    response = company_client.post("/company/openings/new", data=opening_data(**{field: value}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert "<script>alert(1)</script>" not in page and 'onerror="alert(1)"' not in page
    if field != "title":
        assert "컴퓨터비전 엔지니어 (신입)" in page
    assert _count(app, Opening) == 0


def test_unknown_skill_is_named_in_the_message(company_client):
    page = company_client.post("/company/openings/new", data=opening_data(required_skills="Python, 마법")).get_data(as_text=True)
    assert "마법" in page.split('id="required_skills-error"')[1].split("</p>")[0]


def test_rolling_recruitment_needs_no_date_and_policy_salary_no_numbers(app, company_client):
    response = company_client.post("/company/openings/new", data=opening_data(
        deadline_kind="rolling", deadline="", salary_by_policy="y", salary_min="", salary_max=""))
    assert response.status_code == 303
    opening = _only_opening(app)
    assert opening.deadline is None and opening.salary_by_policy and opening.salary_min is None


def test_another_companys_opening_is_404_for_every_action(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data())
    opening = _only_opening(app)
    rival = as_role(Role.COMPANY)
    for path in (f"/company/openings/{opening.id}", f"/company/openings/{opening.id}/edit", f"/company/openings/{opening.id}/close"):
        assert rival.get(path).status_code == 404
    for path in (f"/company/openings/{opening.id}/edit", f"/company/openings/{opening.id}/submit",
                 f"/company/openings/{opening.id}/close", f"/company/openings/{opening.id}/duplicate"):
        assert rival.post(path, data=opening_data(title="탈취")).status_code == 404
    current = _only_opening(app)
    assert current.title == opening.title and current.status == OpeningStatus.DRAFT
    assert _count(app, Opening) == 1


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.SUSPENDED, CompanyStatus.RETURNED])
def test_pending_or_suspended_company_can_post_nothing(app, make, as_role, status):
    member = as_role(Role.COMPANY, company_id=make.company(status=status))
    response = member.post("/company/openings/new", data=opening_data())
    assert response.status_code == 302 and response.headers["Location"] == "/company/"
    assert _count(app, Opening) == 0


def test_suspending_a_company_hides_its_openings_at_once_and_deletes_nothing(app, company_client, as_role, client):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    committee = as_role(Role.COMMITTEE)
    committee.post(f"/committee/openings/{opening.id}/publish")
    assert opening.title in client.get("/openings").get_data(as_text=True)
    response = committee.post(f"/committee/companies/{opening.company_id}/suspend", data={"reason": "허위 공고 신고 확인 중"})
    assert response.status_code == 303
    assert opening.title not in client.get("/openings").get_data(as_text=True)
    assert client.get(f"/openings/{opening.id}").status_code == 404
    assert "허위 공고 신고 확인 중" in company_client.get("/company/").get_data(as_text=True)
    assert _count(app, Opening) == 1
    committee.post(f"/committee/companies/{opening.company_id}/reinstate")
    assert opening.title in client.get("/openings").get_data(as_text=True)


def test_closing_asks_first_and_past_deadline_leaves_the_board(app, company_client, as_role, client):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    as_role(Role.COMMITTEE).post(f"/committee/openings/{opening.id}/publish")
    with app.app_context():
        db.session.get(Opening, opening.id).deadline = board_today() - timedelta(days=1)
        db.session.commit()
    assert opening.title not in client.get("/openings").get_data(as_text=True)
    with app.app_context():
        db.session.get(Opening, opening.id).deadline = board_today() + timedelta(days=3)
        db.session.commit()
    board = client.get("/openings").get_data(as_text=True)
    assert opening.title in board and "D-3" in board
    assert 'method="post"' in company_client.get(f"/company/openings/{opening.id}/close").get_data(as_text=True)
    assert company_client.post(f"/company/openings/{opening.id}/close").status_code == 303
    assert _only_opening(app).status == OpeningStatus.CLOSED
    assert opening.title not in client.get("/openings").get_data(as_text=True)


def test_duplicate_makes_a_new_draft_with_the_same_content(app, company_client):
    company_client.post("/company/openings/new", data=opening_data())
    opening = _only_opening(app)
    response = company_client.post(f"/company/openings/{opening.id}/duplicate")
    assert response.status_code == 303
    with app.app_context():
        copies = db.session.scalars(select(Opening).order_by(Opening.id)).all()
        assert len(copies) == 2 and copies[1].status == OpeningStatus.DRAFT
        assert copies[1].title == opening.title
        assert [q.prompt for q in copies[1].questions] == opening.questions
        assert {s.name for s in copies[1].required_skills} == {"Python", "PyTorch", "컴퓨터비전"}


def test_a_decision_made_twice_is_refused_without_change(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    first, second = as_role(Role.COMMITTEE), as_role(Role.COMMITTEE)
    assert first.post(f"/committee/openings/{opening.id}/publish").status_code == 303
    late = second.post(f"/committee/openings/{opening.id}/return", data={"reason": "늦은 반려"})
    assert late.status_code == 303
    assert _only_opening(app).status == OpeningStatus.PUBLISHED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "opening.return")) == 0


def test_return_needs_a_reason(app, company_client, as_role):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    response = as_role(Role.COMMITTEE).post(f"/committee/openings/{opening.id}/return", data={"reason": "  "})
    assert response.status_code == 422 and 'id="reason-error"' in response.get_data(as_text=True)
    assert _only_opening(app).status == OpeningStatus.SUBMITTED


def test_markdown_description_is_rendered_without_unsafe_links(app, company_client, as_role, client):
    company_client.post("/company/openings/new", data=opening_data(
        description="[지원 안내](javascript:alert(1)) 와 [회사 소개](https://vision.example)", submit="1"))
    opening = _only_opening(app)
    as_role(Role.COMMITTEE).post(f"/committee/openings/{opening.id}/publish")
    page = client.get(f"/openings/{opening.id}").get_data(as_text=True)
    assert "javascript:" not in page
    assert 'href="https://vision.example"' in page


def test_cli_closes_openings_past_their_deadline(app, company_client, as_role, runner):
    company_client.post("/company/openings/new", data=opening_data(submit="1"))
    opening = _only_opening(app)
    as_role(Role.COMMITTEE).post(f"/committee/openings/{opening.id}/publish")
    assert "closed 0" in runner.invoke(args=["openings", "close-expired"]).output
    with app.app_context():
        db.session.get(Opening, opening.id).deadline = board_today() - timedelta(days=1)
        db.session.commit()
    assert "closed 1" in runner.invoke(args=["openings", "close-expired"]).output
    assert _only_opening(app).status == OpeningStatus.CLOSED


def test_every_choice_shows_its_own_label(app):
    # str enums with the same value compare equal; a shared label table once showed
    # "Any education" for a career level.
    from board.models import CareerLevel, DeadlineKind, Education, EmploymentType, QuestionKind
    with app.test_request_context():
        for enum_cls in (OpeningStatus, EmploymentType, CareerLevel, Education, DeadlineKind, QuestionKind):
            labels = [str(member.label) for member in enum_cls]
            assert len(set(labels)) == len(labels)
        assert str(CareerLevel.ANY.label) != str(Education.ANY.label)


def test_company_sees_stage_counts_per_opening_and_the_committee_sees_deeds(app, make, as_role):
    import re

    from board.models import Application, Stage, StageChange, Trainee
    company_id = make.company(partner=True)
    member = as_role(Role.COMPANY, company_id=company_id)
    opening_id = make.opening(company_id, title="카운트 공고")
    paths = {Stage.SUBMITTED: [], Stage.COMPANY_REVIEW: [Stage.COMPANY_REVIEW],
             Stage.INTERVIEW: [Stage.COMPANY_REVIEW, Stage.INTERVIEW],
             Stage.HIRED: [Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]}
    for stage, path in paths.items():
        user_id = make.user(Role.TRAINEE)
        with app.app_context():
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            application = Application(opening_id=opening_id, trainee_id=trainee.id, cover_letter="x", stage=stage)
            db.session.add(application)
            db.session.flush()
            db.session.add_all([StageChange(application_id=application.id, to_stage=s) for s in path])
            db.session.commit()
    row = member.get("/company/openings").get_data(as_text=True).split("카운트 공고")[1].split("</tr>")[0]
    # Document review, lunch-day meeting, interview, offer, hired; the one still with the committee is not counted.
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "0", "1", "0", "1"]
    detail = as_role(Role.COMMITTEE).get(f"/committee/companies/{company_id}").get_data(as_text=True)
    done = re.findall(r'<th scope="row">[^<]+</th><td class="num">[^<]+</td><td class="num">(\d+)</td>', detail)
    assert done == ["1", "2", "1"]  # openings published, interviews reached, hires
