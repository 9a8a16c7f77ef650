"""Proposed matches and the talent pool: the committee proposes, trainees answer; companies ask to meet, the committee decides."""
import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import (
    Application, AuditEntry, CompanyStatus, Decision, MatchProposal, MeetRequest, OpeningStatus, Role, Stage, Trainee,
    User,
)


def _trainee(app, user_id, **values):
    """Set fields on the trainee of account user_id; returns the trainee id."""
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
        for key, value in values.items():
            setattr(trainee, key, value)
        db.session.commit()
        return trainee.id


def _main(response):
    return response.get_data(as_text=True).split('id="main"')[1].split("</main>")[0]


@pytest.fixture
def proposed(app, make, as_role):
    """The committee proposed a trainee (with skills and a resume) for company X's opening."""
    company_id = make.company(name="엑스비전")
    opening_id = make.opening(company_id, title="비전 엔지니어", required=("Python", "PyTorch"))
    trainee = as_role(Role.TRAINEE, name="김교육")
    make.resume(trainee.user_id)
    make.trainee_skills(trainee.user_id, ["Python"])
    trainee_id = _trainee(app, trainee.user_id)
    committee = as_role(Role.COMMITTEE)
    page = committee.get(f"/committee/proposals/new?opening={opening_id}&q=김교")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "김교육" in body and f'name="trainee" value="{trainee_id}"' in body
    assert "기술 2개 중 1개" in body  # the skill overlap: Python of Python and PyTorch
    response = committee.post(f"/committee/proposals/new?opening={opening_id}",
                              data={"trainee": trainee_id, "note": "비전 프로젝트 경험이 좋습니다."})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        proposal_id = db.session.scalar(select(MatchProposal.id))
    return {"trainee": trainee, "committee": committee, "company": company_id, "opening": opening_id,
            "id": proposal_id, "trainee_id": trainee_id}


def test_accepted_proposal_becomes_an_application_at_document_review(app, as_role, proposed):
    trainee = proposed["trainee"]
    listing = trainee.get("/me/proposals").get_data(as_text=True)
    assert "비전 엔지니어" in listing and "비전 프로젝트 경험이 좋습니다." in listing
    assert trainee.post(f"/me/proposals/{proposed['id']}/accept").status_code == 303
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.stage == Stage.COMPANY_REVIEW and application.resume_id is not None
        assert application.cover_letter == "비전 프로젝트 경험이 좋습니다."
        events = [(e.from_stage, e.to_stage, e.actor.role, e.reason) for e in application.events]
        assert events == [(None, Stage.SUBMITTED, Role.TRAINEE, ""),
                          (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, Role.COMMITTEE, ""),
                          (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Role.COMMITTEE, "proposed by the committee")]
        proposal = db.session.get(MatchProposal, proposed["id"])
        assert proposal.status == Decision.ACCEPTED and proposal.application_id == application.id
        application_id = application.id
    member = as_role(Role.COMPANY, company_id=proposed["company"])
    assert member.get(f"/company/applications/{application_id}").status_code == 200
    # Answering twice changes nothing.
    assert trainee.post(f"/me/proposals/{proposed['id']}/decline").status_code == 303
    with app.app_context():
        assert db.session.get(MatchProposal, proposed["id"]).status == Decision.ACCEPTED


def test_declined_proposal_makes_no_application(app, proposed):
    assert proposed["trainee"].post(f"/me/proposals/{proposed['id']}/decline").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0
        assert db.session.get(MatchProposal, proposed["id"]).status == Decision.DECLINED


def test_another_trainee_cannot_answer_it(app, as_role, proposed):
    other = as_role(Role.TRAINEE)
    assert other.post(f"/me/proposals/{proposed['id']}/accept").status_code == 404
    assert other.post(f"/me/proposals/{proposed['id']}/decline").status_code == 404
    assert "비전 엔지니어" not in other.get("/me/proposals").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MatchProposal, proposed["id"]).status == Decision.PENDING


def test_a_second_proposal_for_the_same_opening_is_refused(app, proposed):
    response = proposed["committee"].post(f"/committee/proposals/new?opening={proposed['opening']}",
                                          data={"trainee": proposed["trainee_id"], "note": ""})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MatchProposal)) == 1


def test_no_proposal_for_a_closed_opening_or_a_trainee_who_applied(app, make, as_role):
    committee = as_role(Role.COMMITTEE)
    trainee = as_role(Role.TRAINEE)
    make.resume(trainee.user_id)
    trainee_id = _trainee(app, trainee.user_id)
    closed = make.opening(status=OpeningStatus.CLOSED)
    response = committee.post(f"/committee/proposals/new?opening={closed}", data={"trainee": trainee_id})
    assert response.status_code == 422  # the page asks for an open opening instead
    opening = make.opening(title="지원한 공고")
    assert trainee.post(f"/me/openings/{opening}/apply", data={"cover_letter": "데이터 파이프라인 프로젝트 경험이 있습니다."}).status_code == 303
    response = committee.post(f"/committee/proposals/new?opening={opening}", data={"trainee": trainee_id})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MatchProposal)) == 0


def test_accepting_after_the_opening_closed_is_refused(app, proposed):
    from board.models import Opening
    with app.app_context():
        db.session.get(Opening, proposed["opening"]).status = OpeningStatus.CLOSED
        db.session.commit()
    assert proposed["trainee"].post(f"/me/proposals/{proposed['id']}/accept").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0
        assert db.session.get(MatchProposal, proposed["id"]).status == Decision.PENDING


@pytest.fixture
def pool(app, make, as_role):
    """Two trainees: one consents to be shown (with contact details set), one does not."""
    shown = make.user(Role.TRAINEE, email="shown@example.kr", name="박공개")
    hidden = make.user(Role.TRAINEE, email="hidden@example.kr", name="이비공개")
    make.trainee_skills(shown, ["Python", "PyTorch"])
    shown_id = _trainee(app, shown, visible_to_companies=True, phone="010-9876-5432", region="전남", gender="female",
                        headline="비전 모델 경량화", github_url="https://github.com/example")
    hidden_id = _trainee(app, hidden, phone="010-1111-2222")
    return {"shown": shown_id, "hidden": hidden_id}


def test_talent_pool_lists_only_consenting_trainees_without_contact_details(app, as_role, pool):
    member = as_role(Role.COMPANY)
    response = member.get("/company/talent")
    assert response.status_code == 200
    main = _main(response)
    assert "박공개" in main and "비전 모델 경량화" in main and "https://github.com/example" in main
    assert "이비공개" not in main
    for secret in ("shown@example.kr", "010-9876-5432", "전남", "female", "hidden@example.kr"):
        assert secret not in main
    assert "박공개" in _main(member.get("/company/talent?skills=PyTorch"))
    assert "박공개" not in _main(member.get("/company/talent?skills=Kubernetes"))
    assert member.get(f"/company/talent/{pool['hidden']}/meet").status_code == 404


def test_a_pending_company_is_refused(app, make, as_role, pool):
    pending = as_role(Role.COMPANY, company_id=make.company(status=CompanyStatus.PENDING))
    response = pending.get("/company/talent")
    assert response.status_code == 302 and response.headers["Location"] == "/company/"
    assert pending.post(f"/company/talent/{pool['shown']}/meet", data={"message": "만나고 싶습니다."}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetRequest)) == 0


def _ask(app, member, trainee_id):
    response = member.post(f"/company/talent/{trainee_id}/meet", data={"message": "비전 팀에서 만나 보고 싶습니다."})
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(MeetRequest.id).order_by(MeetRequest.id.desc()))


@pytest.mark.parametrize("decision, shows_contact", [("approve", True), ("decline", False)])
def test_meet_request_is_moderated_by_the_committee(app, as_role, pool, decision, shows_contact):
    member = as_role(Role.COMPANY)
    committee = as_role(Role.COMMITTEE)
    request_id = _ask(app, member, pool["shown"])
    before = _main(member.get(f"/company/meet-requests/{request_id}"))
    assert "shown@example.kr" not in before and "010-9876-5432" not in before
    # A second request while the first is pending is not made.
    member.post(f"/company/talent/{pool['shown']}/meet", data={"message": "다시 요청합니다."})
    queue = committee.get("/committee/meet-requests").get_data(as_text=True)
    assert "비전 팀에서 만나 보고 싶습니다." in queue
    response = committee.post(f"/committee/meet-requests/{request_id}/decide",
                              data={"decision": decision, "reason": "프로필이 맞습니다." if shows_contact else "아직 이릅니다."})
    assert response.status_code == 303
    after = _main(member.get(f"/company/meet-requests/{request_id}"))
    assert ("shown@example.kr" in after and "010-9876-5432" in after) is shows_contact
    assert "shown@example.kr" in after or "010-9876-5432" not in after
    assert "전남" not in after and "female" not in after
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetRequest)) == 1
        assert db.session.scalar(select(AuditEntry.action)) == f"meet.{decision}"


def test_a_second_committee_decision_changes_nothing(app, as_role, pool):
    member = as_role(Role.COMPANY)
    request_id = _ask(app, member, pool["shown"])
    first, second = as_role(Role.COMMITTEE), as_role(Role.COMMITTEE)
    assert first.post(f"/committee/meet-requests/{request_id}/decide", data={"decision": "approve"}).status_code == 303
    assert second.post(f"/committee/meet-requests/{request_id}/decide",
                       data={"decision": "decline", "reason": "늦었습니다."}).status_code == 303
    with app.app_context():
        meet = db.session.get(MeetRequest, request_id)
        assert meet.status == Decision.ACCEPTED and meet.reason == ""
        assert db.session.get(User, meet.decided_by_id).id == first.user_id
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_declining_needs_a_reason(app, as_role, pool):
    request_id = _ask(app, as_role(Role.COMPANY), pool["shown"])
    as_role(Role.COMMITTEE).post(f"/committee/meet-requests/{request_id}/decide", data={"decision": "decline"})
    with app.app_context():
        assert db.session.get(MeetRequest, request_id).status == Decision.PENDING


def test_another_company_cannot_see_the_request(app, as_role, pool):
    request_id = _ask(app, as_role(Role.COMPANY), pool["shown"])
    assert as_role(Role.COMPANY).get(f"/company/meet-requests/{request_id}").status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COMPANY])
@pytest.mark.parametrize("url", ["/committee/proposals", "/committee/proposals/new", "/committee/meet-requests"])
def test_trainees_and_companies_are_refused_committee_pages(as_role, role, url):
    assert as_role(role).get(url).status_code == 403
