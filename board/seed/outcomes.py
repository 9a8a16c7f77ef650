"""Demo outcomes: cohort 1's 155 graduates as the article counts them, 130 (83.9%) employed, founded or studying."""
import random
from datetime import date, datetime, time, timedelta, UTC

from sqlalchemy import select

from board.platform.extensions import db
from board.domain.retention import MILESTONES, months_after
from board.models import Application, EmploymentCheck, Outcome, OutcomeKind, RetentionStatus, Stage, TraineeStatus
from board.models.types import board_today
from board.seed.timeline import moved, semester_start

# The current outcomes of cohort 1's graduates: 110 + 8 + 12 = 130 of 155.
COHORT1_SPLIT = {OutcomeKind.EMPLOYED: 110, OutcomeKind.FOUNDED: 8, OutcomeKind.GRADUATE_SCHOOL: 12,
                 OutcomeKind.LOOKING: 25}
# Of the employed: how many work for a company on the board, and how many looked for a while first.
AT_BOARD_COMPANIES = 38
LOOKED_FIRST = 30
# Still looking now, after an internship that ended.
INTERNSHIP_ENDED = 4
# Days are written in the article's calendar and moved onto today's (board.seed.timeline) when stored.
FIRST_DAY, LAST_DAY = date(2020, 12, 1), date(2021, 10, 29)

# Fictional employers that are not on the board.
OUTSIDE_EMPLOYERS = ["한빛데이터시스템", "새솔정보통신", "다온에이아이", "온누리소프트", "미래로클라우드", "가람아이앤씨",
                     "바른데이터", "하늘빛소프트", "도담테크", "시온네트웍스", "이음데이터", "한결정보기술", "누리비전",
                     "푸른솔루션", "나래모빌리티", "온빛헬스케어", "세움핀테크", "아라미디어"]
FOUNDED = ["데이터마루", "소리결AI", "비전팜", "모두의라벨", "말벗랩", "빛길모빌리티", "한땀AI", "그린픽셀"]
SCHOOLS = ["전남대학교 대학원 인공지능학과", "광주과학기술원 AI대학원", "조선대학교 대학원 컴퓨터공학과",
           "전남대학교 대학원 빅데이터융합학과", "호남대학교 대학원 컴퓨터공학과", "고려대학교 대학원 인공지능학과"]
LOOKING_NOTES = ["공공기관 채용 준비 중", "정보처리기사 취득 후 지원 예정", "2기 리쿠르트 런치데이 참여 희망",
                 "수도권 데이터 분석 직무 위주로 지원 중", ""]


def _day(rng, first, last):
    """A day between first and last, both included."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _recorded(rng, day):
    """When the committee wrote it down: within two weeks of the day, in Seoul office hours, never after LAST_DAY."""
    at = min(day + timedelta(days=rng.randint(0, 14)), moved(LAST_DAY))
    return datetime.combine(at, time(rng.randint(0, 8), rng.randint(0, 59)), tzinfo=UTC)


def _outcome(rng, trainee, kind, committee, day, company=None, organisation="", note="", semester=False):
    """An outcome from day (article calendar); a school year starts on the moved year's semester day instead."""
    started = semester_start(day) if semester else moved(day)
    return Outcome(trainee=trainee, kind=kind, company=company, organisation=company.name if company else organisation,
                   started_on=started, through_board=False, note=note, recorded_by=committee,
                   recorded_at=_recorded(rng, started))


def _cohort1(rng, graduates, companies, committee):
    """Every graduate's history, the last row of each being the current outcome."""
    kinds = [kind for kind, n in COHORT1_SPLIT.items() for _ in range(n)]
    people = sorted(graduates, key=lambda t: t.user.email)
    rng.shuffle(people)
    board_companies = [c for c in companies if c.is_approved]
    employed_total = COHORT1_SPLIT[OutcomeKind.EMPLOYED]
    at_board = set(rng.sample(range(employed_total), AT_BOARD_COMPANIES))
    looked = set(rng.sample(range(employed_total), LOOKED_FIRST))
    rows, seen = [], {kind: 0 for kind in OutcomeKind}
    for trainee, kind in zip(people, kinds):
        n = seen[kind]
        seen[kind] += 1
        if kind == OutcomeKind.EMPLOYED:
            if n in looked:
                rows.append(_outcome(rng, trainee, OutcomeKind.LOOKING, committee, FIRST_DAY, note="수료 후 구직 중"))
                day = _day(rng, date(2021, 3, 1), LAST_DAY)
            else:
                day = _day(rng, FIRST_DAY, date(2021, 3, 31))
            if n in at_board:
                rows.append(_outcome(rng, trainee, kind, committee, day, company=rng.choice(board_companies)))
            else:
                rows.append(_outcome(rng, trainee, kind, committee, day, organisation=rng.choice(OUTSIDE_EMPLOYERS)))
        elif kind == OutcomeKind.FOUNDED:
            rows.append(_outcome(rng, trainee, kind, committee, _day(rng, date(2021, 1, 4), date(2021, 8, 31)),
                                 organisation=FOUNDED[n]))
        elif kind == OutcomeKind.GRADUATE_SCHOOL:
            day = rng.choice((date(2021, 3, 2), date(2021, 3, 2), date(2021, 9, 1)))
            if day.month == 9:
                rows.append(_outcome(rng, trainee, OutcomeKind.LOOKING, committee, FIRST_DAY, note="대학원 진학 준비 중"))
            rows.append(_outcome(rng, trainee, kind, committee, day, organisation=rng.choice(SCHOOLS), semester=True))
        else:
            if n < INTERNSHIP_ENDED:
                start = _day(rng, FIRST_DAY, date(2021, 1, 31))
                rows.append(_outcome(rng, trainee, OutcomeKind.EMPLOYED, committee, start,
                                     company=rng.choice(board_companies), note="6개월 인턴"))
                rows.append(_outcome(rng, trainee, kind, committee, start + timedelta(days=182), note="인턴 종료 후 구직 중"))
            else:
                rows.append(_outcome(rng, trainee, kind, committee, FIRST_DAY, note=rng.choice(LOOKING_NOTES)))
    return rows


def _board_hires():
    """An employed outcome through the board for each demo application that reached 채용 확정."""
    recorded = set(db.session.scalars(select(Outcome.application_id).where(Outcome.application_id.is_not(None))))
    rows = []
    for application in db.session.scalars(select(Application).where(Application.stage == Stage.HIRED)
                                          .order_by(Application.id)):
        if application.id in recorded:
            continue
        hire = application.events[-1]
        rows.append(Outcome(trainee_id=application.trainee_id, kind=OutcomeKind.EMPLOYED,
                            company_id=application.opening.company_id, organisation=application.opening.company.name,
                            started_on=hire.at.date(), through_board=True, application_id=application.id,
                            recorded_by_id=hire.actor_id, recorded_at=hire.at))
    return rows


def demo_outcomes(rng, trainees, companies, committee):
    """Outcome rows to add: cohort 1's graduates with their histories, and the demo's hires through the board."""
    graduates = [t for t in trainees if t.cohort.number == 1 and t.status == TraineeStatus.COMPLETED]
    return _cohort1(rng, graduates, companies, committee) + _board_hires()


# 고용 유지 확인 of cohort 1's employed graduates, drawn apart so the shared generator leaves the rest as it was.
CHECKS_SEED = 20211124 + 16
CHECK_NOTES = {RetentionStatus.VERIFIED: ["4대보험 가입 확인", "본인 통화로 재직 확인", "회사 담당자 확인"],
               RetentionStatus.LEFT: ["다른 회사로 이직 (취업 유지)", "계약 만료 후 이직"],
               RetentionStatus.UNKNOWN: ["연락되지 않음", "문자 회신 없음"]}


def demo_employment_checks(trainees, committee):
    """Checks at 3 and 6 months, where due, for cohort 1's graduates whose current outcome is employment.

    A graduate who left moved to another job: still employed, so the 130 of 155 stand.
    """
    rng, today = random.Random(CHECKS_SEED), board_today()
    cohort1 = [t.id for t in trainees if t.cohort.number == 1 and t.status == TraineeStatus.COMPLETED]
    current = {}
    for outcome in db.session.scalars(select(Outcome).where(Outcome.trainee_id.in_(cohort1))
                                      .order_by(Outcome.trainee_id, Outcome.started_on, Outcome.id)):
        current[outcome.trainee_id] = outcome
    rows = []
    for outcome in current.values():
        if outcome.kind != OutcomeKind.EMPLOYED or outcome.application_id is not None:
            continue
        status = None
        for months in MILESTONES:
            due = months_after(outcome.started_on, months)
            if due > today:
                break
            if status != RetentionStatus.LEFT:
                status = rng.choices(list(CHECK_NOTES), weights=(82, 7, 11))[0]
            checked = min(due + timedelta(days=rng.randint(0, 20)), today)
            rows.append(EmploymentCheck(outcome_id=outcome.id, months=months, status=status, checked_on=checked,
                                        note=rng.choice(CHECK_NOTES[status]), recorded_by_id=committee.id,
                                        recorded_at=datetime.combine(checked, time(rng.randint(0, 8)), tzinfo=UTC)))
    return rows
