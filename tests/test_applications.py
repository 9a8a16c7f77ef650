"""Applying: one application per trainee and opening, the resume as sent, withdrawing, my applications."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board.models.types import board_today
from board.platform.extensions import db
from board.models import Application, Opening, OpeningStatus, QuestionKind, Role, Stage, StageChange
from board.domain.pipeline import MOVES, MoveRefused, move
from tests.offer_world import advance

QUESTIONS = ((QuestionKind.YES_NO, "광주에서 근무할 수 있나요?", ""), (QuestionKind.CHOICE, "입사 가능 시기", "즉시\n1개월 후"),
             (QuestionKind.TEXT, "가장 자신 있는 프로젝트는?", ""))


@pytest.fixture
def setup(app, make, as_role):
    opening_id = make.opening(title="컴퓨터비전 엔지니어", questions=QUESTIONS)
    trainee = as_role(Role.TRAINEE)
    resume_id = make.resume(trainee.user_id)
    with app.app_context():
        question_ids = [q.id for q in db.session.get(Opening, opening_id).questions]
    answers = {f"q{question_ids[0]}": "yes", f"q{question_ids[1]}": "즉시", f"q{question_ids[2]}": "수어 인식 앱"}
    return {"opening": opening_id, "trainee": trainee, "resume": resume_id, "answers": answers}


def _applications(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application))


def _apply(client, opening_id, answers, **extra):
    return client.post(f"/me/openings/{opening_id}/apply", data={"cover_letter": "비전 모델을 만들고 싶습니다.", **answers, **extra})


def test_trainee_applies_and_sees_the_stage_and_dates(app, setup, make):
    trainee = setup["trainee"]
    response = _apply(trainee, setup["opening"], setup["answers"])
    assert response.status_code == 303 and response.headers["Location"] == "/me/applications"
    mine = trainee.get("/me/applications").get_data(as_text=True)
    assert "컴퓨터비전 엔지니어" in mine and "badge-stage-submitted" in mine
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.resume_id == setup["resume"]
        assert set(application.answers.values()) == {"yes", "즉시", "수어 인식 앱"}
        assert [e.to_stage for e in application.events] == [Stage.SUBMITTED]
    # A newer resume does not change what was sent.
    make.resume(trainee.user_id, filename="새 이력서.pdf")
    with app.app_context():
        assert db.session.scalar(select(Application)).resume_id == setup["resume"]
    page = trainee.get(f"/openings/{setup['opening']}").get_data(as_text=True)
    assert "/me/applications" in page.split('class="actions apply-row"')[1]


def test_a_second_application_is_refused(app, setup):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    again = _apply(trainee, setup["opening"], setup["answers"])
    assert again.status_code == 303 and again.headers["Location"] == "/me/applications"
    assert _applications(app) == 1


def test_the_unique_constraint_holds_even_when_the_check_is_skipped(app, setup):
    # What a double click or two tabs would race past: the database keeps one.
    from sqlalchemy.exc import IntegrityError
    from board.models import Trainee
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == setup["trainee"].user_id))
        db.session.add_all([Application(opening_id=setup["opening"], trainee_id=trainee.id, cover_letter="a"),
                            Application(opening_id=setup["opening"], trainee_id=trainee.id, cover_letter="b")])
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert _applications(app) == 0


@pytest.mark.parametrize("change", ["closed", "past", "suspended"])
def test_closed_or_past_deadline_openings_refuse(app, setup, change):
    from board.models import CompanyStatus
    with app.app_context():
        opening = db.session.get(Opening, setup["opening"])
        if change == "closed":
            opening.status = OpeningStatus.CLOSED
        elif change == "past":
            opening.deadline = board_today() - timedelta(days=1)
        else:
            opening.company.status = CompanyStatus.SUSPENDED
        db.session.commit()
    response = _apply(setup["trainee"], setup["opening"], setup["answers"])
    assert response.status_code in (303, 404)
    assert _applications(app) == 0


@pytest.mark.parametrize("field,value", [
    ("cover_letter", ""),
    ("cover_letter", "<script>alert(1)</script>"),
    ("cover_letter", "가" * 5001),
])
def test_bad_cover_letters_are_refused(app, setup, field, value):
    response = _apply(setup["trainee"], setup["opening"], setup["answers"], **{field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="cover_letter-error"' in page and "<script>alert(1)</script>" not in page
    assert _applications(app) == 0


def test_unanswered_or_invented_choices_are_refused(app, setup):
    answers = dict(setup["answers"])
    choice_key = list(answers)[1]
    answers[choice_key] = "내일 당장"
    assert _apply(setup["trainee"], setup["opening"], answers).status_code == 422
    del answers[choice_key]
    assert _apply(setup["trainee"], setup["opening"], answers).status_code == 422
    assert _applications(app) == 0


def test_no_resume_no_application(app, make, as_role):
    opening_id = make.opening()
    trainee = as_role(Role.TRAINEE)
    response = trainee.post(f"/me/openings/{opening_id}/apply", data={"cover_letter": "지원합니다."})
    assert response.status_code == 422
    assert "PDF" in response.get_data(as_text=True)
    assert _applications(app) == 0


def test_withdraw_asks_first_and_works_until_the_company_decides(app, setup, as_role):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    assert 'method="post"' in trainee.get(f"/me/applications/{application_id}/withdraw").get_data(as_text=True)
    assert trainee.post(f"/me/applications/{application_id}/withdraw").status_code == 303
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.stage == Stage.WITHDRAWN
        assert [e.to_stage for e in application.events] == [Stage.SUBMITTED, Stage.WITHDRAWN]


def test_withdraw_is_refused_once_the_company_has_decided(app, setup):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    with app.app_context():
        application = db.session.scalar(select(Application))
        application.stage = Stage.OFFER
        db.session.commit()
        application_id = application.id
    trainee.post(f"/me/applications/{application_id}/withdraw")
    with app.app_context():
        assert db.session.get(Application, application_id).stage == Stage.OFFER


def test_another_trainees_application_is_404(app, setup, as_role):
    _apply(setup["trainee"], setup["opening"], setup["answers"])
    with app.app_context():
        application_id = db.session.scalar(select(Application.id))
    other = as_role(Role.TRAINEE)
    assert other.get(f"/me/applications/{application_id}/withdraw").status_code == 404
    assert other.post(f"/me/applications/{application_id}/withdraw").status_code == 404
    assert "컴퓨터비전 엔지니어" not in other.get("/me/applications").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application_id).stage == Stage.SUBMITTED


def test_only_trainees_apply(app, setup, as_role, client):
    for role in (Role.COMPANY, Role.COMMITTEE):
        assert as_role(role).post(f"/me/openings/{setup['opening']}/apply", data={"cover_letter": "x"}).status_code == 403
    assert client.get(f"/me/openings/{setup['opening']}/apply").status_code == 302
    assert _applications(app) == 0


def test_the_state_machine_refuses_illegal_and_stale_moves(app, setup, make):
    from board.models import User
    _apply(setup["trainee"], setup["opening"], setup["answers"])
    committee_id = make.user(Role.COMMITTEE)
    with app.app_context():
        application = db.session.scalar(select(Application))
        committee = db.session.get(User, committee_id)
        trainee = db.session.get(User, setup["trainee"].user_id)
        with pytest.raises(MoveRefused, match="illegal"):
            move(application, Stage.HIRED, committee)
        with pytest.raises(MoveRefused, match="illegal"):
            move(application, Stage.OFFER, committee, offer=True)
        with pytest.raises(MoveRefused, match="illegal"):
            move(application, Stage.COMPANY_REVIEW, trainee)
        seen = application.version
        move(application, Stage.COMMITTEE_REVIEW, committee)
        db.session.commit()
        with pytest.raises(MoveRefused, match="stale"):
            move(application, Stage.COMPANY_REVIEW, committee, expected_version=seen)
        db.session.commit()
        assert db.session.get(Application, application.id).stage == Stage.COMMITTEE_REVIEW
        assert db.session.scalar(select(func.count()).select_from(StageChange)) == 2


def test_no_move_skips_the_pipeline():
    # Hires only come from an offer; nothing jumps from a fresh application to the end.
    assert [frm for (frm, to) in MOVES if to == Stage.HIRED] == [Stage.OFFER]
    # From a final stage only the committee's revert of a mistaken hire leads back (to the offer).
    assert [(frm, to) for frm, to in MOVES if frm in (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)] == [
        (Stage.HIRED, Stage.OFFER)]


def test_a_hire_records_the_trainees_outcome(app, setup, make):
    from board.models import Outcome, OutcomeKind, User
    _apply(setup["trainee"], setup["opening"], setup["answers"])
    committee_id = make.user(Role.COMMITTEE)
    with app.app_context():
        application = db.session.scalar(select(Application))
        committee = db.session.get(User, committee_id)
        for stage in (Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
            advance(application, stage, committee)
        db.session.commit()
        outcome = db.session.scalar(select(Outcome))
        assert outcome.kind == OutcomeKind.EMPLOYED and outcome.through_board
        assert outcome.company_id == application.opening.company_id and outcome.application_id == application.id
