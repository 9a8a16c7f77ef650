"""Lunch days as .ics files: the event, a trainee's tables per round, a company's table with who comes."""
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from board.platform.extensions import db
from board.web.lunch_calendar import lunch_day_calendar
from board.models import LunchCompany, LunchDay, LunchSeat, LunchSignup, Role, SignupStatus, Trainee


def events(body):
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def seated_day(app, make, as_role, published=True):
    """Two tables (알파랩, 베타소프트), two rounds; trainee 김하나 at 베타 then 알파, 이두리 at 알파 in round 1."""
    alpha, beta = make.company(name="알파랩"), make.company(name="베타소프트")
    day = make.lunch_day(companies=[alpha, beta], rounds=2, published=published)
    one, two = as_role(Role.TRAINEE, name="김하나"), as_role(Role.TRAINEE, name="이두리")
    with app.app_context():
        lunch_day = db.session.get(LunchDay, day)
        lunch_day.description = "명찰을 받으세요."
        tables = {lc.company.name: lc for lc in lunch_day.companies}
        signups = []
        for n, client in enumerate((one, two), start=1):
            tid = db.session.scalar(select(Trainee.id).where(Trainee.user_id == client.user_id))
            signups.append(LunchSignup(lunch_day_id=day, trainee_id=tid, status=SignupStatus.SEATED, arrival=n))
        db.session.add_all(signups)
        db.session.flush()
        r1, r2 = lunch_day.rounds
        db.session.add_all([
            LunchSeat(signup_id=signups[0].id, round_id=r1.id, lunch_company_id=tables["베타소프트"].id),
            LunchSeat(signup_id=signups[0].id, round_id=r2.id, lunch_company_id=tables["알파랩"].id),
            LunchSeat(signup_id=signups[1].id, round_id=r1.id, lunch_company_id=tables["알파랩"].id)])
        db.session.commit()
        return {"day": day, "one": one, "two": two, "signup": signups[0].id, "alpha": alpha,
                # iCalendar keeps whole seconds.
                "rounds": [(r.starts_at.replace(microsecond=0), r.minutes) for r in lunch_day.rounds]}


def test_trainee_calendar_has_the_event_and_one_event_per_round(app, make, as_role):
    world = seated_day(app, make, as_role)
    response = world["one"].get(f"/me/lunch-signups/{world['signup']}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    event, first, second = events(response.data)
    assert "런치데이" in str(event["summary"]) and str(event["location"]) == "인공지능사관학교 3층"
    assert "명찰을 받으세요." in str(event["description"])
    (r1_start, r1_minutes), (r2_start, _) = world["rounds"]
    assert event.decoded("dtstart") == r1_start
    assert first.decoded("dtstart") == r1_start
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=r1_minutes)
    assert "베타소프트" in str(first["summary"]) and "1라운드" in str(first["summary"])
    assert second.decoded("dtstart") == r2_start and "알파랩" in str(second["summary"])
    assert len({str(e["uid"]) for e in (event, first, second)}) == 3
    assert all(e.get("dtstamp") for e in (event, first, second))


def test_before_publication_the_trainee_gets_only_the_event(app, make, as_role):
    world = seated_day(app, make, as_role, published=False)
    response = world["one"].get(f"/me/lunch-signups/{world['signup']}/calendar.ics")
    assert len(events(response.data)) == 1


def test_company_calendar_lists_the_trainees_at_its_table_per_round(app, make, as_role):
    world = seated_day(app, make, as_role)
    member = as_role(Role.COMPANY, company_id=world["alpha"])
    response = member.get(f"/company/lunch-days/{world['day']}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    event, first, second = events(response.data)
    assert "이두리" in str(first["description"]) and "김하나" not in str(first["description"])
    assert "김하나" in str(second["description"]) and "이두리" not in str(second["description"])
    assert "알파랩" in str(first["summary"])


def test_calendar_function_without_a_person_is_the_event_alone(app, make, as_role):
    world = seated_day(app, make, as_role)
    with app.app_context():
        lunch_day = db.session.get(LunchDay, world["day"])
        assert len(events(lunch_day_calendar(lunch_day))) == 1
        table = db.session.scalar(select(LunchCompany).where(LunchCompany.company_id == world["alpha"]))
        assert len(events(lunch_day_calendar(lunch_day, lunch_company=table))) == 3


def test_a_cancelled_or_someone_elses_sign_up_has_no_calendar(app, make, as_role):
    world = seated_day(app, make, as_role)
    assert world["two"].get(f"/me/lunch-signups/{world['signup']}/calendar.ics").status_code == 404
    with app.app_context():
        db.session.get(LunchSignup, world["signup"]).status = SignupStatus.CANCELLED
        db.session.commit()
    assert world["one"].get(f"/me/lunch-signups/{world['signup']}/calendar.ics").status_code == 404
