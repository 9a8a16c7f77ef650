"""Company projects (기업과제) from draft to the board, through the committee, with bad input and rights refused."""
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import AuditEntry, CompanyStatus, OpeningStatus, Project, Role
from board.models.openings import TransitionRefused
from board.domain.projects import publish, return_to_company, submit


def project_data(**overrides):
    data = {
        "title": "청각장애인을 위한 수어통역 솔루션", "team_size": "5", "skills": "Python, 수어 인식, 컴퓨터비전",
        "description": "## 해결할 문제\n- 수어 영상을 **문장으로** 옮깁니다.\n- 음성을 수어 아바타로 보여줍니다.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def company_client(as_role):
    return as_role(Role.COMPANY)


def _only_project(app):
    """The one project in the database, read into plain values."""
    with app.app_context():
        p = db.session.scalar(select(Project))
        return SimpleNamespace(id=p.id, title=p.title, status=p.status, company_id=p.company_id, team_size=p.team_size,
                               return_reason=p.return_reason, skills=[s.name for s in p.skills])


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _published(app, company_client, as_role, **overrides):
    """A project the committee has published; returns its id."""
    assert company_client.post("/company/projects/new", data=project_data(submit="1", **overrides)).status_code == 303
    with app.app_context():
        project_id = db.session.scalar(select(Project.id).order_by(Project.id.desc()).limit(1))
    assert as_role(Role.COMMITTEE).post(f"/committee/projects/{project_id}/publish").status_code == 303
    return project_id


def test_project_goes_from_draft_to_the_board_through_a_return(app, company_client, as_role, client):
    assert company_client.post("/company/projects/new", data=project_data(draft="1")).status_code == 303
    project = _only_project(app)
    assert project.status == OpeningStatus.DRAFT and project.team_size == 5
    assert sorted(project.skills) == sorted(["Python", "수어 인식", "컴퓨터비전"])
    assert client.get(f"/projects/{project.id}").status_code == 404
    assert project.title in company_client.get("/company/projects").get_data(as_text=True)

    assert company_client.post(f"/company/projects/{project.id}/submit").status_code == 303
    assert _only_project(app).status == OpeningStatus.SUBMITTED
    committee = as_role(Role.COMMITTEE)
    assert project.title in committee.get("/committee/projects").get_data(as_text=True)
    assert "수어 인식" in committee.get(f"/committee/projects/{project.id}").get_data(as_text=True)

    reason = "제공하는 데이터의 규모를 적어 주세요."
    assert committee.post(f"/committee/projects/{project.id}/return", data={"reason": reason}).status_code == 303
    assert _only_project(app).status == OpeningStatus.RETURNED
    assert reason in company_client.get(f"/company/projects/{project.id}").get_data(as_text=True)
    assert client.get("/projects").get_data(as_text=True).count("opening-card") == 0

    fixed = company_client.post(f"/company/projects/{project.id}/edit",
                                data=project_data(description="수어 영상 1만 건을 제공합니다.", submit="1"))
    assert fixed.status_code == 303
    assert _only_project(app).status == OpeningStatus.SUBMITTED
    assert committee.post(f"/committee/projects/{project.id}/publish").status_code == 303
    assert _only_project(app).status == OpeningStatus.PUBLISHED
    assert _only_project(app).return_reason == ""

    assert project.title in client.get("/projects").get_data(as_text=True)
    assert project.title in client.get("/projects", query_string={"q": "수어"}).get_data(as_text=True)
    assert project.title not in client.get("/projects", query_string={"q": "폭력"}).get_data(as_text=True)
    detail = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "수어 영상 1만 건을 제공합니다." in detail
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.subject_type, e.subject_id) for e in entries] == [
            ("project.return", "projects", project.id), ("project.publish", "projects", project.id)]
        assert entries[0].reason == reason and all(e.actor is not None for e in entries)


def test_markdown_is_rendered_and_search_finds_company_names_and_descriptions(app, make, company_client, as_role, client):
    project_id = _published(app, company_client, as_role)
    detail = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "<strong>문장으로</strong>" in detail
    with app.app_context():
        company_name = db.session.get(Project, project_id).company.name
    assert "청각장애인" in client.get("/projects", query_string={"q": company_name}).get_data(as_text=True)
    assert "청각장애인" in client.get("/projects", query_string={"q": "아바타"}).get_data(as_text=True)
    # LIKE wildcards are searched for literally.
    assert "청각장애인" not in client.get("/projects", query_string={"q": "%"}).get_data(as_text=True)


def test_editing_a_published_project_sends_it_back_to_review(app, company_client, as_role, client):
    project_id = _published(app, company_client, as_role)
    edited = company_client.post(f"/company/projects/{project_id}/edit", data=project_data(team_size="6"))
    assert edited.status_code == 303
    current = _only_project(app)
    assert current.status == OpeningStatus.SUBMITTED and current.team_size == 6
    assert client.get(f"/projects/{project_id}").status_code == 404
    assert current.title in as_role(Role.COMMITTEE).get("/committee/projects").get_data(as_text=True)


def test_queue_is_oldest_first_and_the_board_newest_first(app, company_client, as_role, client):
    for title in ("첫 번째 과제", "두 번째 과제"):
        company_client.post("/company/projects/new", data=project_data(title=title, submit="1"))
    committee = as_role(Role.COMMITTEE)
    queue = committee.get("/committee/projects").get_data(as_text=True)
    assert queue.index("첫 번째 과제") < queue.index("두 번째 과제")
    with app.app_context():
        ids = db.session.scalars(select(Project.id).order_by(Project.id)).all()
    for project_id in ids:
        committee.post(f"/committee/projects/{project_id}/publish")
    board = client.get("/projects").get_data(as_text=True)
    assert board.index("두 번째 과제") < board.index("첫 번째 과제")


@pytest.mark.parametrize("field,value", [
    ("title", ""),
    ("title", "<script>alert(1)</script>"),
    ("title", "가" * 121),
    ("description", ""),
    ("description", "가" * 200_000),
    ("description", '<img src=x onerror="alert(1)">'),
    ("skills", "Python, 마법"),
    ("skills", ", ".join(["Python", "Java", "Go", "SQL", "R", "PyTorch", "TensorFlow", "Keras", "Pandas", "NumPy",
                          "OpenCV", "LLM", "Spark", "Kafka", "Airflow", "Docker"])),
    ("team_size", "0"),
    ("team_size", "1"),
    ("team_size", "11"),
    ("team_size", ""),
    ("team_size", "다섯"),
])
def test_bad_project_input_is_refused_next_to_the_field_and_saves_nothing(app, company_client, field, value):
    response = company_client.post("/company/projects/new", data=project_data(**{field: value}, submit="1"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert "<script>alert(1)</script>" not in page and 'onerror="alert(1)"' not in page
    if field != "title":
        assert "청각장애인을 위한 수어통역 솔루션" in page
    assert _count(app, Project) == 0


def test_unknown_skill_is_named_next_to_the_field(company_client):
    page = company_client.post("/company/projects/new", data=project_data(skills="Python, 마법")).get_data(as_text=True)
    assert "마법" in page.split('id="skills-error"')[1].split("</p>")[0]


def test_a_bad_edit_changes_nothing(app, company_client, as_role):
    project_id = _published(app, company_client, as_role)
    response = company_client.post(f"/company/projects/{project_id}/edit", data=project_data(title="", team_size="3"))
    assert response.status_code == 422
    current = _only_project(app)
    assert current.status == OpeningStatus.PUBLISHED and current.team_size == 5


def test_another_companys_project_is_404_on_every_company_url(app, company_client, as_role):
    company_client.post("/company/projects/new", data=project_data())
    project = _only_project(app)
    rival = as_role(Role.COMPANY)
    for path in (f"/company/projects/{project.id}", f"/company/projects/{project.id}/edit", f"/projects/{project.id}"):
        assert rival.get(path).status_code == 404, path
    for path in (f"/company/projects/{project.id}/edit", f"/company/projects/{project.id}/submit"):
        assert rival.post(path, data=project_data(title="탈취", submit="1")).status_code == 404, path
    assert project.title not in rival.get("/company/projects").get_data(as_text=True)
    current = _only_project(app)
    assert current.title == project.title and current.status == OpeningStatus.DRAFT
    assert _count(app, Project) == 1


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.SUSPENDED, CompanyStatus.RETURNED])
def test_a_company_that_is_not_approved_can_propose_nothing(app, make, as_role, status):
    member = as_role(Role.COMPANY, company_id=make.company(status=status))
    for response in (member.get("/company/projects/new"), member.post("/company/projects/new", data=project_data(submit="1"))):
        assert response.status_code == 302 and response.headers["Location"] == "/company/"
    assert _count(app, Project) == 0


@pytest.mark.parametrize("path", ["/company/projects", "/company/projects/new", "/company/projects/{id}",
                                  "/committee/projects", "/committee/projects/{id}"])
def test_a_trainee_is_refused_company_and_committee_pages(app, company_client, as_role, path):
    company_client.post("/company/projects/new", data=project_data(submit="1"))
    project = _only_project(app)
    assert as_role(Role.TRAINEE).get(path.format(id=project.id)).status_code == 403


@pytest.mark.parametrize("path", ["/committee/projects/{id}/publish", "/committee/projects/{id}/return"])
def test_only_the_committee_decides(app, company_client, as_role, client, path):
    company_client.post("/company/projects/new", data=project_data(submit="1"))
    project = _only_project(app)
    for who in (as_role(Role.TRAINEE), company_client):
        assert who.post(path.format(id=project.id), data={"reason": "이유"}).status_code == 403
    assert client.post(path.format(id=project.id), data={"reason": "이유"}).status_code in (302, 401)
    assert _only_project(app).status == OpeningStatus.SUBMITTED
    assert _count(app, AuditEntry) == 0


def test_return_needs_a_reason(app, company_client, as_role):
    company_client.post("/company/projects/new", data=project_data(submit="1"))
    project = _only_project(app)
    response = as_role(Role.COMMITTEE).post(f"/committee/projects/{project.id}/return", data={"reason": ""})
    assert response.status_code == 422 and 'id="reason-error"' in response.get_data(as_text=True)
    assert _only_project(app).status == OpeningStatus.SUBMITTED


def test_a_decided_project_cannot_be_decided_again(app, company_client, as_role):
    project_id = _published(app, company_client, as_role)
    committee = as_role(Role.COMMITTEE)
    again = committee.post(f"/committee/projects/{project_id}/return", data={"reason": "늦은 반려"})
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/committee/projects/{project_id}")
    assert _only_project(app).status == OpeningStatus.PUBLISHED
    assert _count(app, AuditEntry) == 1


def test_moves_refuse_a_project_in_the_wrong_state(app, make):
    with app.app_context():
        project = Project(company_id=make.company(), title="과제", description="설명", team_size=4)
        db.session.add(project)
        db.session.commit()
        for move in (lambda: publish(project, None), lambda: return_to_company(project, None, "이유")):
            with pytest.raises(TransitionRefused):
                move()
        submit(project, None)
        db.session.commit()
        with pytest.raises(TransitionRefused):
            submit(project, None)
        assert db.session.get(Project, project.id).status == OpeningStatus.SUBMITTED


def test_suspending_a_company_hides_its_projects(app, company_client, as_role, client):
    project_id = _published(app, company_client, as_role)
    title = _only_project(app).title
    assert title in client.get("/projects").get_data(as_text=True)
    committee = as_role(Role.COMMITTEE)
    response = committee.post(f"/committee/companies/{_only_project(app).company_id}/suspend", data={"reason": "확인 중"})
    assert response.status_code == 303
    assert title not in client.get("/projects").get_data(as_text=True)
    assert client.get(f"/projects/{project_id}").status_code == 404
    assert committee.get(f"/projects/{project_id}").status_code == 200
    assert company_client.get(f"/projects/{project_id}").status_code == 200
    assert _count(app, Project) == 1


def test_htmx_search_returns_only_the_results_block(app, company_client, as_role, client):
    _published(app, company_client, as_role)
    fragment = client.get("/projects?q=수어", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert body.lstrip().startswith('<section id="results"')
    assert "<form" not in body and "<html" not in body
    assert "청각장애인을 위한 수어통역 솔루션" in body
    assert "HX-Request" in fragment.headers["Vary"]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_a_too_long_search_is_refused_with_a_message(client, headers):
    response = client.get("/projects", query_string={"q": "가" * 101}, headers=headers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "100" in page.split('role="alert"')[1].split("</p>")[0]


def test_the_board_pages_twenty_at_a_time(app, make, client):
    company_id = make.company()
    with app.app_context():
        db.session.add_all([Project(company_id=company_id, title=f"과제 {n:02d}", description="설명", team_size=4,
                                    status=OpeningStatus.PUBLISHED) for n in range(25)])
        db.session.commit()
    first = client.get("/projects?q=과제").get_data(as_text=True)
    assert first.count('class="card opening-card project-card"') == 20 and 'rel="next"' in first
    second = client.get("/projects?q=과제&page=2").get_data(as_text=True)
    assert second.count('class="card opening-card project-card"') == 5


def test_empty_states(client, company_client, as_role):
    assert 'class="empty"' in client.get("/projects").get_data(as_text=True)
    assert 'class="empty"' in client.get("/projects?q=없는말").get_data(as_text=True)
    assert 'class="empty"' in company_client.get("/company/projects").get_data(as_text=True)
    assert 'class="empty"' in as_role(Role.COMMITTEE).get("/committee/projects").get_data(as_text=True)


def test_the_demo_has_the_cohorts_company_projects(app, runner, client):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        states = dict(db.session.execute(select(Project.status, func.count()).group_by(Project.status)).all())
        assert states == {OpeningStatus.PUBLISHED: 16, OpeningStatus.SUBMITTED: 2, OpeningStatus.RETURNED: 1}
        assert all(p.return_reason for p in db.session.scalars(select(Project).where(Project.status == OpeningStatus.RETURNED)))
        assert all(p.skills for p in db.session.scalars(select(Project)))
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "projects")).all()
        assert sorted(set(actions)) == ["project.publish", "project.return"] and len(actions) == 17
    board = client.get("/projects").get_data(as_text=True)
    assert board.count('class="card opening-card project-card"') == 16
    assert "수어통역" in client.get("/projects?q=수어").get_data(as_text=True)
