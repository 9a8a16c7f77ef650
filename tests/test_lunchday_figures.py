"""The committee's lunch-day pages show the domain's figures: seats a round (lunchdays.seats_per_round)
and mutual wishes (seating.mutual_interests), never a copy of the rule that could drift."""

import re

import pytest
from sqlalchemy import select

from board.domain import lunchdays
from board.platform.extensions import db
from board.models import Company, CompanyStatus, LunchCompany, LunchDay, LunchSignup, Role, Trainee


@pytest.fixture
def committee(as_role):
    client = as_role(Role.COMMITTEE)
    client.post("/language", data={"lang": "en"})
    return client


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_suspended_companys_table_seats_nobody_on_either_page(app, make, committee):
    good, suspended = make.company(name="엑스 AI"), make.company(name="정지된 회사")
    day = make.lunch_day(companies=[good, suspended], seats=4)
    with app.app_context():
        db.session.get(Company, suspended).status = CompanyStatus.SUSPENDED
        db.session.commit()
        assert lunchdays.seats_per_round(db.session.get(LunchDay, day)) == 4
    listing = _text(committee.get("/committee/lunch-days").get_data(as_text=True))
    assert "4 seats a round" in listing and "8 seats a round" not in listing
    detail = _text(committee.get(f"/committee/lunch-days/{day}").get_data(as_text=True))
    assert re.search(r"Seats per round, all tables\s+4\b", detail), detail


def test_the_plan_marks_the_mutual_wishes_the_seating_favours(app, make, committee):
    companies = [make.company(name=n) for n in ("엑스 AI", "와이 비전")]
    day = make.lunch_day(rounds=1, companies=companies, seats=1)
    trainees = []
    for name in ("김하나", "이두리"):
        user_id = make.user(Role.TRAINEE, name=name)
        with app.app_context():
            trainees.append(db.session.scalar(select(Trainee.id).where(Trainee.user_id == user_id)))
    with app.app_context():
        lunch_day = db.session.get(LunchDay, day)
        tables = dict(db.session.execute(select(LunchCompany.company_id, LunchCompany)
                                         .where(LunchCompany.lunch_day_id == day)).all())
        for trainee_id in trainees:
            signup = lunchdays.sign_up(lunch_day, db.session.get(Trainee, trainee_id))
            lunchdays.set_preferences(signup, [tables[c].id for c in companies])
        # 와이 비전 asks to meet 이두리, who ranked it second: a mutual wish.
        lunchdays.mark_interest(tables[companies[1]], db.session.get(Trainee, trainees[1]))
        db.session.commit()
        second = db.session.scalar(select(LunchSignup.id).where(LunchSignup.trainee_id == trainees[1]))
        pair = (second, tables[companies[1]].id)
    assert committee.post(f"/committee/lunch-days/{day}/plan/generate").status_code == 303
    page = committee.get(f"/committee/lunch-days/{day}/plan").get_data(as_text=True)
    stars = re.findall(r"<li>([^<]+) <span class=\"mutual\"", page)
    assert stars == ["이두리"]
    with app.app_context():
        from board.domain import seating
        assert seating.mutual_interests(db.session.get(LunchDay, day)) == {pair}
