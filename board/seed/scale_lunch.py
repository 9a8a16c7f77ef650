"""The scale seed's lunch days, outcomes, proposals, interviews and projects (see board/seed/scale.py).

Lunch days are written as a finished seating would leave them, without running the
seating algorithm: a Latin square puts each seated trainee at a different table every
round and fills every table to exactly its seats, so both unique constraints and the
per-round capacity hold by construction.
"""
from datetime import timedelta

from board.models import (
    Attendance, Decision, FollowUpDecision, InterviewSlot, LunchCompany, LunchDay, LunchFollowUp, LunchInterest,
    LunchPreference, LunchRound, LunchSeat, LunchSignup, MatchProposal, MeetRequest, OpeningStatus, Outcome, OutcomeKind,
    Project, SignupStatus,
)
from board.models.projects import project_skills
from board.seed import scale_text as words

ROUNDS = 3
INVITED, CONFIRMED, DECLINED = 12, 9, 2


def _cohort_trainees(seed, cohort):
    """The cohort's trainees who did not drop out (dropped ones are every seventh of a finished cohort)."""
    first = (cohort - 1) * 180 + 1
    last = min(cohort * 180, seed.p.trainees)
    return [t for t in range(first, last + 1) if cohort in seed.training_cohorts or t % 7]


def lunch_days(seed):
    """Lunch days from the newest (sign-up open) back through finished ones with plans, check-ins and follow-ups."""
    rng, w, n = seed.rng, seed.w, seed.p.lunch_days
    ids = dict(round=0, company=0, signup=0, preference=0, seat=0, interest=0, follow_up=0)

    def next_id(kind):
        ids[kind] += 1
        return ids[kind]

    for k in range(n):
        day_id = k + 1
        cohort = seed.cohort_ids[len(seed.cohort_ids) - 1 - (k * len(seed.cohort_ids)) // n]
        starts = (seed.now + timedelta(days=10)) if k == 0 else seed.now - timedelta(days=3 + 7 * k)
        starts = starts.replace(hour=3, minute=0, second=0, microsecond=0)  # 12:00 in Seoul
        finished, planned = k >= 2, k >= 1
        seats = rng.choice((4, 5, 6))
        companies = rng.sample(seed.approved, min(INVITED, len(seed.approved)))
        confirmed = companies[:CONFIRMED]
        trainees = _cohort_trainees(seed, cohort)
        capacity = seats * len(confirmed)
        signed = rng.sample(trainees, min(len(trainees), capacity + 8))
        w.put(LunchDay, dict(
            id=day_id, title=f"{cohort}기 {rng.choice(words.LUNCH_TITLES)} #{day_id}", venue=rng.choice(words.VENUES),
            description="참여 기업과 교육생이 점심을 함께하며 직무 이야기를 나눕니다.", starts_at=starts,
            signup_opens_at=starts - timedelta(days=21), signup_closes_at=starts - timedelta(days=3), capacity=capacity,
            arrivals=len(signed), plan_generated_at=starts - timedelta(days=2) if planned else None,
            plan_published_at=starts - timedelta(days=2) if finished else None, created_by_id=seed.committee[0],
            created_at=starts - timedelta(days=30)))
        rounds = []
        for r in range(ROUNDS):
            rounds.append(next_id("round"))
            w.put(LunchRound, dict(id=rounds[-1], lunch_day_id=day_id, number=r + 1,
                                   starts_at=starts + timedelta(minutes=45 * r), minutes=40))
        tables = []
        for i, company in enumerate(companies):
            status = Attendance.CONFIRMED if i < CONFIRMED else Attendance.DECLINED if i < CONFIRMED + DECLINED \
                else Attendance.INVITED
            lunch_company = next_id("company")
            if status == Attendance.CONFIRMED:
                tables.append(lunch_company)
            w.put(LunchCompany, dict(id=lunch_company, lunch_day_id=day_id, company_id=company, status=status,
                                     seats=seats if status == Attendance.CONFIRMED else 0, note="",
                                     responded_at=None if status == Attendance.INVITED else starts - timedelta(days=20),
                                     invited_at=starts - timedelta(days=28)))
        # Cancelled sign-ups gave their place up; places go to the others in order of arrival.
        seated = []
        for arrival, trainee in enumerate(signed, start=1):
            cancelled = arrival % 17 == 0
            status = SignupStatus.CANCELLED if cancelled else \
                SignupStatus.SEATED if len(seated) < capacity else SignupStatus.WAITLISTED
            signup = next_id("signup")
            at = starts - timedelta(days=20, minutes=-arrival)
            came = finished and status == SignupStatus.SEATED and arrival % 10
            w.put(LunchSignup, dict(id=signup, lunch_day_id=day_id, trainee_id=trainee, status=status, arrival=arrival,
                                    created_at=at, cancelled_at=at + timedelta(days=2) if cancelled else None,
                                    checked_in_at=starts - timedelta(minutes=10) if came else None,
                                    checked_in_by_id=seed.committee[0] if came else None))
            if status == SignupStatus.SEATED:
                seated.append((signup, trainee))
            if not cancelled:
                for rank, table in enumerate(rng.sample(tables, 3), start=1):
                    w.put(LunchPreference, dict(id=next_id("preference"), signup_id=signup, lunch_company_id=table,
                                                rank=rank))
        for table in tables:
            for _, trainee in rng.sample(seated, min(2, len(seated))):
                w.put(LunchInterest, dict(id=next_id("interest"), lunch_company_id=table, trainee_id=trainee,
                                          created_at=starts - timedelta(days=5)))
        if not planned:
            continue
        met = set()
        for i, (signup, trainee) in enumerate(seated):
            for r, round_id in enumerate(rounds):
                table = tables[(i // seats + r) % len(tables)]
                w.put(LunchSeat, dict(id=next_id("seat"), signup_id=signup, round_id=round_id, lunch_company_id=table))
                if finished and r == 0 and i % 3 == 0 and (table, trainee) not in met:
                    met.add((table, trainee))
                    w.put(LunchFollowUp, dict(
                        id=next_id("follow_up"), lunch_company_id=table, trainee_id=trainee,
                        decision=(FollowUpDecision.KEEP_IN_TOUCH, FollowUpDecision.NO)[i % 2], application_id=None,
                        proposal_id=None, decided_by_id=None, decided_at=starts + timedelta(days=1)))


def outcomes_and_matches(seed):
    """Outcomes of finished cohorts, the committee's proposals, requests to meet, interview slots and projects."""
    rng, w = seed.rng, seed.w
    outcome_id = 0
    for t in range(1, seed.p.trainees + 1):
        cohort = seed.cohort_ids[(t - 1) // 180]
        if cohort in seed.training_cohorts or t % 7 == 0:
            continue
        outcome_id += 1
        kind = (OutcomeKind.EMPLOYED,) * 71 + (OutcomeKind.FOUNDED,) * 5 + (OutcomeKind.GRADUATE_SCHOOL,) * 8 + \
            (OutcomeKind.LOOKING,) * 16
        kind = kind[t * 13 % len(kind)]
        company = seed.approved[t % len(seed.approved)] if kind == OutcomeKind.EMPLOYED and t % 3 == 0 else None
        started = seed.today - timedelta(days=rng.randint(30, 700))
        w.put(Outcome, dict(
            id=outcome_id, trainee_id=t, kind=kind, company_id=company,
            organisation=words.company_name(company - 1) if company else
            rng.choice(words.OUTSIDE_EMPLOYERS) if kind != OutcomeKind.LOOKING else "",
            started_on=None if kind == OutcomeKind.LOOKING else started, through_board=False, application_id=None,
            note="", recorded_by_id=seed.committee[t % len(seed.committee)],
            recorded_at=seed.now - timedelta(days=rng.randint(1, 29))))
    pairs, proposal_id = set(), 0
    for n in range(seed.p.trainees // 40):
        trainee, opening = rng.randint(1, seed.p.trainees), rng.choice(seed.applicable)
        if (trainee, opening) in pairs:
            continue
        pairs.add((trainee, opening))
        proposal_id += 1
        status = (Decision.PENDING, Decision.PENDING, Decision.DECLINED)[n % 3]
        w.put(MatchProposal, dict(id=proposal_id, trainee_id=trainee, opening_id=opening,
                                  proposed_by_id=seed.committee[n % len(seed.committee)],
                                  note="프로젝트에서 다룬 기술이 공고와 잘 맞습니다.", status=status,
                                  created_at=seed.now - timedelta(days=n % 20 + 1),
                                  decided_at=None if status == Decision.PENDING else seed.now - timedelta(hours=5),
                                  application_id=None))
    for n in range(seed.p.trainees // 100):
        company = seed.approved[n % len(seed.approved)]
        w.put(MeetRequest, dict(id=n + 1, company_id=company, trainee_id=rng.randint(1, seed.p.trainees),
                                requested_by_id=seed.member[company], message="런치데이에서 만나 보고 싶습니다.",
                                status=Decision.PENDING, decided_by_id=None, decided_at=None, reason="",
                                created_at=seed.now - timedelta(days=n % 10 + 1)))
    for n, (application, company_user) in enumerate(seed.interviews, start=1):
        w.put(InterviewSlot, dict(id=n, application_id=application, starts_at=seed.now + timedelta(days=3 + n % 10),
                                  minutes=60, place="본사 3층 회의실", video_url="", chosen_at=None,
                                  created_by_id=company_user, created_at=seed.now - timedelta(days=1)))
    for n in range(1, len(seed.approved) // 5 + 1):
        company = seed.approved[n % len(seed.approved)]
        created = seed.now - timedelta(days=n % 90 + 5)
        w.put(Project, dict(id=n, company_id=company, title=rng.choice(words.PROJECT_TITLES),
                            description="## 문제\n기업이 가진 데이터로 현장의 문제를 풉니다.\n\n## 제공 데이터\n익명 처리된 운영 데이터",
                            team_size=5, status=OpeningStatus.PUBLISHED, return_reason="",
                            created_by_id=seed.member[company], created_at=created, updated_at=created,
                            submitted_at=created, published_at=created + timedelta(days=1)))
        for skill in rng.sample(seed.skill_ids, 2):
            w.put(project_skills, dict(project_id=n, skill_id=skill))
