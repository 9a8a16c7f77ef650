"""Openings and projects are both postings: the same screen does the same thing to either kind."""

import pytest
from sqlalchemy import delete, func, select, update

from board.web.company import postings as posting_pages
from board.platform.extensions import db
from board.models import Opening, OpeningStatus, OpeningVersion, Project, ProjectVersion, Role, User
from board.domain.postings import is_owner, may_see, submit
from tests.test_openings import opening_data
from tests.test_projects import project_data

KINDS = {
    "opening": (Opening, OpeningVersion, opening_data),
    "project": (Project, ProjectVersion, project_data),
}


def _draft(app, client, kind):
    """A draft posting of the kind, written through the company's form; returns its id."""
    model, _, data = KINDS[kind]
    assert client.post(f"/company/{kind}s/new", data=data(draft="1")).status_code == 303
    with app.app_context():
        return db.session.scalar(select(model.id).order_by(model.id.desc()).limit(1))


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_submission_from_the_edit_page_keeps_the_edit_and_says_why(app, as_role, monkeypatch, kind):
    """Someone closes the posting between the save and the submission: the edit stays, the page says so, no 500."""
    model, _, data = KINDS[kind]
    company = as_role(Role.COMPANY)
    posting_id = _draft(app, company, kind)
    real_submit = posting_pages.submit

    def submit_after_a_close(posting, actor):
        db.session.execute(update(model).where(model.id == posting.id).values(status=OpeningStatus.CLOSED))
        return real_submit(posting, actor)

    monkeypatch.setattr(posting_pages, "submit", submit_after_a_close)
    edited = company.post(f"/company/{kind}s/{posting_id}/edit", data=data(title="고친 제목", submit="1"))
    assert edited.status_code == 303
    assert edited.headers["Location"].endswith(f"/company/{kind}s/{posting_id}")
    page = company.get(edited.headers["Location"]).get_data(as_text=True)
    assert "현재 상태에서는 이 " in page and "제출할 수 없습니다" in page
    with app.app_context():
        posting = db.session.get(model, posting_id)
        assert posting.title == "고친 제목" and posting.status == OpeningStatus.DRAFT


@pytest.mark.parametrize("kind", KINDS)
def test_a_submission_keeps_a_version_by_the_member_who_submitted(app, as_role, kind):
    model, version_model, _ = KINDS[kind]
    company = as_role(Role.COMPANY)
    posting_id = _draft(app, company, kind)
    with app.app_context():
        db.session.execute(delete(version_model))  # as a draft from before versions were kept
        db.session.commit()
    assert company.post(f"/company/{kind}s/{posting_id}/submit").status_code == 303
    with app.app_context():
        posting = db.session.get(model, posting_id)
        versions = db.session.scalars(select(version_model).where(version_model.posting_id == posting_id)).all()
        assert posting.status == OpeningStatus.SUBMITTED
        assert [(v.number, v.created_by_id, v.content) for v in versions] == [(1, company.user_id, posting.snapshot())]


def test_submitting_a_project_in_the_domain_keeps_a_version_with_its_actor(app, as_role, make):
    company = as_role(Role.COMPANY)
    project_id = _draft(app, company, "project")
    with app.app_context():
        company_id = db.session.get(Project, project_id).company_id
    other_member = make.user(Role.COMPANY, company_id=company_id)
    with app.app_context():
        project, actor = db.session.get(Project, project_id), db.session.get(User, other_member)
        before = len(project.versions)
        project.title = "바뀐 제목"  # changed since its last version, as a job or a CLI command might
        submit(project, actor)
        db.session.commit()
        assert len(project.versions) == before + 1
        assert project.versions[-1].created_by_id == actor.id and project.versions[-1].content["title"] == "바뀐 제목"


def test_the_committee_reads_a_resubmitted_project_as_a_diff(app, as_role):
    company, committee = as_role(Role.COMPANY), as_role(Role.COMMITTEE)
    assert company.post("/company/projects/new", data=project_data(submit="1")).status_code == 303
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
    first = committee.get(f"/committee/projects/{project_id}").get_data(as_text=True)
    assert "첫 제출" in first
    assert committee.post(f"/committee/projects/{project_id}/return", data={"reason": "팀 규모를 줄여 주세요."}).status_code == 303
    assert company.post(f"/company/projects/{project_id}/edit", data=project_data(team_size="3", submit="1")).status_code == 303
    review = committee.get(f"/committee/projects/{project_id}").get_data(as_text=True)
    assert "<del>5</del> → <ins>3</ins>" in review


@pytest.mark.parametrize("kind", KINDS)
def test_a_member_owns_their_company_s_postings_and_no_one_else_does(app, as_role, make, kind):
    model = KINDS[kind][0]
    company, stranger, committee = as_role(Role.COMPANY), as_role(Role.COMPANY), as_role(Role.COMMITTEE)
    posting_id = _draft(app, company, kind)
    with app.app_context():
        posting = db.session.get(model, posting_id)
        owner, other, member = (db.session.get(User, c.user_id) for c in (company, stranger, committee))
        assert is_owner(posting, owner) and not is_owner(posting, other) and not is_owner(posting, member)
        assert may_see(posting, owner) and may_see(posting, member) and not may_see(posting, other)
    for path in (f"/company/{kind}s/{posting_id}", f"/company/{kind}s/{posting_id}/edit", f"/{kind}s/{posting_id}"):
        assert stranger.get(path).status_code == 404, path
    assert stranger.post(f"/company/{kind}s/{posting_id}/submit").status_code == 404


def test_the_migration_gives_every_existing_project_its_first_version(tmp_path):
    """Projects from before versions were kept get one, approved if on the board; going down keeps the projects."""
    from datetime import UTC, datetime

    from flask_migrate import downgrade, upgrade

    from board import create_app
    from board.models import Company, CompanyStatus, Skill
    from tests.conftest import board_test_config

    app = create_app(board_test_config(f"sqlite:///{tmp_path / 'versions.sqlite'}"))
    published_at = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="0f1c79bbed62")
        company = Company(name="광주비전랩", registration_number="1234567890", status=CompanyStatus.APPROVED)
        skills = [Skill("수어 영상 분할"), Skill("A-test skill")]
        db.session.add_all([
            Project(company=company, title="수어통역", description="문제", team_size=4, skills=skills,
                    status=OpeningStatus.PUBLISHED, published_at=published_at),
            Project(company=company, title="초안", description="", team_size=5, status=OpeningStatus.DRAFT),
        ])
        db.session.commit()
        upgrade()
        versions = {v.project.title: v for v in db.session.scalars(select(ProjectVersion))}
        assert versions["수어통역"].content == {"title": "수어통역", "team_size": 4, "skills": "A-test skill, 수어 영상 분할",
                                                "description": "문제"}
        assert versions["수어통역"].approved_at == published_at and versions["수어통역"].number == 1
        assert versions["초안"].approved_at is None
        db.session.remove()
        downgrade(revision="0f1c79bbed62")
        with db.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Project.__table__)).scalar() == 2
        db.engine.dispose()
