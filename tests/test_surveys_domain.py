"""surveys.save_answer and surveys.open_round: the survey rules every screen, seed and job goes through."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from board.domain import surveys
from board.platform.extensions import db
from board.models import AuditEntry, HiringTiming, JobRole, Role, SurveyResponse, SurveyRound, SurveyRow, User
from board.platform.seoul_time import board_today


@pytest.fixture
def world(app, make):
    company_id = make.company(name="엑스랩")
    member = make.user(Role.COMPANY, company_id=company_id)
    committee = make.user(Role.COMMITTEE)
    with app.app_context():
        survey = surveys.open_round("2026 하반기", board_today() + timedelta(days=7), "", db.session.get(User, committee))
        db.session.commit()
        return {"company": company_id, "member": member, "committee": committee, "round": survey.id}


def _demand(headcount=3):
    return surveys.Demand(JobRole.VISION, headcount, HiringTiming.NOW)


def _rows(app):
    with app.app_context():
        return [r.headcount for r in db.session.scalars(select(SurveyRow).order_by(SurveyRow.id))]


def test_opening_a_round_is_audited_with_its_actor(app, world):
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "survey.open"))
        assert (entry.subject_id, entry.actor_id) == (world["round"], world["committee"])


def test_an_answer_after_the_deadline_is_refused_and_saves_nothing(app, world):
    with app.app_context():
        survey = db.session.get(SurveyRound, world["round"])
        with pytest.raises(surveys.SurveyRefused):
            surveys.save_answer(survey, world["company"], db.session.get(User, world["member"]), [_demand()],
                                today=survey.deadline + timedelta(days=1))
        db.session.commit()
    assert _rows(app) == []
    with app.app_context():
        # The deadline day itself still counts (a date in Seoul).
        survey = db.session.get(SurveyRound, world["round"])
        surveys.save_answer(survey, world["company"], db.session.get(User, world["member"]), [_demand()],
                            today=survey.deadline)
        db.session.commit()
    assert _rows(app) == [3]


def test_a_second_answer_replaces_the_rows_of_the_first(app, world):
    for headcount in (3, 5):
        with app.app_context():
            surveys.save_answer(db.session.get(SurveyRound, world["round"]), world["company"],
                                db.session.get(User, world["member"]), [_demand(headcount)])
            db.session.commit()
    assert _rows(app) == [5]


def test_a_colleagues_answer_created_meanwhile_is_replaced_not_lost(app, world, monkeypatch):
    """Two members' first answers at once: the unique (round, company) keeps one, the second replaces its rows."""
    with app.app_context():
        surveys.save_answer(db.session.get(SurveyRound, world["round"]), world["company"],
                            db.session.get(User, world["member"]), [_demand(3)])
        db.session.commit()
    found = surveys.response_of
    calls = []

    def not_seen_yet(*args, **kwargs):
        # The first look happens before the colleague's commit: it finds nothing.
        calls.append(1)
        return None if len(calls) == 1 else found(*args, **kwargs)
    monkeypatch.setattr(surveys, "response_of", not_seen_yet)
    with app.app_context():
        member = db.session.get(User, world["member"])
        member.name = "같은 거래의 앞선 변경"
        surveys.save_answer(db.session.get(SurveyRound, world["round"]), world["company"], member, [_demand(4)])
        db.session.commit()
    assert _rows(app) == [4]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
        assert db.session.get(User, world["member"]).name == "같은 거래의 앞선 변경"
