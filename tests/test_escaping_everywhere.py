"""Every stored user field, with a live tag in it, on every page of every role that shows it.

Each field carries its own tag (alert(1) for the cover letter, alert(2) for the company's
description…), so a page that shows a field escaped is told apart from one that leaves it
out. The raw tag never appears on any page; the escaped form appears where the table says.
A template that marks a field |safe fails here.
"""
import re
from datetime import timedelta

import pytest
from markupsafe import escape
from sqlalchemy import select

from board.platform.extensions import db
from board.models import (
    Application, Attendance, Company, LunchCompany, LunchDay, LunchRound, LunchSignup, QuestionKind, Role,
    SignupStatus, Stage, StageChange, Trainee, User,
)
from board.models.types import utcnow
from tests.conftest import sign_in

LIVE = re.compile(r"<img\b[^>]*onerror", re.I)

FIELDS = ("cover_letter", "company_description", "opening_title", "opening_description", "headline",
          "answer", "lunch_day_title", "question", "introduction", "trainee_name")
TAG = {field: f"<img src=x onerror=alert({n})>" for n, field in enumerate(FIELDS, start=1)}

# Descriptions are Markdown, whose renderer drops raw HTML altogether (board/platform/templating.py): there
# the check is only that no tag is live; the plain-text fields below must show their tag escaped.
MARKDOWN = ("company_description", "opening_description")

# (actor, endpoint, the URL arguments it takes, the plain-text fields that page must show, escaped).
PAGES = [
    ("committee", "committee.review", ("application_id",), ("cover_letter", "answer", "question", "opening_title")),
    ("committee", "committee.review_queue", (), ("opening_title",)),
    ("committee", "committee.company", ("company_id",), ()),
    ("committee", "committee.opening", ("opening_id",), ("opening_title",)),
    ("committee", "committee.lunch_day", ("lunch_day_id",), ("lunch_day_title",)),
    ("committee", "committee.lunch_days", (), ("lunch_day_title",)),
    ("committee", "committee.pipeline", (), ("opening_title",)),
    ("member_x", "company.application", ("passed_id",), ("cover_letter", "answer", "question", "headline")),
    ("member_x", "company.opening", ("opening_id",), ("opening_title",)),
    ("member_x", "company.openings", (), ("opening_title",)),
    ("member_x", "company.profile", (), ()),
    ("member_x", "company.pipeline", (), ()),
    ("member_x", "company.lunch_days", (), ("lunch_day_title",)),
    ("member_x", "company.lunch_day", ("lunch_day_id",), ("lunch_day_title",)),
    ("trainee_a", "me.application", ("passed_id",), ("cover_letter", "answer", "opening_title")),
    ("trainee_a", "me.applications", (), ("opening_title",)),
    ("trainee_a", "me.profile", (), ("headline", "introduction")),
    ("trainee_a", "me.lunch_days", (), ("lunch_day_title",)),
    ("trainee_a", "me.lunch_day", ("lunch_day_id",), ("lunch_day_title",)),
    ("trainee_a", "me.index", (), ()),
    ("trainee_a", "public.opening", ("opening_id",), ("opening_title", "question")),
    ("trainee_a", "public.company", ("company_id",), ()),
    ("anon", "public.opening", ("opening_id",), ("opening_title",)),
    ("anon", "public.openings", (), ("opening_title",)),
    ("anon", "public.company", ("company_id",), ()),
    ("anon", "public.index", (), ()),
]


@pytest.fixture
def hostile(app, make):
    """Company X's opening with a question; trainee A's application waiting for the committee, and one
    passed on to X; a lunch day X attends and A signed up for. Every text field carries its tag."""
    x = make.company(name="엑스", partner=True)
    users = {"member_x": make.user(Role.COMPANY, company_id=x), "trainee_a": make.user(Role.TRAINEE),
             "committee": make.user(Role.COMMITTEE)}
    opening = make.opening(x, title=TAG["opening_title"], description=TAG["opening_description"],
                           questions=[(QuestionKind.TEXT, TAG["question"], "")])
    second = make.opening(x, title=TAG["opening_title"], description=TAG["opening_description"],
                          questions=[(QuestionKind.TEXT, TAG["question"], "")])
    resume = make.resume(users["trainee_a"])
    with app.app_context():
        db.session.get(Company, x).description = TAG["company_description"]
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == users["trainee_a"]))
        trainee.headline, trainee.introduction = TAG["headline"], TAG["introduction"]
        db.session.get(User, users["trainee_a"]).name = TAG["trainee_name"]
        applications = []
        for opening_id, stage in ((opening, Stage.SUBMITTED), (second, Stage.COMPANY_REVIEW)):
            application = Application(opening_id=opening_id, trainee_id=trainee.id, resume_id=resume,
                                      cover_letter=TAG["cover_letter"], stage=stage)
            db.session.add(application)
            db.session.flush()
            application.answers = {str(q.id): TAG["answer"] for q in application.opening.questions}
            db.session.add(StageChange(application_id=application.id, to_stage=stage))
            applications.append(application)
        starts_at = utcnow() + timedelta(days=10)
        lunch_day = LunchDay(title=TAG["lunch_day_title"], venue="3층", starts_at=starts_at, capacity=10, arrivals=1,
                             signup_opens_at=utcnow() - timedelta(days=1), signup_closes_at=utcnow() + timedelta(days=7))
        lunch_day.rounds = [LunchRound(number=1, starts_at=starts_at, minutes=40)]
        lunch_day.companies = [LunchCompany(company_id=x, status=Attendance.CONFIRMED, seats=4)]
        lunch_day.signups = [LunchSignup(trainee_id=trainee.id, status=SignupStatus.SEATED, arrival=1)]
        db.session.add(lunch_day)
        db.session.commit()
        params = {"company_id": x, "opening_id": opening, "application_id": applications[0].id,
                  "passed_id": applications[1].id, "lunch_day_id": lunch_day.id}
        emails = {actor: db.session.get(User, user_id).email for actor, user_id in users.items()}
    clients = {"anon": app.test_client()}
    for actor, email in emails.items():
        clients[actor] = app.test_client()
        assert sign_in(clients[actor], email).status_code == 303
    return clients, params


def _url(app, endpoint, arguments, params):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: params[key] for name, key in zip(sorted(rule.arguments), arguments)}
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("actor, endpoint, arguments, shown", PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_stored_markup_is_shown_escaped_on_every_page(app, hostile, actor, endpoint, arguments, shown):
    clients, params = hostile
    for fragment in (False, True):  # the full page and the fragment htmx swaps in
        headers = {"HX-Request": "true"} if fragment else {}
        response = clients[actor].get(_url(app, endpoint, arguments, params), headers=headers)
        assert response.status_code == 200, f"{actor} {endpoint}: {response.status_code}"
        page = response.get_data(as_text=True)
        assert not LIVE.search(page), f"{actor} {endpoint}: a stored tag is live"
        for field in shown:
            assert str(escape(TAG[field])) in page, f"{actor} {endpoint}: {field} not shown (escaped)"
