"""rosters.confirm_import: the confirmed roster import as one domain function (claim once, check, import, audit)."""

import pytest
from sqlalchemy import func, select

from board.domain import roster
from board.platform.extensions import db
from board.models import AuditEntry, Role, RosterImport, Trainee, User
from board.models.accounts import create_account
from tests.test_rosters import ROWS, csv_bytes


@pytest.fixture
def world(app, make):
    cohort_id = make.cohort(number=7)
    committee = make.user(Role.COMMITTEE)
    content = csv_bytes(ROWS)
    with app.app_context():
        upload = RosterImport(cohort_id=cohort_id, uploaded_by_id=committee, filename="명단.csv", content=content)
        db.session.add(upload)
        db.session.commit()
        return {"upload": upload.id, "committee": committee, "rows": roster.read_roster("명단.csv", content)}


def _trainees(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Trainee))


def test_a_confirmed_import_runs_once_and_is_audited(app, world):
    with app.app_context():
        upload = db.session.get(RosterImport, world["upload"])
        invited = roster.confirm_import(upload, world["rows"], db.session.get(User, world["committee"]))
        db.session.commit()
        assert len(invited) == 3 and upload.imported_at is not None
        assert '"created": 3' in upload.summary
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roster.import"))
        assert entry.actor_id == world["committee"]
    assert _trainees(app) == 3
    with app.app_context():
        with pytest.raises(roster.ImportRefused) as refused:
            roster.confirm_import(db.session.get(RosterImport, world["upload"]), world["rows"],
                                  db.session.get(User, world["committee"]))
        assert refused.value.reason == "imported"
    assert _trainees(app) == 3


def test_an_email_taken_meanwhile_undoes_the_whole_import_but_not_the_callers_work(app, world, monkeypatch):
    """Between the check and the insert someone added an email: nothing of the import stays, the claim included."""
    monkeypatch.setattr(roster, "check_rows", lambda rows, cohort: rows)  # the check ran before the other insert
    with app.app_context():
        create_account(ROWS[1][1], "먼저 온 사람", Role.COMPANY)
        db.session.commit()
    with app.app_context():
        committee = db.session.get(User, world["committee"])
        committee.name = "앞선 변경"
        with pytest.raises(roster.ImportRefused) as refused:
            roster.confirm_import(db.session.get(RosterImport, world["upload"]), world["rows"], committee)
        assert refused.value.reason == "changed"
        db.session.commit()
    assert _trainees(app) == 0
    with app.app_context():
        assert db.session.get(RosterImport, world["upload"]).imported_at is None
        assert db.session.get(User, world["committee"]).name == "앞선 변경"
