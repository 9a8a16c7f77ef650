"""Interviews: offered times, the trainee's choice and its .ics, feedback the committee reads, the rejection notice."""
import logging
from datetime import UTC, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from board.platform.extensions import db
from board.domain.interviews import seoul_time
from board.models import Application, Role, Stage
from board.models.matching import InterviewFeedback, InterviewSlot
from board.models.types import board_today


@pytest.fixture
def setup(application_at):
    """Company X's member, trainee A with an application to X's opening at the given stage (an interview by default)."""
    return application_at


def _slot_form(rows):
    data = {}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


def _row(days=3, time="14:00", minutes="60", place="광주 본사 3층", video_url=""):
    return {"date": (board_today() + timedelta(days=days)).isoformat(), "time": time, "minutes": minutes,
            "place": place, "video_url": video_url}


def _slots(app, application_id):
    with app.app_context():
        return db.session.scalars(select(InterviewSlot).where(InterviewSlot.application_id == application_id)
                                  .order_by(InterviewSlot.id)).all()


def _offer(world, rows):
    return world["member"].post(f"/company/applications/{world['application_id']}/slots", data=_slot_form(rows))


def test_slots_offered_and_shown_to_the_trainee(app, setup):
    world = setup()
    response = _offer(world, [_row(days=3), _row(days=4, place="", video_url="https://meet.example.kr/abc")])
    assert response.status_code == 303
    slots = _slots(app, world["application_id"])
    assert len(slots) == 2
    # The date and time are read in Seoul: 14:00 KST is 05:00 UTC.
    assert slots[0].starts_at == seoul_time(board_today() + timedelta(days=3), time(14, 0))
    assert slots[0].starts_at.astimezone(UTC).hour == 5
    page = world["trainee"].get("/me/applications").get_data(as_text=True)
    assert "광주 본사 3층" in page and f"/slots/{slots[0].id}/choose" in page
    company_page = world["member"].get(f"/company/applications/{world['application_id']}").get_data(as_text=True)
    assert "광주 본사 3층" in company_page and "https://meet.example.kr/abc" in company_page


@pytest.mark.parametrize("stage", [Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING, Stage.OFFER])
def test_slots_only_at_the_interview_stage(app, setup, stage):
    world = setup(stage)
    response = _offer(world, [_row()])
    assert response.status_code == 303
    assert _slots(app, world["application_id"]) == []
    page = world["member"].get(response.headers["Location"]).get_data(as_text=True)
    assert "면접 단계에서만" in page or "only at the interview stage" in page


@pytest.mark.parametrize("row, field", [
    ({"days": -1}, "date"),
    ({"minutes": "0"}, "minutes"),
    ({"minutes": "500"}, "minutes"),
    ({"place": "", "video_url": ""}, "place"),
    ({"place": "", "video_url": "javascript:alert(1)"}, "video_url"),
])
def test_bad_slots_are_refused_with_messages(app, setup, row, field):
    world = setup()
    values = dict(row)
    days = values.pop("days", 3)
    response = _offer(world, [_row(days=days, **values)])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'class="error" id="rows-0-' + field in page
    assert _slots(app, world["application_id"]) == []


def test_no_rows_filled_is_refused(app, setup):
    world = setup()
    response = world["member"].post(f"/company/applications/{world['application_id']}/slots", data={})
    assert response.status_code == 422
    assert _slots(app, world["application_id"]) == []


def test_trainee_chooses_a_slot_and_gets_a_calendar_file(app, setup):
    world = setup()
    _offer(world, [_row(days=3), _row(days=5)])
    first, second = _slots(app, world["application_id"])
    base = f"/me/applications/{world['application_id']}/slots"
    assert world["trainee"].post(f"{base}/{first.id}/choose").status_code == 303
    ics = world["trainee"].get(f"{base}/{first.id}.ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    assert ics.headers["Content-Disposition"].startswith("attachment")
    event = Calendar.from_ical(ics.data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == first.starts_at
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
    assert "머신러닝 엔지니어" in str(event["summary"]) and "엑스랩" in str(event["summary"])
    assert str(event["location"]) == "광주 본사 3층"
    assert event["uid"]
    # The company may download it too.
    company_ics = world["member"].get(f"/company/applications/{world['application_id']}/slots/{first.id}.ics")
    assert company_ics.status_code == 200 and company_ics.mimetype == "text/calendar"
    # A second choice is refused; the first stands.
    refused = world["trainee"].post(f"{base}/{second.id}/choose")
    assert refused.status_code == 303
    chosen = [s.id for s in _slots(app, world["application_id"]) if s.chosen_at]
    assert chosen == [first.id]
    page = world["trainee"].get("/me/applications").get_data(as_text=True)
    assert f"{base}/{first.id}.ics" in page


def test_another_trainee_gets_404(app, setup, as_role):
    world = setup()
    _offer(world, [_row()])
    slot = _slots(app, world["application_id"])[0]
    other = as_role(Role.TRAINEE)
    base = f"/me/applications/{world['application_id']}/slots/{slot.id}"
    assert other.post(f"{base}/choose").status_code == 404
    assert other.get(f"{base}.ics").status_code == 404
    assert _slots(app, world["application_id"])[0].chosen_at is None


def test_slot_of_another_application_is_404(app, setup):
    world, other_world = setup(), setup()
    _offer(other_world, [_row()])
    slot = _slots(app, other_world["application_id"])[0]
    base = f"/me/applications/{world['application_id']}/slots/{slot.id}"
    assert world["trainee"].post(f"{base}/choose").status_code == 404
    assert world["trainee"].get(f"{base}.ics").status_code == 404


def test_trainee_asks_for_other_times(app, setup):
    world = setup()
    _offer(world, [_row()])
    response = world["trainee"].post(f"/me/applications/{world['application_id']}/other-times",
                                     data={"note": "다음 주 화요일 오후가 좋습니다"})
    assert response.status_code == 303
    page = world["member"].get(f"/company/applications/{world['application_id']}").get_data(as_text=True)
    assert "다음 주 화요일 오후가 좋습니다" in page


def _feedback(**overrides):
    data = {"interviewer_name": "김면접", "skills": "4", "communication": "5", "problem_solving": "3", "fit": "4",
            "note": "모델 설명이 명확했습니다."}
    data.update(overrides)
    return data


def test_feedback_recorded_and_read_by_the_committee(app, setup, as_role):
    world = setup()
    url = f"/company/applications/{world['application_id']}/feedback"
    assert world["member"].post(url, data=_feedback()).status_code == 303
    # Saving again replaces the member's own feedback: one per interviewer.
    assert world["member"].post(url, data=_feedback(note="두 번째 메모")).status_code == 303
    with app.app_context():
        rows = db.session.scalars(select(InterviewFeedback)).all()
        assert len(rows) == 1 and rows[0].scores == {"skills": 4, "communication": 5, "problem_solving": 3, "fit": 4}
    committee = as_role(Role.COMMITTEE)
    page = committee.get(f"/committee/review/{world['application_id']}").get_data(as_text=True)
    assert "김면접" in page and "두 번째 메모" in page


@pytest.mark.parametrize("bad", [{"skills": "0"}, {"fit": "6"}, {"communication": ""}, {"interviewer_name": ""}])
def test_bad_feedback_is_refused(app, setup, bad):
    world = setup()
    response = world["member"].post(f"/company/applications/{world['application_id']}/feedback", data=_feedback(**bad))
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InterviewFeedback)) == 0


def test_another_company_gets_404(app, setup, as_role, make):
    world = setup()
    other = as_role(Role.COMPANY, company_id=make.company())
    base = f"/company/applications/{world['application_id']}"
    assert other.post(f"{base}/feedback", data=_feedback()).status_code == 404
    assert other.post(f"{base}/slots", data=_slot_form([_row()])).status_code == 404
    assert other.post(f"{base}/reject", data={"rejection_code": "filled"}).status_code == 404
    world["member"].post(f"{base}/slots", data=_slot_form([_row()]))
    slot = _slots(app, world["application_id"])[0]
    assert other.get(f"{base}/slots/{slot.id}.ics").status_code == 404


def test_rejection_notifies_the_trainee_with_the_shared_reason(app, setup, caplog):
    world = setup()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = world["member"].post(f"/company/applications/{world['application_id']}/reject",
                                        data={"rejection_code": "filled", "shared_reason": "포트폴리오가 인상적이었습니다."})
    assert response.status_code == 303
    assert "포트폴리오가 인상적이었습니다." in caplog.text
    with app.app_context():
        application = db.session.get(Application, world["application_id"])
        assert application.stage == Stage.REJECTED and application.rejection_code == "filled"
        trainee_email = application.trainee.user.email
    assert trainee_email in caplog.text
    page = world["trainee"].get("/me/applications").get_data(as_text=True)
    assert "포트폴리오가 인상적이었습니다." in page


def test_rejection_with_a_bad_code_is_refused(app, setup, caplog):
    world = setup()
    with caplog.at_level(logging.WARNING):
        response = world["member"].post(f"/company/applications/{world['application_id']}/reject",
                                        data={"rejection_code": "nonsense"})
    assert response.status_code == 422
    assert "mail to" not in caplog.text
    with app.app_context():
        assert db.session.get(Application, world["application_id"]).stage == Stage.INTERVIEW
