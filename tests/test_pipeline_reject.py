"""One rejection, one behaviour: from the application page, the pipeline board or the review queue,
the trainee gets the same mail and the same reason is stored (pipeline.reject)."""
import logging

import pytest
from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, AuditEntry, Role, Stage


@pytest.fixture
def world(application_at):
    """Company 엑스랩's member, a trainee with an application to its opening at `stage`, and the committee."""
    return lambda stage: application_at(stage, with_committee=True)


def _assert_rejected_and_mailed(app, world, caplog, code, text, decided_by):
    """Stored: stage, code, the text the trainee reads, an audit entry; mailed: to the trainee, in Korean, once."""
    with app.app_context():
        application = db.session.get(Application, world["id"])
        assert application.stage == Stage.REJECTED
        assert (application.rejection_code, application.shared_reason) == (code, text)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "application.reject",
                                                           AuditEntry.subject_id == world["id"]))
        assert entry is not None and entry.reason == text and entry.detail["code"] == code
    mails = [r.getMessage() for r in caplog.records if r.getMessage().startswith("mail to ")]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.startswith(f"mail to {world['email']} ") and "엑스랩 지원 결과 안내" in mail
    assert text in mail and decided_by in mail
    assert "http://" in mail and "/me/applications" in mail   # a link built from BOARD_URL


def test_rejection_from_the_application_page(app, world, caplog):
    found = world(Stage.INTERVIEW)
    with caplog.at_level(logging.WARNING):
        response = found["member"].post(f"/company/applications/{found['id']}/reject",
                                        data={"rejection_code": "filled", "shared_reason": "다른 분과 계약했습니다."})
    assert response.status_code == 303
    _assert_rejected_and_mailed(app, found, caplog, "filled", "다른 분과 계약했습니다.", "기업은 신중한 검토 끝에")


def test_rejection_from_the_pipeline_board(app, world, caplog):
    found = world(Stage.COMPANY_REVIEW)
    with caplog.at_level(logging.WARNING):
        response = found["member"].post(f"/company/pipeline/{found['id']}/move", data={
            "to": Stage.REJECTED.value, "version": str(found["version"]), "from_stage": Stage.COMPANY_REVIEW.value,
            "rejection_code": "experience", "reason": "실무 경험을 더 쌓은 뒤 다시 지원해 주세요."})
    assert response.status_code == 303
    _assert_rejected_and_mailed(app, found, caplog, "experience", "실무 경험을 더 쌓은 뒤 다시 지원해 주세요.",
                                "기업은 신중한 검토 끝에")


def test_rejection_from_the_committee_review_page(app, world, caplog):
    found = world(Stage.SUBMITTED)
    with caplog.at_level(logging.WARNING):
        response = found["committee"].post(f"/committee/review/{found['id']}/reject", data={
            "code": "skills", "note": "PyTorch 경험을 더 쌓아 보세요.", "version": str(found["version"])})
    assert response.status_code == 303
    _assert_rejected_and_mailed(app, found, caplog, "skills", "PyTorch 경험을 더 쌓아 보세요.",
                                "취업지원위원회는 신중한 검토 끝에")


def test_a_stale_rejection_stores_nothing_and_mails_nobody(app, world, caplog):
    found = world(Stage.COMPANY_REVIEW)
    with caplog.at_level(logging.WARNING):
        response = found["member"].post(f"/company/pipeline/{found['id']}/move", data={
            "to": Stage.REJECTED.value, "version": str(found["version"] + 5), "from_stage": Stage.COMPANY_REVIEW.value,
            "rejection_code": "experience", "reason": "늦은 결정"})
    assert response.status_code == 409
    assert not [r for r in caplog.records if r.getMessage().startswith("mail to ")]
    with app.app_context():
        application = db.session.get(Application, found["id"])
        assert application.stage == Stage.COMPANY_REVIEW and application.rejection_code is None


def test_the_domain_refuses_an_unknown_reason_code(app, world):
    from board.models import User
    from board.domain.pipeline import MoveRefused, reject
    found = world(Stage.COMPANY_REVIEW)
    with app.app_context():
        application = db.session.get(Application, found["id"])
        actor = db.session.scalar(select(User).where(User.role == Role.COMMITTEE))
        with pytest.raises(MoveRefused) as refused:
            reject(application, actor, "astrology")
        assert refused.value.reason == "reason"
        assert application.stage == Stage.COMPANY_REVIEW
