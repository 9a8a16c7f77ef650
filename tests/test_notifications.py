"""Notifications: each event tells exactly the right people once, with a link that opens for them;
mail follows each person's choice; the bell counts; unsubscribe stops one kind; nothing survives a rollback."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from board.domain import companies, interviews, lunchdays, matching, pipeline, postings, projects
from board.platform.extensions import db
from board.models import (
    Application, Company, CompanyStatus, LunchDay, MeetRequest, Notification, NotificationPreference, Opening,
    OpeningStatus, Project, Role, Stage, StageChange, Trainee, User,
)
from board.models.notifications import Channel
from board.domain.surveys import open_round
from board.models.types import board_today, utcnow
from board.domain.notifications import notify, unread_count
from board.domain.notifications.digest import prune, send_digests


@pytest.fixture
def sent(monkeypatch):
    """Every mail the outbox hands to the mail server after a commit: dicts of to, subject, body, headers."""
    mails = []

    def capture(message, config):
        mails.append({"to": message.to, "subject": message.subject, "body": message.body,
                      "headers": dict(message.headers or {})})
    monkeypatch.setattr("board.domain.outbox._send", capture)
    return mails


@pytest.fixture
def world(app, make, as_role):
    """Company 엑스랩 with two members, trainee A's application to its opening at committee review, the committee."""
    company = make.company(name="엑스랩")
    members = [as_role(Role.COMPANY, company_id=company) for _ in range(2)]
    trainee = as_role(Role.TRAINEE)
    other_trainee = as_role(Role.TRAINEE)
    committee = as_role(Role.COMMITTEE)
    opening = make.opening(company, title="머신러닝 엔지니어")
    with app.app_context():
        t = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        application = Application(opening_id=opening, trainee_id=t.id, cover_letter="지원합니다",
                                  stage=Stage.COMMITTEE_REVIEW)
        db.session.add(application)
        db.session.flush()
        db.session.add(StageChange(application_id=application.id, to_stage=Stage.COMMITTEE_REVIEW))
        db.session.commit()
        return {"company": company, "members": members, "trainee": trainee, "other_trainee": other_trainee,
                "committee": committee, "opening": opening, "application": application.id, "trainee_id": t.id}


def _notes(app, client):
    with app.app_context():
        return db.session.scalars(select(Notification).where(Notification.user_id == client.user_id)
                                  .order_by(Notification.id)).all()


def _user(client):
    return db.session.get(User, client.user_id)


def _opens(client, note):
    """The notification's link, as its person sees it on the list, answers 200 for them."""
    page = client.get("/notifications/").get_data(as_text=True)
    from flask import url_for
    with client.application.test_request_context():
        href = url_for(note.endpoint, **note.link_values)
    assert f'href="{href}"' in page
    return client.get(href)


def _only(app, client, kind):
    notes = _notes(app, client)
    assert [n.kind for n in notes] == [kind], [n.kind for n in notes]
    return notes[0]


def test_passing_an_application_on_tells_each_member_and_the_trainee_once(app, world, sent):
    with app.app_context():
        pipeline.move(db.session.get(Application, world["application"]), Stage.COMPANY_REVIEW,
                      _user(world["committee"]))
        db.session.commit()
    for member in world["members"]:
        note = _only(app, member, "application.passed")
        assert _opens(member, note).status_code == 200
    note = _only(app, world["trainee"], "application.stage")
    response = _opens(world["trainee"], note)
    assert response.status_code == 200 and "머신러닝 엔지니어" in response.get_data(as_text=True)
    assert _notes(app, world["other_trainee"]) == [] and _notes(app, world["committee"]) == []
    # The link is the trainee's own page: another trainee gets the usual 404.
    assert world["other_trainee"].get(f"/me/applications/{world['application']}").status_code == 404
    # Each person mailed once (default: at once), the trainee in words of the stage, not its code.
    assert sorted(m["to"] for m in sent) == sorted(
        [db_email(app, c) for c in world["members"]] + [db_email(app, world["trainee"])])
    trainee_mail = next(m for m in sent if m["to"] == db_email(app, world["trainee"]))
    assert "company_review" not in trainee_mail["body"] and "/me/applications/" in trainee_mail["body"]


def db_email(app, client):
    with app.app_context():
        return _user(client).email


def test_every_stage_change_reaches_the_trainee_and_not_the_mover(app, world, sent):
    member = world["members"][0]
    with app.app_context():
        application = db.session.get(Application, world["application"])
        pipeline.move(application, Stage.COMPANY_REVIEW, _user(world["committee"]))
        pipeline.move(application, Stage.INTERVIEW, _user(member))
        db.session.commit()
    kinds = [(n.kind, n.params.get("stage")) for n in _notes(app, world["trainee"])]
    assert kinds == [("application.stage", "company_review"), ("application.stage", "interview")]
    # The member who moved it is not told of their own move; the other member was told once, of the passing on.
    assert [n.kind for n in _notes(app, member)] == ["application.passed"]


def test_company_decisions_tell_its_members(app, make, as_role, sent):
    pending = make.company(name="대기기업", status=CompanyStatus.PENDING)
    member = as_role(Role.COMPANY, company_id=pending)
    committee = as_role(Role.COMMITTEE)
    with app.app_context():
        companies.approve(db.session.get(Company, pending), _user(committee))
        db.session.commit()
    note = _only(app, member, "company.approved")
    assert _opens(member, note).status_code == 200
    assert "대기기업" in member.get("/notifications/").get_data(as_text=True)
    with app.app_context():
        companies.suspend(db.session.get(Company, pending), _user(committee), "확인 필요")
        db.session.commit()
    assert [n.kind for n in _notes(app, member)] == ["company.approved", "company.suspended"]


def test_an_opening_and_a_project_published_or_returned_tell_the_company(app, world, make):
    member = world["members"][0]
    committee = world["committee"]
    draft = make.opening(world["company"], title="백엔드 개발자", status=OpeningStatus.SUBMITTED)
    with app.app_context():
        postings.publish(db.session.get(Opening, draft), _user(committee))
        project = Project(company_id=world["company"], title="수어 통역", description="설명", team_size=4,
                          status=OpeningStatus.SUBMITTED)
        db.session.add(project)
        db.session.flush()
        projects.return_to_company(project, _user(committee), "설명을 보태 주세요")
        db.session.commit()
    kinds = [n.kind for n in _notes(app, member)]
    assert kinds == ["opening.published", "project.returned"]
    for note in _notes(app, member):
        assert _opens(member, note).status_code == 200


def test_a_proposal_and_an_answered_request_to_meet(app, world, make):
    committee = world["committee"]
    second = make.opening(world["company"], title="데이터 분석가")
    with app.app_context():
        trainee = db.session.get(Trainee, world["trainee_id"])
        matching.propose(trainee, db.session.get(Opening, second), _user(committee), note="잘 맞아요")
        trainee.visible_to_companies = True
        meet = MeetRequest(company_id=world["company"], trainee_id=trainee.id, message="만나요")
        db.session.add(meet)
        db.session.flush()
        matching.decide_meeting(meet, _user(committee), approve=True)
        db.session.commit()
    note = _only(app, world["trainee"], "match.proposed")
    assert _opens(world["trainee"], note).status_code == 200
    note = _only(app, world["members"][0], "meet.answered")
    assert _opens(world["members"][0], note).status_code == 200
    assert "승인" in world["members"][0].get("/notifications/").get_data(as_text=True)


def test_interview_times_offered_and_chosen(app, world):
    member = world["members"][0]
    with app.app_context():
        application = db.session.get(Application, world["application"])
        application.stage = Stage.INTERVIEW
        db.session.flush()
        slots = interviews.offer_slots(application, _user(member), [
            {"starts_at": utcnow() + timedelta(days=3), "minutes": 60, "place": "본사"}])
        db.session.commit()
        note = _only(app, world["trainee"], "interview.offered")
        interviews.choose_slot(application, slots[0], _user(world["trainee"]))
        db.session.commit()
    assert _opens(world["trainee"], note).status_code == 200
    # Both members hear of the choice (the offering member did not choose, the trainee did).
    for client in world["members"]:
        assert _only(app, client, "interview.chosen")


def test_lunch_day_seat_waitlist_promotion_and_survey(app, world, make, as_role):
    lunch_day_id = make.lunch_day(capacity=1)
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        first = lunchdays.sign_up(lunch_day, db.session.get(Trainee, world["trainee_id"]))
        other = db.session.scalar(select(Trainee).where(Trainee.user_id == world["other_trainee"].user_id))
        lunchdays.sign_up(lunch_day, other)
        db.session.commit()
        lunchdays.cancel(first)
        db.session.commit()
        open_round("2026 하반기", board_today() + timedelta(days=10), "", _user(world["committee"]))
        db.session.commit()
    note = _only(app, world["trainee"], "lunch.seat_confirmed")
    assert _opens(world["trainee"], note).status_code == 200
    note = _only(app, world["other_trainee"], "lunch.promoted")
    assert _opens(world["other_trainee"], note).status_code == 200
    note = _only(app, world["members"][0], "survey.opened")
    assert _opens(world["members"][0], note).status_code == 200


def test_a_rolled_back_action_leaves_no_notification_and_no_mail(app, world, sent):
    with app.app_context():
        pipeline.move(db.session.get(Application, world["application"]), Stage.COMPANY_REVIEW,
                      _user(world["committee"]))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert sent == []


def _choose(app, client, kind, channel):
    with app.app_context():
        db.session.merge(NotificationPreference(user_id=client.user_id, kind=kind, channel=channel))
        db.session.commit()


def _tell(app, client, title="공고"):
    with app.app_context():
        notify(_user(client), "opening.published", link=("company.openings", {}), params={"title": title})
        db.session.commit()


def test_mail_at_once_carries_one_click_unsubscribe(app, world, sent):
    member = world["members"][0]
    _tell(app, member, "첫 공고")
    assert len(sent) == 1
    mail = sent[0]
    assert "첫 공고" in mail["body"] and "http://localhost/company/openings" in mail["body"]
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", mail["headers"]["List-Unsubscribe"]).group(1)
    assert url.startswith("http://localhost/notifications/unsubscribe/")
    path = url.removeprefix("http://localhost")
    confirm = world["trainee"].get(path)   # anyone holding the link sees the confirmation
    assert confirm.status_code == 200 and "그만 받을까요" in confirm.get_data(as_text=True)
    assert _notes(app, member)[0].read_at is None
    # The mail client's one-click POST: no session, no CSRF token.
    anonymous = app.test_client()
    assert anonymous.post(path, data={"List-Unsubscribe": "One-Click"}, csrf=False).status_code == 200
    _tell(app, member, "둘째 공고")
    assert len(sent) == 1   # no second mail, but the bell still has it
    assert [n.params["title"] for n in _notes(app, member)] == ["첫 공고", "둘째 공고"]


@pytest.mark.parametrize("token", ["forged", "eyJ1IjoxLCJrIjoib3BlbmluZy5wdWJsaXNoZWQifQ.forged-signature"])
def test_a_forged_unsubscribe_token_is_refused(app, world, token):
    client = app.test_client()
    for response in (client.get(f"/notifications/unsubscribe/{token}"),
                     client.post(f"/notifications/unsubscribe/{token}", csrf=False)):
        assert response.status_code == 400 and "링크가 올바르지 않습니다" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 0


def test_an_unsubscribe_token_for_an_essential_kind_is_refused(app, world):
    from board.domain.notifications.unsubscribe import token_for
    with app.app_context():
        token = token_for(_user(world["trainee"]), "account.password_reset")
    assert app.test_client().post(f"/notifications/unsubscribe/{token}", csrf=False).status_code == 400


def test_off_sends_no_mail_and_no_digest(app, world, sent):
    member = world["members"][0]
    _choose(app, member, "opening.published", Channel.OFF)
    _tell(app, member)
    with app.app_context():
        assert send_digests(utcnow() + timedelta(days=2)) == 0
        db.session.commit()
    assert sent == [] and len(_notes(app, member)) == 1


def test_digest_groups_a_day_into_one_mail_and_runs_once(app, world, sent):
    member = world["members"][0]
    _choose(app, member, "opening.published", Channel.DIGEST)
    _tell(app, member, "첫 공고")
    _tell(app, member, "둘째 공고")
    assert sent == []
    with app.app_context():
        # Today's notifications wait for tomorrow's summary.
        assert send_digests(utcnow()) == 0
        tomorrow = utcnow() + timedelta(days=1)
        assert send_digests(tomorrow) == 1
        db.session.commit()
        assert send_digests(tomorrow) == 0
        db.session.commit()
    assert len(sent) == 1
    assert "첫 공고" in sent[0]["body"] and "둘째 공고" in sent[0]["body"] and "2" in sent[0]["subject"]
    assert sent[0]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_essential_mail_goes_whatever_the_preference(app, world, sent):
    trainee = world["trainee"]
    _choose(app, trainee, "application.rejected", Channel.OFF)
    _choose(app, trainee, "application.stage", Channel.OFF)
    with app.app_context():
        application = db.session.get(Application, world["application"])
        pipeline.reject(application, _user(world["committee"]), "skills")
        notify(_user(trainee), "application.rejected", link=("me.applications", {}))
        db.session.commit()
    to_trainee = [m for m in sent if m["to"] == db_email(app, trainee)]
    # The rejection notice (pipeline.reject) and the essential notification; the stage change mailed nothing.
    assert len(to_trainee) == 2
    assert all("List-Unsubscribe" not in m["headers"] for m in to_trainee)


def test_the_preferences_page_saves_choices_and_shows_essential_as_always_on(app, world, sent):
    trainee = world["trainee"]
    page = trainee.get("/notifications/preferences")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "항상" in text and "비밀번호 재설정" in text
    assert 'value="immediate"' in text
    response = trainee.post("/notifications/preferences", data={
        "k_application_stage": "off", "k_match_proposed": "digest", "k_interview_offered": "immediate",
        "k_lunch_signup_open": "digest", "k_lunch_seat_confirmed": "off", "k_lunch_promoted": "off",
        "k_lunch_seating_published": "off"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(NotificationPreference, (trainee.user_id, "application.stage")).channel == Channel.OFF
        pipeline.move(db.session.get(Application, world["application"]), Stage.COMPANY_REVIEW,
                      _user(world["committee"]))
        db.session.commit()
    assert db_email(app, trainee) not in [m["to"] for m in sent]
    bad = trainee.post("/notifications/preferences", data={"k_application_stage": "sometimes"})
    assert bad.status_code == 422


def test_bell_list_and_marking_read(app, world):
    member, other = world["members"]
    _tell(app, member, "첫 공고")
    _tell(app, member, "둘째 공고")
    _tell(app, other, "남의 공고")
    bell = member.get("/notifications/bell", headers={"HX-Request": "true"})
    html = bell.get_data(as_text=True)
    assert bell.status_code == 200 and 'class="bell-count" aria-hidden="true">2<' in html
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in html
    page = member.get("/notifications/").get_data(as_text=True)
    assert page.index("둘째 공고") < page.index("첫 공고") and "남의 공고" not in page
    mine, theirs = _notes(app, member)[0], _notes(app, other)[0]
    # Another person's notification: 404, and it stays unread.
    assert member.post(f"/notifications/{theirs.id}/read").status_code == 404
    response = member.post(f"/notifications/{mine.id}/read")
    assert response.status_code == 303 and response.headers["HX-Trigger"] == "notifications-changed"
    with app.app_context():
        assert unread_count(member.user_id) == 1 and unread_count(other.user_id) == 1
    assert member.post("/notifications/read-all").status_code == 303
    assert "bell-count" not in member.get("/notifications/bell").get_data(as_text=True)
    with app.app_context():
        assert unread_count(other.user_id) == 1


def test_the_empty_list_says_so(app, world):
    page = world["committee"].get("/notifications/").get_data(as_text=True)
    assert "아직 새 알림이 없습니다" in page


def test_prune_deletes_only_old_read_notifications(app, world):
    member = world["members"][0]
    _tell(app, member, "오래 읽은")
    _tell(app, member, "안 읽은")
    with app.app_context():
        old, unread = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        old.read_at = utcnow() - timedelta(days=91)
        unread.created_at = utcnow() - timedelta(days=400)
        db.session.commit()
        assert prune(utcnow()) == 1
        db.session.commit()
        assert prune(utcnow()) == 0
        assert [n.params["title"] for n in db.session.scalars(select(Notification))] == ["안 읽은"]


def test_the_commands_run(app, world, runner):
    assert "digests queued: 0" in runner.invoke(args=["notifications", "digest"]).output
    assert "notifications deleted: 0" in runner.invoke(args=["notifications", "prune"]).output


@pytest.mark.parametrize("query", ["count", "session look-up"])
def test_the_unread_count_reads_the_index(app, world, query):
    """The bell's count, alone or loaded with the signed-in user, is one range of ix_notifications_user_read."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan is checked on SQLite; PostgreSQL picks by statistics")
        if query == "count":
            statement = select(func.count()).select_from(Notification).where(
                Notification.user_id == 1, Notification.read_at.is_(None))
        else:   # what board/web/security.py load_user runs
            statement = select(User).where(User.id == 1).options(undefer(User.unread_notifications))
        compiled = statement.compile(db.engine)
        with db.engine.connect() as conn:
            plan = "\n".join(r[-1] for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled), tuple(compiled.params.values())))
    assert re.search(r"USING COVERING INDEX ix_notifications_user_read \(user_id=\? AND read_at=\?\)", plan), plan
    assert "SCAN notifications" not in plan, plan
