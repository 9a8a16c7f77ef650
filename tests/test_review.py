"""Match moderation: pass on, return with advice and resubmit, reject; what a company may see."""
import pytest
from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, Role, Stage, Trainee


@pytest.fixture
def applied(app, make, as_role):
    """A trainee with skills and a phone has applied to an opening of company X."""
    company_id = make.company(name="엑스비전")
    opening_id = make.opening(company_id, title="비전 엔지니어", required=("Python", "PyTorch", "OpenCV"))
    trainee = as_role(Role.TRAINEE)
    make.resume(trainee.user_id)
    make.trainee_skills(trainee.user_id, ["Python", "OpenCV"])
    with app.app_context():
        t = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        t.phone, t.region, t.gender = "010-1234-5678", "광주", "female"
        db.session.commit()
    response = trainee.post(f"/me/openings/{opening_id}/apply", data={"cover_letter": "비전 모델을 만들고 싶습니다."})
    assert response.status_code == 303
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    member = as_role(Role.COMPANY, company_id=company_id)
    return {"trainee": trainee, "member": member, "committee": as_role(Role.COMMITTEE), "id": application_id,
            "company": company_id, "opening": opening_id}


def _stage(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).stage


def _version(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).version


def test_queue_shows_new_applications_with_the_skill_match(applied):
    queue = applied["committee"].get("/committee/review").get_data(as_text=True)
    assert "비전 엔지니어" in queue and '<td class="num">2 / 3</td>' in queue


def test_company_sees_nothing_before_the_committee_passes_it_on(app, applied):
    member, committee, application_id = applied["member"], applied["committee"], applied["id"]
    assert member.get(f"/company/applications/{application_id}").status_code == 404
    assert "010-1234-5678" not in member.get(f"/company/openings/{applied['opening']}").get_data(as_text=True)
    response = committee.post(f"/committee/review/{application_id}/pass", data={"version": _version(app, application_id)})
    assert response.status_code == 303
    assert _stage(app, application_id) == Stage.COMPANY_REVIEW
    page = member.get(f"/company/applications/{application_id}").get_data(as_text=True)
    assert "010-1234-5678" in page and "비전 모델을 만들고 싶습니다." in page
    # Never the trainee's gender or region (the opening's workplace is elsewhere, so 광주 must not appear).
    main = page.split('id="main"')[1].split("</main>")[0]
    assert "광주" not in main and "female" not in main


def _timeline(page):
    """The steps of the first application's history on /me/applications, in order."""
    import re
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    return re.findall(r'</span> ([^<]+)</li>', timeline)


def test_passed_on_straight_from_submitted_the_trainee_still_sees_the_committee_review(app, applied):
    committee, trainee, application_id = applied["committee"], applied["trainee"], applied["id"]
    assert _timeline(trainee.get("/me/applications").get_data(as_text=True)) == ["지원"]
    committee.post(f"/committee/review/{application_id}/pass", data={"version": _version(app, application_id)})
    assert _stage(app, application_id) == Stage.COMPANY_REVIEW
    # 지원 → 매칭 검토 → 서류 검토, as for an application the committee reviewed first.
    assert _timeline(trainee.get("/me/applications").get_data(as_text=True)) == ["지원", "매칭 검토", "서류 검토"]
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert [(e.from_stage, e.to_stage) for e in application.events] == [
            (None, Stage.SUBMITTED), (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW), (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW)]
        # One decision: the card's version moves once, and the company's board stays the same.
        assert application.version == 2


def test_another_company_never_sees_it(app, applied, as_role):
    applied["committee"].post(f"/committee/review/{applied['id']}/pass", data={"version": _version(app, applied["id"])})
    assert as_role(Role.COMPANY).get(f"/company/applications/{applied['id']}").status_code == 404


def test_return_with_advice_then_the_trainee_improves_and_resubmits(app, applied):
    committee, trainee, application_id = applied["committee"], applied["trainee"], applied["id"]
    missing = committee.post(f"/committee/review/{application_id}/return", data={"advice": "", "version": _version(app, application_id)})
    assert missing.status_code == 422 and 'id="advice-error"' in missing.get_data(as_text=True)
    assert _stage(app, application_id) == Stage.SUBMITTED
    committee.post(f"/committee/review/{application_id}/return",
                   data={"advice": "프로젝트에서 맡은 역할을 적어 주세요.", "version": _version(app, application_id)})
    assert _stage(app, application_id) == Stage.NEEDS_CHANGES
    mine = trainee.get("/me/applications").get_data(as_text=True)
    assert "프로젝트에서 맡은 역할을 적어 주세요." in mine
    response = trainee.post(f"/me/applications/{application_id}/edit", data={"cover_letter": "객체 탐지 모델 학습을 맡았습니다."})
    assert response.status_code == 303
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.stage == Stage.SUBMITTED and application.cover_letter == "객체 탐지 모델 학습을 맡았습니다."
        assert [e.to_stage for e in application.events] == [Stage.SUBMITTED, Stage.NEEDS_CHANGES, Stage.SUBMITTED]


def test_reject_with_a_reason_the_trainee_reads(app, applied):
    committee, trainee, application_id = applied["committee"], applied["trainee"], applied["id"]
    bad = committee.post(f"/committee/review/{application_id}/reject", data={"code": "astrology", "version": _version(app, application_id)})
    assert bad.status_code == 422
    committee.post(f"/committee/review/{application_id}/reject",
                   data={"code": "skills", "note": "PyTorch 경험을 더 쌓아 보세요.", "version": _version(app, application_id)})
    assert _stage(app, application_id) == Stage.REJECTED
    mine = trainee.get("/me/applications").get_data(as_text=True)
    assert "PyTorch 경험을 더 쌓아 보세요." in mine


def test_a_decision_on_a_stale_page_changes_nothing(app, applied, as_role):
    application_id = applied["id"]
    seen = _version(app, application_id)
    first, second = applied["committee"], as_role(Role.COMMITTEE)
    first.post(f"/committee/review/{application_id}/pass", data={"version": seen})
    late = second.post(f"/committee/review/{application_id}/reject", data={"code": "skills", "version": seen})
    assert late.status_code == 303
    assert _stage(app, application_id) == Stage.COMPANY_REVIEW
    page = second.get(late.headers["Location"]).get_data(as_text=True)
    assert 'role="alert"' in page


def test_trainees_and_companies_cannot_moderate(app, applied):
    for client in (applied["trainee"], applied["member"]):
        assert client.get("/committee/review").status_code == 403
        assert client.post(f"/committee/review/{applied['id']}/pass", data={"version": 1}).status_code == 403
    assert _stage(app, applied["id"]) == Stage.SUBMITTED


def test_only_a_returned_application_can_be_edited(app, applied, as_role):
    trainee = applied["trainee"]
    response = trainee.post(f"/me/applications/{applied['id']}/edit", data={"cover_letter": "몰래 고치기"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Application, applied["id"]).cover_letter == "비전 모델을 만들고 싶습니다."
    assert as_role(Role.TRAINEE).get(f"/me/applications/{applied['id']}/edit").status_code == 404


def test_pass_on_with_an_unreadable_version_is_refused_with_422(app, applied):
    """The form's result was ignored: an unreadable version was treated as a stale page and redirected."""
    committee, application_id = applied["committee"], applied["id"]
    response = committee.post(f"/committee/review/{application_id}/pass", data={"version": "abc"})
    assert response.status_code == 422
    assert "페이지 정보가 최신이 아닙니다" in response.get_data(as_text=True)
    assert _stage(app, application_id) == Stage.SUBMITTED
