"""One application from 지원 to 채용 확정, each move made through the screens by the person allowed to make it."""
from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, Outcome, OutcomeKind, Role, Stage


def _version(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).version


def _company_move(app, member, application_id, to, shown):
    return member.post(f"/company/pipeline/{application_id}/move",
                       data={"to": to.value, "version": _version(app, application_id), "from_stage": shown.value})


def test_one_application_walks_every_stage_by_the_people_allowed(app, make, as_role):
    company_id = make.company(name="워크스루랩")
    opening_id = make.opening(company_id, title="엔드투엔드 공고")
    trainee = as_role(Role.TRAINEE)
    make.resume(trainee.user_id)
    member = as_role(Role.COMPANY, company_id=company_id)
    committee = as_role(Role.COMMITTEE)

    # 지원: the trainee applies.
    assert trainee.post(f"/me/openings/{opening_id}/apply", data={"cover_letter": "끝까지 가 보겠습니다."}).status_code == 303
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))

    # The trainee cannot push their own card forward; the company cannot touch it yet.
    assert trainee.post(f"/company/pipeline/{application_id}/move", data={"to": "hired"}).status_code == 403
    assert _company_move(app, member, application_id, Stage.INTERVIEW, Stage.SUBMITTED).status_code == 404

    # 매칭 검토 → 서류 검토: the committee passes it on.
    assert committee.post(f"/committee/review/{application_id}/pass",
                          data={"version": _version(app, application_id)}).status_code == 303

    # 서류 검토 → 런치데이 면담 → 면접: the company.
    previous = Stage.COMPANY_REVIEW
    for to in (Stage.LUNCH_MEETING, Stage.INTERVIEW):
        response = _company_move(app, member, application_id, to, previous)
        assert response.status_code == 303, (to, response.status_code)
        previous = to
    # 합격 from the board leads to the offer form and moves nothing by itself.
    response = _company_move(app, member, application_id, Stage.OFFER, Stage.INTERVIEW)
    assert response.headers["Location"].endswith(f"/company/applications/{application_id}/offer")
    with app.app_context():
        assert db.session.get(Application, application_id).stage == Stage.INTERVIEW
    # The company cannot hire: only the trainee's acceptance can.
    assert _company_move(app, member, application_id, Stage.HIRED, Stage.INTERVIEW).status_code == 422
    terms = {"position": "데이터 엔지니어", "employment_type": "full_time", "starts_on": "2099-03-02",
             "salary": "3600", "probation_months": "3", "workplace": "광주", "answer_by": "2099-02-01",
             "version": _version(app, application_id)}
    confirm = member.post(f"/company/applications/{application_id}/offer", data=terms)
    assert confirm.status_code == 200 and "3,600" in confirm.get_data(as_text=True)
    assert member.post(f"/company/applications/{application_id}/offer",
                       data={**terms, "confirmed": "1"}).status_code == 303
    # 채용 확정: the trainee accepts.
    assert trainee.post(f"/me/applications/{application_id}/offer/accept").status_code == 303

    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.stage == Stage.HIRED
        history = [(e.from_stage, e.to_stage, e.actor_id) for e in application.events]
        assert history == [
            (None, Stage.SUBMITTED, trainee.user_id),
            # Passed on straight from 지원: the committee's review is recorded on the way.
            (Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, committee.user_id),
            (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, committee.user_id),
            (Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING, member.user_id),
            (Stage.LUNCH_MEETING, Stage.INTERVIEW, member.user_id),
            (Stage.INTERVIEW, Stage.OFFER, member.user_id),
            (Stage.OFFER, Stage.HIRED, trainee.user_id),
        ]
        outcome = db.session.scalar(select(Outcome).where(Outcome.application_id == application_id))
        assert outcome.kind == OutcomeKind.EMPLOYED and outcome.company_id == company_id and outcome.through_board
        assert outcome.started_on.isoformat() == "2099-03-02"

    # The trainee's own list shows every change with its date.
    mine = trainee.get("/me/applications").get_data(as_text=True)
    assert mine.count('<span class="when">') == 7
    # After the hire nothing moves any more, not even a withdrawal.
    assert trainee.post(f"/me/applications/{application_id}/withdraw").status_code == 303
    with app.app_context():
        assert db.session.get(Application, application_id).stage == Stage.HIRED
