"""The committee's lunch-day pages: planning one, inviting companies, the funnel, the seating plan and check-in."""
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from board.domain import lunchdays
from board.platform.extensions import db
from board.models import (
    Attendance, AuditEntry, LunchCompany, LunchDay, LunchSeat, LunchSignup, Role, SignupStatus, Trainee, User,
)
from board.models.types import utcnow
from tests.hostile_world import _seat


@pytest.fixture
def committee(as_role):
    client = as_role(Role.COMMITTEE)
    client.post("/language", data={"lang": "en"})
    return client


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _form(**changes):
    """A valid new lunch day: 10 Dec 2030 12:00 Seoul, 2 rounds of 40 minutes with 5 between, sign-up a week before."""
    data = {"title": "2030 런치데이", "venue": "인공지능사관학교 3층 라운지", "description": "기업 담당자와 점심을 함께합니다.",
            "day": "2030-12-10", "start": "12:00", "rounds": "2", "minutes": "40", "break_minutes": "5",
            "opens": "2030-12-01T09:00", "closes": "2030-12-08T18:00", "capacity": "60"}
    data.update(changes)
    return data


def _trainee(app, make, name):
    """A trainee account named name; returns the Trainee id."""
    user_id = make.user(Role.TRAINEE, name=name)
    with app.app_context():
        return db.session.scalar(select(Trainee.id).where(Trainee.user_id == user_id))


def _sign_up(app, lunch_day_id, *trainee_ids):
    """Sign the trainees up in this order; returns their sign-up ids."""
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        ids = [lunchdays.sign_up(lunch_day, db.session.get(Trainee, t)).id for t in trainee_ids]
        db.session.commit()
        return ids


# Planning a lunch day

def test_committee_plans_a_lunch_day_in_seoul_time(app, committee):
    response = committee.post("/committee/lunch-days/new", data=_form(rounds="3"))
    assert response.status_code == 303
    with app.app_context():
        lunch_day = db.session.scalar(select(LunchDay))
        assert response.headers["Location"] == f"/committee/lunch-days/{lunch_day.id}"
        # 12:00 in Seoul is 03:00 UTC; rounds follow every 45 minutes.
        assert lunch_day.starts_at == datetime(2030, 12, 10, 3, 0, tzinfo=UTC)
        assert [(r.number, r.starts_at.strftime("%H:%M"), r.minutes) for r in lunch_day.rounds] == [
            (1, "03:00", 40), (2, "03:45", 40), (3, "04:30", 40)]
        assert lunch_day.signup_opens_at == datetime(2030, 12, 1, 0, 0, tzinfo=UTC)
        assert lunch_day.signup_closes_at == datetime(2030, 12, 8, 9, 0, tzinfo=UTC)
        assert (lunch_day.capacity, lunch_day.created_by_id) == (60, committee.user_id)
        assert db.session.scalar(select(AuditEntry.action)) == "lunch.create"
    page = committee.get(f"/committee/lunch-days/{lunch_day.id}").get_data(as_text=True)
    assert "2030 런치데이" in page and "인공지능사관학교 3층 라운지" in page


@pytest.mark.parametrize("changes,field", [
    ({"title": "  "}, "title"),
    ({"venue": ""}, "venue"),
    ({"day": ""}, "day"),
    ({"start": "25:00"}, "start"),
    ({"rounds": "0"}, "rounds"),
    ({"rounds": "5"}, "rounds"),
    ({"minutes": "5"}, "minutes"),
    ({"break_minutes": "61"}, "break_minutes"),
    ({"capacity": "0"}, "capacity"),
    ({"capacity": "501"}, "capacity"),
    ({"capacity": "many"}, "capacity"),
    ({"closes": "2030-12-10T12:30"}, "closes"),        # closes after the start
    ({"opens": "2030-12-09T09:00"}, "opens"),          # opens after it closes
    ({"opens": ""}, "opens"),
    ({"description": "<script>alert(1)</script>"}, "description"),
])
def test_bad_lunch_day_input_is_refused_beside_the_field_and_saves_nothing(app, committee, changes, field):
    response = committee.post("/committee/lunch-days/new", data=_form(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and 'aria-invalid="true"' in page
    assert _count(app, LunchDay) == 0


def test_the_window_rules_say_what_is_wrong(app, committee):
    page = committee.post("/committee/lunch-days/new", data=_form(closes="2030-12-11T09:00"),
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in page and "Sign-up must close before the lunch day starts." in page
    page = committee.post("/committee/lunch-days/new", data=_form(opens="2030-12-08T18:00")).get_data(as_text=True)
    assert "Sign-up must open before it closes." in page


def test_editing_keeps_the_places_already_taken(app, make, committee):
    lunch_day_id = make.lunch_day(capacity=2)
    first, second, third = (_trainee(app, make, n) for n in ("김하나", "이두리", "박세찬"))
    _sign_up(app, lunch_day_id, first, second, third)
    url = f"/committee/lunch-days/{lunch_day_id}/edit"
    form = committee.get(url)
    assert form.status_code == 200 and 'value="2"' in form.get_data(as_text=True)
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        local = lunch_day.starts_at.astimezone(ZoneInfo("Asia/Seoul"))
    timing = {"day": local.strftime("%Y-%m-%d"), "start": local.strftime("%H:%M"),
              "opens": (local - timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
              "closes": (local - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}

    refused = committee.post(url, data=_form(capacity="1", **timing))
    assert refused.status_code == 422
    assert "2 trainees already hold a place; the places cannot be fewer." in refused.get_data(as_text=True)
    assert _count(app, LunchDay, LunchDay.capacity == 2) == 1

    # More places seat the waiting list in order.
    assert committee.post(url, data=_form(capacity="3", **timing)).status_code == 303
    assert _count(app, LunchSignup, LunchSignup.status == SignupStatus.SEATED) == 3


def test_rounds_stay_while_a_plan_exists(app, make, committee):
    company = make.company()
    lunch_day_id = make.lunch_day(rounds=2, companies=[company])
    [signup] = _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"))
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        table = db.session.scalar(select(LunchCompany.id))
        db.session.add(LunchSeat(signup_id=signup, round_id=lunch_day.rounds[0].id, lunch_company_id=table))
        lunch_day.plan_generated_at = utcnow()
        db.session.commit()
    page = committee.get(f"/committee/lunch-days/{lunch_day_id}/edit").get_data(as_text=True)
    data = {name: value for name, value in re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page)}
    data.pop("csrf_token")
    response = committee.post(f"/committee/lunch-days/{lunch_day_id}/edit", data=_form(**{**data, "rounds": "3"}))
    assert response.status_code == 422
    assert "A seating plan exists, so the number of rounds cannot change." in response.get_data(as_text=True)
    assert _count(app, LunchSeat) == 1


def test_unknown_lunch_days_answer_404(committee):
    for path in ("", "/edit", "/plan", "/check-in", "/calendar.ics"):
        assert committee.get(f"/committee/lunch-days/999{path}").status_code == 404
    assert committee.post("/committee/lunch-days/999/invite", data={"companies": "1"}).status_code == 404


# The list

def test_the_list_puts_upcoming_days_first_and_shows_an_empty_state(app, make, committee):
    empty = committee.get("/committee/lunch-days").get_data(as_text=True)
    assert "No lunch day yet." in empty and 'href="/committee/lunch-days/new"' in empty
    past = make.lunch_day(starts_in=timedelta(days=-30), opens_in=timedelta(days=-50), closes_in=timedelta(days=-35))
    soon = make.lunch_day(starts_in=timedelta(days=3))
    later = make.lunch_day(starts_in=timedelta(days=20), published=True)
    page = committee.get("/committee/lunch-days").get_data(as_text=True)
    order = [int(i) for i in re.findall(r'href="/committee/lunch-days/(\d+)"', page)]
    assert order == [soon, later, past]
    assert "Plan published" in page and page.index("Upcoming") < page.index("Past")


# Invitations and the lunch day's page

def test_committee_invites_several_companies_partners_first(app, make, committee):
    lunch_day_id = make.lunch_day()
    plain = make.company(name="가나다 AI")
    partner = make.company(name="하하 로보틱스", partner=True)
    page = committee.get(f"/committee/lunch-days/{lunch_day_id}").get_data(as_text=True)
    assert page.index("하하 로보틱스") < page.index("가나다 AI")
    response = committee.post(f"/committee/lunch-days/{lunch_day_id}/invite", data={"companies": [plain, partner]})
    assert response.status_code == 303
    with app.app_context():
        invited = db.session.execute(select(LunchCompany.company_id, LunchCompany.status)
                                     .where(LunchCompany.lunch_day_id == lunch_day_id)).all()
        assert sorted(invited) == sorted([(plain, Attendance.INVITED), (partner, Attendance.INVITED)])
    page = committee.get(f"/committee/lunch-days/{lunch_day_id}").get_data(as_text=True)
    assert "Every approved company is invited." in page


def test_inviting_nobody_a_pending_or_an_invited_company_is_refused(app, make, committee):
    from board.models import CompanyStatus
    lunch_day_id = make.lunch_day()
    pending = make.company(status=CompanyStatus.PENDING)
    assert committee.post(f"/committee/lunch-days/{lunch_day_id}/invite", data={}).status_code == 422
    assert committee.post(f"/committee/lunch-days/{lunch_day_id}/invite", data={"companies": pending}).status_code == 422
    assert _count(app, LunchCompany) == 0


def test_the_page_shows_the_funnel_tables_and_waiting_list(app, make, committee):
    x, y = make.company(name="엑스 AI"), make.company(name="와이 비전")
    lunch_day_id = make.lunch_day(capacity=2, companies=[x], seats=1)
    a, b, c = (_trainee(app, make, n) for n in ("김하나", "이두리", "박세찬"))
    first, _, _ = _sign_up(app, lunch_day_id, a, b, c)
    with app.app_context():
        signup = db.session.get(LunchSignup, first)
        lunchdays.check_in(signup, db.session.get(User, committee.user_id), now=signup.lunch_day.starts_at)
        db.session.add(LunchCompany(lunch_day_id=lunch_day_id, company_id=y))
        db.session.commit()
    page = committee.get(f"/committee/lunch-days/{lunch_day_id}").get_data(as_text=True)
    funnel = dict(re.findall(r'data-step="(\w+)">([\d,]+)<', page))
    assert funnel == {"seats": "2", "signups": "3", "seated": "2", "checked_in": "1", "interviews": "0", "hires": "0"}
    # One seat a round for two seated trainees: the committee is warned.
    assert "The tables seat 1 trainees a round, but 2 hold a place" in page
    assert "와이 비전" in page and "Invited" in page
    waiting = page[page.index("Waiting list (1)"):]
    assert "No. 1" in waiting and "박세찬" in waiting


# Check-in

def test_check_in_through_htmx_returns_only_the_row(app, make, committee):
    lunch_day_id = make.lunch_day(starts_in=timedelta(minutes=30))
    first, second = _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"), _trainee(app, make, "이두리"))
    url = f"/committee/lunch-days/{lunch_day_id}/check-in/{first}"
    response = committee.post(url, data={"present": "1"}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="signup-{first}"' in body and f'id="signup-{second}"' not in body
    assert "Checked in" in body and "Undo" in body and "이두리" not in body
    # The counts change out of band.
    assert 'hx-swap-oob="true"' in body and 'data-count="checked_in">1<' in body
    with app.app_context():
        signup = db.session.get(LunchSignup, first)
        assert signup.checked_in_at is not None and signup.checked_in_by_id == committee.user_id
    undo = committee.post(url, data={"present": "0"}, headers={"HX-Request": "true"})
    assert undo.status_code == 200 and 'class="button checkin-button"' in undo.get_data(as_text=True)
    assert _count(app, LunchSignup, LunchSignup.checked_in_at.is_not(None)) == 0
    # Without JavaScript the page comes back whole.
    plain = committee.post(url, data={"present": "1"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"#signup-{first}")


def test_check_in_refuses_the_waiting_list_and_other_lunch_days(app, make, committee):
    lunch_day_id = make.lunch_day(capacity=1)
    other = make.lunch_day()
    _, waiting = _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"), _trainee(app, make, "이두리"))
    response = committee.post(f"/committee/lunch-days/{lunch_day_id}/check-in/{waiting}", headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Only trainees with a confirmed place" in response.get_data(as_text=True)
    assert committee.post(f"/committee/lunch-days/{other}/check-in/{waiting}").status_code == 404
    assert _count(app, LunchSignup, LunchSignup.checked_in_at.is_not(None)) == 0


def test_check_in_opens_an_hour_before_the_start_and_closes_at_the_end_of_the_day_in_seoul(app, make):
    seoul = ZoneInfo("Asia/Seoul")
    lunch_day_id = make.lunch_day()
    signup_id, = _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"))
    staff_id = make.user(Role.COMMITTEE)
    with app.app_context():
        signup = db.session.get(LunchSignup, signup_id)
        signup.lunch_day.starts_at = datetime(2027, 1, 14, 12, 0, tzinfo=seoul).astimezone(UTC)
        staff = db.session.get(User, staff_id)
        expected = {
            datetime(2026, 12, 3, 10, 0): "check_in_not_yet",   # weeks ahead: what polluted the funnel
            datetime(2027, 1, 14, 10, 59): "check_in_not_yet",
            datetime(2027, 1, 14, 11, 0): None,
            datetime(2027, 1, 14, 23, 59): None,
            datetime(2027, 1, 15, 0, 0): "check_in_closed",
            datetime(2027, 1, 20, 12, 0): "check_in_closed",
        }
        for local, refused in expected.items():
            now = local.replace(tzinfo=seoul).astimezone(UTC)
            signup.checked_in_at = None
            if refused is None:
                assert lunchdays.check_in(signup, staff, now=now).checked_in_at == now
            else:
                with pytest.raises(lunchdays.LunchRefused) as caught:
                    lunchdays.check_in(signup, staff, now=now)
                assert caught.value.reason == refused and signup.checked_in_at is None
        # An event starting late in the evening stays open six hours, past midnight.
        signup.lunch_day.starts_at = datetime(2027, 1, 14, 23, 30, tzinfo=seoul).astimezone(UTC)
        for local, refused in {datetime(2027, 1, 15, 0, 30): None, datetime(2027, 1, 15, 5, 30): "check_in_closed"}.items():
            now = local.replace(tzinfo=seoul).astimezone(UTC)
            signup.checked_in_at = None
            if refused is None:
                assert lunchdays.check_in(signup, staff, now=now).checked_in_at == now
            else:
                with pytest.raises(lunchdays.LunchRefused):
                    lunchdays.check_in(signup, staff, now=now)
        # Undoing a mistaken tap stays possible after the day.
        signup.checked_in_at = datetime(2027, 1, 14, 3, 0, tzinfo=UTC)
        assert lunchdays.check_in(signup, staff, present=False, now=datetime(2027, 2, 1, tzinfo=UTC)).checked_in_at is None


@pytest.mark.parametrize("starts_in,allowed", [
    (timedelta(days=42), False),        # weeks before the day
    (timedelta(hours=2), False),        # the day itself, but more than an hour before the start
    (timedelta(minutes=30), True),      # doors open
    (timedelta(minutes=-1), True),      # under way
    (timedelta(days=-2), False),        # over
])
def test_the_check_in_page_says_when_check_in_opens_and_refuses_a_tap_outside_it(app, make, committee, starts_in, allowed):
    lunch_day_id = make.lunch_day(starts_in=starts_in, opens_in=starts_in - timedelta(days=10),
                                  closes_in=starts_in - timedelta(days=1))
    signup_id, = _seat(app, lunch_day_id, [_trainee(app, make, "김하나")])
    url = f"/committee/lunch-days/{lunch_day_id}/check-in"
    page = committee.get(url).get_data(as_text=True)
    response = committee.post(f"{url}/{signup_id}", data={"present": "1"}, headers={"HX-Request": "true"})
    checked_in = _count(app, LunchSignup, LunchSignup.checked_in_at.is_not(None))
    if allowed:
        assert 'id="check-in-window"' not in page and "checkin-button" in page
        assert response.status_code == 200 and checked_in == 1
        return
    assert "checkin-button" not in page and response.status_code == 422 and checked_in == 0
    with app.app_context():
        opens, closes = lunchdays.check_in_window(db.session.get(LunchDay, lunch_day_id))
    notice = re.search(r'id="check-in-window">([^<]*)<', page).group(1)
    if starts_in > timedelta(0):
        local = opens.astimezone(ZoneInfo("Asia/Seoul"))
        assert "Check-in opens at" in notice and local.strftime("%H:%M") in notice
        assert "Check-in has not opened yet" in response.get_data(as_text=True)
    else:
        assert "Check-in closed at" in notice
        assert "Check-in for this lunch day has closed" in response.get_data(as_text=True)


def test_check_in_search_filters_by_name_with_and_without_htmx(app, make, committee):
    lunch_day_id = make.lunch_day(starts_in=timedelta(minutes=-10), opens_in=timedelta(days=-3),
                                  closes_in=timedelta(days=1))
    _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"), _trainee(app, make, "이두리"), _trainee(app, make, "김세찬"))
    url = f"/committee/lunch-days/{lunch_day_id}/check-in"
    whole = committee.get(url + "?q=김").get_data(as_text=True)
    assert "김하나" in whole and "김세찬" in whole and "이두리" not in whole
    assert 'hx-trigger="input changed delay:300ms"' in whole
    # The event has started: nobody checked in yet, so all three are no-shows.
    assert 'data-count="no_shows">3<' in whole
    fragment = committee.get(url + "?q=두리", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "이두리" in fragment and "김하나" not in fragment
    nobody = committee.get(url + "?q=%25").get_data(as_text=True)
    assert "Nobody with a place matches" in nobody


def test_no_shows_are_counted_only_once_the_day_has_started(app, make, committee):
    lunch_day_id = make.lunch_day()
    _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"))
    page = committee.get(f"/committee/lunch-days/{lunch_day_id}/check-in").get_data(as_text=True)
    assert 'data-count="no_shows">–<' in page and 'data-count="seated">1<' in page


# The seating plan through the routes

def _planned_day(app, make, committee):
    """Two rounds, three tables of one seat (엑스, 와이, 제트), three trainees who all want 엑스 first."""
    companies = [make.company(name=n) for n in ("엑스 AI", "와이 비전", "제트 로봇")]
    lunch_day_id = make.lunch_day(rounds=2, companies=companies, seats=1)
    signups = _sign_up(app, lunch_day_id, *(_trainee(app, make, n) for n in ("김하나", "이두리", "박세찬")))
    with app.app_context():
        tables = dict(db.session.execute(select(LunchCompany.company_id, LunchCompany.id)
                                         .where(LunchCompany.lunch_day_id == lunch_day_id)).all())
        for signup_id in signups:
            lunchdays.set_preferences(db.session.get(LunchSignup, signup_id), [tables[c] for c in companies])
        db.session.commit()
    return lunch_day_id, signups, [tables[c] for c in companies]


def _seats(app, lunch_day_id):
    """{(sign-up id, round number): lunch company id} of the stored plan."""
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        numbers = {r.id: r.number for r in lunch_day.rounds}
        return {(s.signup_id, numbers[s.round_id]): s.lunch_company_id
                for s in db.session.scalars(select(LunchSeat).where(LunchSeat.round_id.in_(numbers)))}


def _round_id(app, lunch_day_id, number):
    with app.app_context():
        return db.session.get(LunchDay, lunch_day_id).rounds[number - 1].id


def test_generate_move_and_publish_through_the_routes(app, make, committee):
    lunch_day_id, (first, second, third), tables = _planned_day(app, make, committee)
    base = f"/committee/lunch-days/{lunch_day_id}/plan"
    before = committee.get(base).get_data(as_text=True)
    assert "Generate the plan" in before and "Move a trainee" not in before

    assert committee.post(base + "/generate").status_code == 303
    seats = _seats(app, lunch_day_id)
    # Every table is full in both rounds and nobody meets a company twice.
    for number in (1, 2):
        assert sorted(seats[s, number] for s in (first, second, third)) == sorted(tables)
    assert all(seats[s, 1] != seats[s, 2] for s in (first, second, third))
    page = committee.get(base).get_data(as_text=True)
    assert "김하나" in page and "박세찬" in page and "Mutual wishes honoured" in page
    assert "The plan breaks these rules" not in page

    # 김하나 to the one table they do not meet, in round 1: it is full, so refused beside the form, nothing moves.
    other = next(t for t in tables if t not in (seats[first, 1], seats[first, 2]))
    refused = committee.post(base + "/move", data={"signup": first, "round": _round_id(app, lunch_day_id, 1),
                                                   "table": other})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'id="move-refusal"' in body and "That table is full in this round." in body
    assert _seats(app, lunch_day_id) == seats

    # Taking 김하나 out of round 2 works, but then the plan breaks a rule and cannot be published.
    moved = committee.post(base + "/move", data={"signup": first, "round": _round_id(app, lunch_day_id, 2), "table": 0},
                           headers={"HX-Request": "true"})
    body = moved.get_data(as_text=True)
    assert moved.status_code == 200 and "<html" not in body and body.lstrip().startswith('<div id="plan"')
    assert (first, 2) not in _seats(app, lunch_day_id)
    refused = committee.post(base + "/publish")
    assert refused.status_code == 422
    assert "The plan still breaks the rules listed below." in refused.get_data(as_text=True)
    assert "A trainee has no table in a round" in refused.get_data(as_text=True) or "김하나" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LunchDay, lunch_day_id).plan_published_at is None

    # Put back, publish.
    back = committee.post(base + "/move", data={"signup": first, "round": _round_id(app, lunch_day_id, 2),
                                                "table": seats[first, 2]})
    assert back.status_code == 303
    assert committee.post(base + "/publish").status_code == 303
    with app.app_context():
        assert db.session.get(LunchDay, lunch_day_id).plan_published_at is not None
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"lunch.plan_generate", "lunch.seat_move", "lunch.plan_publish"} <= actions


def test_generating_again_asks_first(app, make, committee):
    lunch_day_id, signups, _ = _planned_day(app, make, committee)
    base = f"/committee/lunch-days/{lunch_day_id}/plan"
    assert committee.post(base + "/generate").status_code == 303
    with app.app_context():
        generated = db.session.get(LunchDay, lunch_day_id).plan_generated_at
    ask = committee.post(base + "/generate")
    assert ask.status_code == 200 and "tables will change" in ask.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LunchDay, lunch_day_id).plan_generated_at == generated
    assert committee.post(base + "/generate", data={"confirm": "yes"}).status_code == 303
    with app.app_context():
        assert db.session.get(LunchDay, lunch_day_id).plan_generated_at > generated


def test_publishing_without_a_plan_is_refused(app, make, committee):
    lunch_day_id = make.lunch_day()
    response = committee.post(f"/committee/lunch-days/{lunch_day_id}/plan/publish")
    assert response.status_code == 422 and "Generate a seating plan first." in response.get_data(as_text=True)


def test_the_committee_downloads_the_calendar(app, make, committee):
    lunch_day_id = make.lunch_day()
    response = committee.get(f"/committee/lunch-days/{lunch_day_id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert f'filename="lunch-day-{lunch_day_id}.ics"' in response.headers["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.data


# The committee's home (/committee/): the next lunch day with its funnel

def test_committee_home_shows_the_next_lunch_day_with_its_funnel_and_links(app, make, committee):
    make.lunch_day(starts_in=timedelta(days=-3), opens_in=timedelta(days=-10), closes_in=timedelta(days=-5))
    later = make.lunch_day(starts_in=timedelta(days=30))
    soon = make.lunch_day(capacity=2, starts_in=timedelta(days=5))
    _sign_up(app, soon, *(_trainee(app, make, name) for name in ("가", "나", "다")))
    home = committee.get("/committee/").get_data(as_text=True)
    assert f'/committee/lunch-days/{soon}/plan"' in home and f'/committee/lunch-days/{soon}/check-in"' in home
    assert f"/committee/lunch-days/{later}" not in home
    steps = dict(re.findall(r'data-step="(\w+)">([\d,]+)<', home))
    assert steps == {"seats": "2", "signups": "3", "seated": "2", "checked_in": "0", "interviews": "0", "hires": "0"}


def test_committee_home_without_a_lunch_day_offers_to_plan_one(committee):
    home = committee.get("/committee/").get_data(as_text=True)
    assert "No lunch day is planned." in home and 'href="/committee/lunch-days/new"' in home


def test_an_unreadable_check_in_is_refused_with_422_and_checks_no_one_in(app, make, committee):
    lunch_day_id = make.lunch_day(starts_in=timedelta(minutes=30))
    first, = _sign_up(app, lunch_day_id, _trainee(app, make, "김하나"))
    response = committee.post(f"/committee/lunch-days/{lunch_day_id}/check-in/{first}", data={"present": "abc"},
                              headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert _count(app, LunchSignup, LunchSignup.checked_in_at.is_not(None)) == 0
