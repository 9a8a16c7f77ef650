"""Who owns the transaction: domain functions never commit or roll back, so a caller combining two
steps gets both or neither, and a step that loses a race never silently undoes the one before it."""

import pytest
from sqlalchemy import func, select

from board.domain import lunchdays, matching, pipeline
from board.platform.database import unit_of_work
from board.platform.extensions import db
from board.models import (
    Application, FollowUpDecision, LunchDay, LunchFollowUp, LunchSignup, MeetRequest, Opening, OpeningStatus, Role,
    Stage, Trainee, User,
)
from board.models.lunchdays import LunchCompany
from board.domain.postings import TransitionRefused, close
from tests.test_lunchdays_company import applicant, past_lunch_day, seat


@pytest.fixture
def company(app, make, as_role):
    company_id = make.company(name="엑스랩")
    member = as_role(Role.COMPANY, company_id=company_id)
    member.company_id = company_id
    return member


@pytest.fixture
def met(app, make, as_role, company):
    """A trainee the company met at its table on a past lunch day, with an application at 서류 검토."""
    day, table = past_lunch_day(app, make, company)
    trainee = applicant(app, make, as_role, company.company_id)
    seat(app, day, trainee.user_id, table)
    trainee.table = table
    return trainee


def _follow_up(met, company):
    invitation = db.session.get(LunchCompany, met.table)
    member = db.session.get(User, company.user_id)
    return lunchdays.follow_up(invitation, db.session.get(Trainee, met.trainee_id), FollowUpDecision.INTERVIEW,
                               member)


def _follow_ups():
    return db.session.scalar(select(func.count()).select_from(LunchFollowUp))


def test_a_lost_race_in_the_second_step_keeps_the_first_for_the_caller(app, make, company, met):
    """The follow-up, then closing an opening a colleague closed a moment ago: the refusal leaves the follow-up."""
    closed = make.opening(company.company_id, title="마감된 공고", status=OpeningStatus.CLOSED)
    with app.app_context():
        _follow_up(met, company)
        opening = db.session.get(Opening, closed)
        with pytest.raises(TransitionRefused):
            close(opening, db.session.get(User, company.user_id))
        # The caller decides: here it keeps the first step.
        db.session.commit()
    with app.app_context():
        assert _follow_ups() == 1
        assert db.session.get(Application, met.application_id).stage == Stage.INTERVIEW


def test_a_decision_taken_first_elsewhere_does_not_undo_the_callers_work(app, make, as_role, company, met):
    """matching.decide_meeting losing to another member raises; what the caller did before stays in its transaction."""
    committee = make.user(Role.COMMITTEE)
    with app.app_context():
        trainee = db.session.get(Trainee, met.trainee_id)
        trainee.visible_to_companies = True
        meet = matching.request_meeting(db.session.get(Opening, met.opening_id).company, trainee,
                                        db.session.get(User, company.user_id))
        db.session.commit()
        meet_id = meet.id
    with app.app_context():
        matching.decide_meeting(db.session.get(MeetRequest, meet_id), db.session.get(User, committee), True)
        db.session.commit()
    with app.app_context():
        _follow_up(met, company)
        with pytest.raises(matching.MatchRefused):
            matching.decide_meeting(db.session.get(MeetRequest, meet_id), db.session.get(User, committee), False)
        assert db.session.get(MeetRequest, meet_id).status.value == "accepted"
        db.session.commit()
    with app.app_context():
        assert _follow_ups() == 1


def test_the_unit_of_work_commits_both_steps_or_neither(app, make, company, met):
    """A follow-up whose pipeline move then loses a race: inside unit_of_work neither is kept."""
    with app.app_context():
        with pytest.raises(pipeline.MoveRefused):
            with unit_of_work():
                record = _follow_up(met, company)
                assert record.application_id == met.application_id
                application = db.session.get(Application, met.application_id)
                # The page showed an older version: someone moved the card since.
                pipeline.move(application, Stage.OFFER, db.session.get(User, company.user_id),
                              expected_version=application.version - 1)
    with app.app_context():
        assert _follow_ups() == 0
        assert db.session.get(Application, met.application_id).stage == Stage.COMPANY_REVIEW
    with app.app_context():
        with unit_of_work():
            _follow_up(met, company)
    with app.app_context():
        assert _follow_ups() == 1
        assert db.session.get(Application, met.application_id).stage == Stage.INTERVIEW


def test_a_refused_second_sign_up_hands_its_arrival_number_back(app, make, as_role):
    """The double click's refusal undoes only its own writes (the arrival counter), not the caller's."""
    trainee = as_role(Role.TRAINEE)
    day = make.lunch_day()
    with app.app_context():
        lunch_day = db.session.get(LunchDay, day)
        person = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        lunchdays.sign_up(lunch_day, person)
        db.session.commit()
        arrivals = db.session.get(LunchDay, day).arrivals
    with app.app_context():
        lunch_day = db.session.get(LunchDay, day)
        person = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        person.headline = "두 번 눌렀습니다"
        with pytest.raises(lunchdays.LunchRefused):
            lunchdays.sign_up(lunch_day, person)
        db.session.commit()
    with app.app_context():
        assert db.session.get(LunchDay, day).arrivals == arrivals
        assert db.session.scalar(select(Trainee.headline).where(Trainee.user_id == trainee.user_id)) == "두 번 눌렀습니다"
        assert db.session.scalar(select(func.count()).select_from(LunchSignup)) == 1
