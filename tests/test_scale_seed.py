"""The scale seed: `flask seed scale --preset academy` writes a large board that obeys the models' rules."""
from collections import Counter, defaultdict
from datetime import UTC

import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import (
    Application, Cohort, Company, LunchCompany, LunchDay, LunchSeat, LunchSignup, Opening, OpeningStatus, Role, Stage,
    StageChange, Trainee, User,
)
from board.models.companies import registration_number_is_valid
from board.models.lunchdays import SignupStatus
from board.domain.pipeline import MOVES
from tests.conftest import sign_in

DEMO_PASSWORD = "demo-pass-2026"


@pytest.fixture
def academy(app, runner):
    result = runner.invoke(args=["seed", "scale", "--preset", "academy"])
    assert result.exit_code == 0, result.output
    assert "3,000 applications" in result.output
    return app


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_scale_seed_writes_the_academy_preset(academy):
    with academy.app_context():
        assert [_count(m) for m in (Cohort, Trainee, Company, Opening, Application, LunchDay)] == [2, 360, 60, 300, 3000, 4]
        # One precomputed hash for every account: hashing 400 passwords at full strength would take a minute.
        assert db.session.scalar(select(func.count(func.distinct(User.password_hash)))) == 1
        numbers = db.session.scalars(select(Company.registration_number)).all()
        assert len(set(numbers)) == len(numbers) and all(registration_number_is_valid(n) for n in numbers)
        # Enums come back as members and times as aware UTC through the ORM, as the app reads them.
        application = db.session.scalars(select(Application).limit(1)).one()
        assert isinstance(application.stage, Stage) and application.created_at.tzinfo == UTC
        assert db.session.scalar(select(func.count()).select_from(Application).join(Opening).where(
            Opening.status.not_in([OpeningStatus.PUBLISHED, OpeningStatus.CLOSED]))) == 0


def test_scale_seed_applications_walked_legal_paths(academy):
    with academy.app_context():
        roles = dict(db.session.execute(select(User.id, User.role)).all())
        events = defaultdict(list)
        for event in db.session.scalars(select(StageChange).order_by(StageChange.application_id, StageChange.at)):
            events[event.application_id].append(event)
        stages = dict(db.session.execute(select(Application.id, Application.stage)).all())
        assert set(events) == set(stages)
        for application_id, history in events.items():
            assert history[0].from_stage is None and history[0].to_stage == Stage.SUBMITTED
            for event in history[1:]:
                assert roles[event.actor_id] in MOVES[(event.from_stage, event.to_stage)]
            assert history[-1].to_stage == stages[application_id]


def test_scale_seed_lunch_days_respect_places_and_tables(academy):
    with academy.app_context():
        for day in db.session.scalars(select(LunchDay)):
            statuses = Counter(s.status for s in day.signups)
            assert 0 < statuses[SignupStatus.SEATED] <= day.capacity
            assert sorted(s.arrival for s in day.signups) == list(range(1, day.arrivals + 1))
        seats = dict(db.session.execute(select(LunchCompany.id, LunchCompany.seats)).all())
        per_table = Counter(db.session.execute(select(LunchSeat.round_id, LunchSeat.lunch_company_id)).all())
        assert per_table and all(n <= seats[table] for (_, table), n in per_table.items())
        unseated = db.session.scalar(select(func.count()).select_from(LunchSeat).join(LunchSignup).where(
            LunchSignup.status != SignupStatus.SEATED))
        assert unseated == 0


def test_scale_seed_accounts_sign_in_and_the_app_keeps_writing(academy):
    client = academy.test_client()
    assert sign_in(client, "trainee@board.example", DEMO_PASSWORD).status_code == 303
    board = client.get("/openings?q=데이터")
    assert board.status_code == 200 and "데이터" in board.get_data(as_text=True)
    mine = client.get("/me/applications").get_data(as_text=True)
    with academy.app_context():
        trainee = db.session.scalar(select(Trainee).join(User).where(User.email == "trainee@board.example"))
        titles = [a.opening.title for a in trainee.applications]
        assert len(titles) == 8 and all(title in mine for title in titles)
        # Ids were written explicitly; new rows must still get fresh ones (PostgreSQL sequences moved on).
        user = User(email="new@board.example", name="새 위원", role=Role.COMMITTEE)
        db.session.add(user)
        db.session.commit()
        assert user.id == db.session.scalar(select(func.max(User.id)))


def test_scale_seed_refuses_a_database_in_use(academy, runner):
    result = runner.invoke(args=["seed", "scale", "--preset", "academy"])
    assert result.exit_code != 0 and "not empty" in result.output
    assert runner.invoke(args=["seed", "scale", "--if-empty"]).exit_code == 0
    with academy.app_context():
        assert _count(Trainee) == 360
