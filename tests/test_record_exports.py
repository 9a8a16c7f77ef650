"""Record-level exports: trainees with outcomes and applications with history (committee), a company's applicants.

Expected rows are set up here by hand; the CSV is read back as Excel would (UTF-8 after the BOM).
"""
import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from board.domain import record_exports
from board.domain.reports_export import BOM
from board.models import (
    Application, AuditEntry, Outcome, OutcomeKind, Role, Stage, StageChange, Trainee, TraineeStatus, User,
)
from board.platform.extensions import db


def _rows(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "private, no-store"
    body = response.get_data().decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM):])))


def _trainee(app, user_id, **values):
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
        for name, value in values.items():
            setattr(trainee, name, value)
        db.session.commit()
        return trainee.id, trainee.cohort_id


def _apply(app, trainee_id, opening_id, *stages):
    """An application that went through stages (the last is where it stands)."""
    with app.app_context():
        application = Application(opening_id=opening_id, trainee_id=trainee_id, cover_letter="지원합니다",
                                  stage=stages[-1] if stages else Stage.SUBMITTED)
        db.session.add(application)
        db.session.flush()
        db.session.add_all(StageChange(application_id=application.id, to_stage=s) for s in stages)
        db.session.commit()
        return application.id


@pytest.fixture
def world(app, make, as_role):
    """Companies X and Y; trainee 김하나 (passed on to X, then hired), 박둘 (at X still with the committee),
    최셋 (passed on to Y); a committee member and X's member."""
    x, y = make.company(name="엑스"), make.company(name="와이")
    x_opening, y_opening = make.opening(x, title="엑스 백엔드"), make.opening(y, title="와이 데이터")
    hana = make.user(Role.TRAINEE, name="김하나")
    dul = make.user(Role.TRAINEE, name="=HYPERLINK(\"http://evil\")")
    set_ = make.user(Role.TRAINEE, name="최셋")
    hana_id, cohort = _trainee(app, hana, region="광주", status=TraineeStatus.COMPLETED, gender="female")
    dul_id, _ = _trainee(app, dul, cohort_id=cohort, region="서울")
    set_id, _ = _trainee(app, set_, cohort_id=cohort)
    hired = _apply(app, hana_id, x_opening, Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.HIRED)
    waiting = _apply(app, dul_id, x_opening, Stage.COMMITTEE_REVIEW)
    at_y = _apply(app, set_id, y_opening, Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW)
    with app.app_context():
        db.session.add_all([
            Outcome(trainee_id=hana_id, kind=OutcomeKind.LOOKING, recorded_at=datetime(2026, 1, 5, tzinfo=UTC)),
            Outcome(trainee_id=hana_id, kind=OutcomeKind.EMPLOYED, company_id=x, organisation="엑스",
                    started_on=date(2026, 3, 2), through_board=True, recorded_at=datetime(2026, 3, 1, tzinfo=UTC)),
        ])
        db.session.commit()
    return {"committee": as_role(Role.COMMITTEE), "member_x": as_role(Role.COMPANY, company_id=x),
            "member_y": as_role(Role.COMPANY, company_id=y), "trainee": as_role(Role.TRAINEE), "cohort": cohort,
            "hired": hired, "waiting": waiting, "at_y": at_y, "x_opening": x_opening, "y_opening": y_opening}


def test_trainees_with_their_current_outcome(app, world):
    rows = _rows(world["committee"].get(f"/committee/reports/trainees.csv?cohort={world['cohort']}"))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    assert header[:2] == ["이름", "이메일"] and "성별" not in header and len(body) == 3
    hana = body["김하나"]
    # The newest outcome, not the first one recorded; its place, start and whether the board made it.
    assert hana[2:] == [hana[2], hana[3], "광주", "수료", "취업", "엑스", "2026-03-02", "예"]
    assert body["최셋"][6] == "성과 미기록" and body["최셋"][9] == ""
    # A name that Excel would run as a formula is text.
    assert "'=HYPERLINK(\"http://evil\")" in body


def test_applications_with_their_stage_history(app, world):
    rows = _rows(world["committee"].get(f"/committee/reports/applications.csv?cohort={world['cohort']}"))
    body = {int(row[0]): row for row in rows[1:]}
    assert set(body) == {world["hired"], world["waiting"], world["at_y"]}
    hired = body[world["hired"]]
    assert hired[1] == "김하나" and hired[4] == "엑스" and hired[5] == "엑스 백엔드" and hired[6] == "채용 확정"
    steps = [step.split(" ", 1)[1] for step in hired[9].split(" → ")]
    assert steps == ["매칭 검토", "서류 검토", "면접", "채용 확정"]


def test_a_companys_export_holds_only_applicants_passed_on_to_it(app, world):
    rows = _rows(world["member_x"].get("/company/applicants.csv"))
    assert [int(row[0]) for row in rows[1:]] == [world["hired"]]
    text = "".join(",".join(row) for row in rows)
    # Not Y's applicant, not the one still with the committee, no region.
    assert "최셋" not in text and "HYPERLINK" not in text and "광주" not in text
    assert [int(row[0]) for row in _rows(world["member_y"].get("/company/applicants.csv"))[1:]] == [world["at_y"]]


def test_a_company_cannot_export_another_companys_opening(world):
    assert world["member_x"].get(f"/company/applicants.csv?opening={world['y_opening']}").status_code == 404
    assert world["member_x"].get("/company/applicants.csv?opening=abc").status_code == 404
    own = _rows(world["member_x"].get(f"/company/applicants.csv?opening={world['x_opening']}"))
    assert len(own) == 2
    assert world["trainee"].get("/company/applicants.csv").status_code == 403
    assert world["member_x"].get("/committee/reports/applications.csv").status_code == 403


def test_every_export_is_audited(app, world):
    world["committee"].get("/committee/reports/trainees.csv")
    world["committee"].get(f"/committee/reports/applications.csv?cohort={world['cohort']}")
    world["member_x"].get("/company/applicants.csv")
    with app.app_context():
        tables = sorted(e.detail["table"] for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "report.export")))
    assert tables == ["applicants", "applications", "trainees"]


def test_an_unknown_cohort_gets_a_korean_message(world):
    response = world["committee"].get("/committee/reports/trainees.csv?cohort=999999")
    assert response.status_code == 422 and "기수" in response.get_data(as_text=True)


def test_exports_stream_in_batches(app, world, monkeypatch):
    """More rows than a batch: every row arrives once, in id order, across batches."""
    monkeypatch.setattr(record_exports, "BATCH", 1)
    rows = _rows(world["committee"].get("/committee/reports/applications.csv"))
    ids = [int(row[0]) for row in rows[1:]]
    assert ids == sorted({world["hired"], world["waiting"], world["at_y"]})
    with app.app_context():
        assert db.session.scalar(select(User).where(User.role == Role.COMMITTEE)) is not None


def test_the_dashboard_links_the_exports_and_the_printable_report(world):
    page = world["committee"].get(f"/committee/reports?cohort={world['cohort']}").get_data(as_text=True)
    assert "인쇄용 보고서" in page and "작성" in page
    assert f"/committee/reports/trainees.csv?cohort={world['cohort']}" in page
    assert f"/committee/reports/applications.csv?cohort={world['cohort']}" in page
    assert "/company/applicants.csv" in world["member_x"].get("/company/pipeline").get_data(as_text=True)
