"""Demo lunch days: one held a month ago (plan published, check-ins, follow-ups) and one open for sign-up.

Everything goes through board.domain.lunchdays and board.domain.seating, as the committee's clicks would,
so the demo shows what the rules produce (arrival order, waitlist, a plan without violations).
A generator of its own keeps the rest of the demo unchanged.
"""
import random
from datetime import time, timedelta

from sqlalchemy import select

from board.domain import lunchdays, seating
from board.platform.extensions import db
from board.models import (
    Application, Attendance, CompanyStatus, FollowUpDecision, LunchDay, LunchFollowUp, LunchPreference, LunchRound,
    Opening, Stage, TraineeStatus,
)
from board.models.types import utcnow
from board.platform.seoul_time import board_today, seoul_time
from board.seed.timeline import weekday_on_or_after, weekday_on_or_before

LUNCH_SEED = 20211130
DESCRIPTION = ("협약 기업 담당자와 교육생이 점심을 함께하며 직무와 채용 계획을 이야기하는 자리입니다. "
               "라운드마다 테이블을 옮깁니다. 명찰은 입구에서 받으세요.")


def _noon(day):
    """12:00 in Seoul on day, as an aware UTC datetime."""
    return seoul_time(day, time(12, 0))


def _lunch_day(title, venue, starts_at, opens_at, closes_at, capacity, committee, rounds=3):
    lunch_day = LunchDay(title=title, venue=venue, description=DESCRIPTION, starts_at=starts_at,
                         signup_opens_at=opens_at, signup_closes_at=closes_at, capacity=capacity,
                         created_by_id=committee.id, created_at=opens_at - timedelta(days=7))
    lunch_day.rounds = [LunchRound(number=n, starts_at=starts_at + timedelta(minutes=40 * (n - 1)), minutes=35)
                        for n in range(1, rounds + 1)]
    db.session.add(lunch_day)
    db.session.flush()
    return lunch_day


def _live_applications():
    """{(trainee id, company id): application} for applications with the company (서류 검토 or 런치데이 면담)."""
    rows = db.session.scalars(select(Application).join(Opening, Opening.id == Application.opening_id)
                              .where(Application.stage.in_((Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING)))).all()
    return {(a.trainee_id, a.opening.company_id): a for a in rows}


def demo_lunch_days(trainees, companies, committee, company_members):
    """The two demo lunch days; returns them (held, upcoming)."""
    rng = random.Random(LUNCH_SEED)
    db.session.flush()
    approved = [c for c in companies if c.status == CompanyStatus.APPROVED]
    demo_company = next(u.company for u in company_members if u.email == "company@board.example")
    members = {}
    for user in company_members:
        members.setdefault(user.company_id, user)
    demo_trainee = next(t for t in trainees if t.user.email == "trainee@board.example")
    # Signing up is something a trainee does on the board, so only those who joined (set a password) appear.
    current = [t for t in trainees if t.status == TraineeStatus.TRAINING and t.cohort_id == demo_trainee.cohort_id
               and t is not demo_trainee and t.user.password_hash]
    live = _live_applications()
    held = _held_lunch_day(rng, approved, demo_company, members, demo_trainee, current, live, committee)
    upcoming = _upcoming_lunch_day(rng, approved, demo_company, demo_trainee, current, committee)
    return held, upcoming


def _held_lunch_day(rng, approved, demo_company, members, demo_trainee, current, live, committee):
    """A month ago, on a weekday: 9 tables, 40 seated trainees, a published plan, check-ins and follow-ups."""
    day = weekday_on_or_before(board_today() - timedelta(days=30))
    starts_at = _noon(day)
    lunch_day = _lunch_day("제3회 리쿠르트 런치데이", "인공지능사관학교 본관 2층 다목적홀", starts_at,
                           starts_at - timedelta(days=21), starts_at - timedelta(days=4), capacity=40,
                           committee=committee)
    # Companies with applicants at 서류 검토 come first: their tables are where lunches turn into interviews.
    with_applicants = {company_id for _trainee, company_id in live}
    others = [c for c in approved if c is not demo_company]
    others.sort(key=lambda c: (c.id not in with_applicants, c.id))
    tables = []
    for company in [demo_company] + others[:8]:
        invitation = lunchdays.invite(lunch_day, company, committee)
        invitation.invited_at = lunch_day.created_at
        lunchdays.respond(invitation, True, seats=5, note="")
        invitation.responded_at = lunch_day.created_at + timedelta(days=2)
        tables.append(invitation)
    by_company = {t.company_id: t for t in tables}

    # Applicants of those companies sign up first (they want to meet them), then others, the demo trainee among them.
    applicants = [t for t in current if any((t.id, c) in live for c in by_company)]
    rest = [t for t in current if t not in applicants]
    rng.shuffle(rest)
    people = applicants[:14] + [demo_trainee] + rest[:40 - min(len(applicants), 14) - 1]
    signups = []
    for n, trainee in enumerate(people):
        arrived = lunch_day.signup_opens_at + timedelta(minutes=7 * n)
        signups.append(lunchdays.sign_up(lunch_day, trainee, now=arrived))
        signups[-1].created_at = arrived
    for signup in signups:
        own = [by_company[c].id for c in by_company if (signup.trainee_id, c) in live]
        ranking = own + [t.id for t in rng.sample(tables, 4) if t.id not in own]
        db.session.add_all(LunchPreference(signup_id=signup.id, lunch_company_id=table_id, rank=rank)
                           for rank, table_id in enumerate(ranking[:5], start=1))
    # Each company wants to meet its own applicants (marked while sign-up was open, before the start).
    for (trainee_id, company_id), _application in live.items():
        if company_id in by_company and any(s.trainee_id == trainee_id for s in signups):
            lunchdays.mark_interest(by_company[company_id], next(s.trainee for s in signups if s.trainee_id == trainee_id),
                                    now=lunch_day.signup_closes_at)
    db.session.flush()
    seating.generate_plan(lunch_day, committee)
    seating.publish(lunch_day, committee)
    lunch_day.plan_generated_at = starts_at - timedelta(days=3)
    lunch_day.plan_published_at = starts_at - timedelta(days=3, hours=-1)

    # Four no-shows; everyone else checked in as they arrived.
    no_shows = {s.id for s in rng.sample([s for s in signups if s.trainee is not demo_trainee], 4)}
    for n, signup in enumerate(signups):
        if signup.id not in no_shows:
            lunchdays.check_in(signup, committee, now=starts_at)
            signup.checked_in_at = starts_at - timedelta(minutes=15) + timedelta(seconds=20 * n)
    db.session.flush()
    _follow_ups(rng, tables, members, live, demo_trainee, committee, no_shows)
    for record in db.session.scalars(select(LunchFollowUp).where(LunchFollowUp.lunch_company_id.in_([t.id for t in tables]))):
        # Within office hours (10:00-18:00 in Seoul) one to three days after the lunch.
        record.decided_at = starts_at + timedelta(days=rng.randint(1, 3), hours=rng.randint(-2, 6))
    return lunch_day


def _follow_ups(rng, tables, members, live, demo_trainee, committee, no_shows):
    """Companies answer for the trainees they met: interviews for their applicants, a proposal, keep in touch, no."""
    proposed = 0
    # A few lunches turn into interviews; the other applications at 서류 검토 stay there for the demo's pipeline.
    movable = [a for a in live.values() if a.stage == Stage.COMPANY_REVIEW]
    interviews_left = min(6, len(movable) - 2)
    for invitation in tables:
        actor = members.get(invitation.company_id, committee)
        met = [s for s in db.session.scalars(lunchdays.met_trainees(invitation)) if s.id not in no_shows]
        for n, signup in enumerate(met):
            trainee = signup.trainee
            application = live.get((trainee.id, invitation.company_id))
            if (application is not None and application.stage == Stage.COMPANY_REVIEW and interviews_left > 0
                    and trainee is not demo_trainee):
                lunchdays.follow_up(invitation, trainee, FollowUpDecision.INTERVIEW, actor)
                interviews_left -= 1
                continue
            if proposed < 2 and trainee is not demo_trainee and n == 0:
                opening = db.session.scalar(select(Opening).where(
                    Opening.company_id == invitation.company_id, Opening.open_clause())
                    .join(Opening.company).order_by(Opening.id).limit(1))
                if opening is not None and not any(a.opening_id == opening.id for a in trainee.applications):
                    try:
                        lunchdays.follow_up(invitation, trainee, FollowUpDecision.INTERVIEW, actor, opening=opening)
                        proposed += 1
                        continue
                    except lunchdays.LunchRefused:
                        pass
            # Not every meeting gets an answer: companies reply for about half of the trainees they met.
            if n % 4 == 1 or trainee is demo_trainee:
                lunchdays.follow_up(invitation, trainee, FollowUpDecision.KEEP_IN_TOUCH, actor)
            elif n % 5 == 2:
                lunchdays.follow_up(invitation, trainee, FollowUpDecision.NO, actor)


def _upcoming_lunch_day(rng, approved, demo_company, demo_trainee, current, committee):
    """In three weeks, on a weekday before cohort 2's course ends: sign-up open, 6 tables confirmed,
    3 invitations unanswered, 1 declined, 30 sign-ups for 24 places."""
    day = weekday_on_or_after(board_today() + timedelta(days=21))
    starts_at = _noon(day)
    now = utcnow()
    lunch_day = _lunch_day("제4회 리쿠르트 런치데이", "인공지능사관학교 본관 2층 다목적홀", starts_at,
                           now - timedelta(days=3), starts_at - timedelta(days=5), capacity=24, committee=committee)
    others = [c for c in approved if c is not demo_company]
    rng.shuffle(others)
    invitations = [lunchdays.invite(lunch_day, company, committee) for company in [demo_company] + others[:9]]
    for n, invitation in enumerate(invitations):
        if n < 6:
            lunchdays.respond(invitation, True, seats=rng.choice((4, 5, 6)), note="")
        elif n == 9:
            lunchdays.respond(invitation, False, note="행사 당일 채용 설명회 일정이 겹칩니다.")
    confirmed = [i for i in invitations if i.status == Attendance.CONFIRMED]
    people = [t for t in current]
    rng.shuffle(people)
    for trainee in people[:30]:
        signup = lunchdays.sign_up(lunch_day, trainee)
        lunchdays.set_preferences(signup, [t.id for t in rng.sample(confirmed, rng.randint(2, 5))])
    # The demo company has begun marking trainees from the talent pool.
    pool = [t for t in people[:30] if t.visible_to_companies][:3]
    for trainee in pool:
        lunchdays.mark_interest(invitations[0], trainee)
    db.session.flush()
    return lunch_day
