"""/committee/proposals says who proposed: a committee member, or the company after a lunch day."""

import re

from sqlalchemy import select

from board.domain import matching
from board.platform.extensions import db
from board.models import Opening, Role, Trainee, User
from tests.test_lunchdays_company import past_lunch_day, seat
from tests.test_lunchdays_trainee import trainee_id


def _row(page, name):
    return next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL) if name in r)


def test_a_lunch_day_proposal_is_labelled_as_the_companys(app, make, as_role):
    company_id = make.company(name="엑스랩")
    member = as_role(Role.COMPANY, company_id=company_id, name="박담당")
    member.company_id = company_id
    day, table = past_lunch_day(app, make, member)
    opening = make.opening(company_id, title="데이터 분석가")
    met = as_role(Role.TRAINEE, name="김만남")
    seat(app, day, met.user_id, table)
    response = member.post(f"/company/lunch-days/{day}/follow-up/{trainee_id(app, met.user_id)}",
                           data={"decision": "interview", "opening": str(opening)})
    assert response.status_code == 303
    committee = as_role(Role.COMMITTEE, name="이위원")
    other = make.user(Role.TRAINEE, name="최추천")
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == other))
        matching.propose(trainee, db.session.get(Opening, opening), db.session.get(User, committee.user_id))
        db.session.commit()
    page = committee.get("/committee/proposals").get_data(as_text=True)
    lunch_row, committee_row = _row(page, "김만남"), _row(page, "최추천")
    assert "기업 제안(런치데이 후)" in lunch_row and "박담당" in lunch_row
    assert "이위원" in committee_row and "기업 제안" not in committee_row
