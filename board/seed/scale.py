"""`flask seed scale`: a large, consistent board for benchmarks, written with Core bulk inserts.

Presets: `academy` (one academy: 2 cohorts, 360 trainees) and `national` (50,000 trainees,
500,000 applications, 200 lunch days). Every row follows the models' rules (enum values,
aware UTC times, unique pairs, legal pipeline paths with an allowed actor per move), but
rows are built as plain dicts with ids given up front, so no ORM objects and no
round trips for keys: national takes about a minute on SQLite.
"""
from dataclasses import dataclass
from datetime import date, timedelta
import enum
import hashlib
import math
import random

from flask import current_app
from sqlalchemy import JSON, Enum, insert, select, text
from werkzeug.security import generate_password_hash

from board.platform.extensions import db
from board.models import (
    Agreement, Application, AuditEntry, CareerLevel, Cohort, CohortClass, Company, CompanyKind, CompanyStatus,
    DeadlineKind, Education, EmploymentType, Opening, OpeningSkill, OpeningStatus, OpeningVersion, QuestionKind,
    Resume, Role, ScreeningQuestion, Skill, Stage, StageChange, Trainee, TraineeStatus, User,
)
from board.models.trainees import trainee_skills
from board.domain.pipeline import MOVES
from board.seed import DEMO_PASSWORD, DemoRefused, _database_in_use
from board.seed import scale_text as words
from board.seed.academy import FEMALE_NAMES, MALE_NAMES, SURNAMES
from board.seed.applications import PATHS, _pdf
from board.models.types import board_today, utcnow


@dataclass(frozen=True)
class Preset:
    trainees: int
    companies: int
    openings: int
    applications: int
    lunch_days: int
    committee: int


PRESETS = {
    "academy": Preset(trainees=360, companies=60, openings=300, applications=3_000, lunch_days=4, committee=5),
    "national": Preset(trainees=50_000, companies=5_000, openings=20_000, applications=500_000, lunch_days=200,
                       committee=40),
}
PER_COHORT = 180
BATCH = 20_000
RANDOM_SEED = 20261126
REGIONS = ("광주",) * 14 + ("서울",) * 3 + ("경기",) * 3 + ("전남북",) * 4 + ("충청", "인천", "경남북", "대구", "부산", "강원")
OPENING_STATES = [OpeningStatus.PUBLISHED] * 62 + [OpeningStatus.CLOSED] * 18 + [OpeningStatus.SUBMITTED] * 8 + \
    [OpeningStatus.RETURNED] * 4 + [OpeningStatus.DRAFT] * 8
# Where applications stand: most are early or finished, as on a real board.
STAGES = [Stage.SUBMITTED] * 14 + [Stage.COMMITTEE_REVIEW] * 10 + [Stage.NEEDS_CHANGES] * 3 + \
    [Stage.COMPANY_REVIEW] * 16 + [Stage.LUNCH_MEETING] * 4 + [Stage.INTERVIEW] * 8 + [Stage.OFFER] * 3 + \
    [Stage.HIRED] * 5 + [Stage.REJECTED] * 27 + [Stage.WITHDRAWN] * 10


class Writer:
    """Buffers rows per table and writes them with executemany in big batches, in foreign-key order."""

    def __init__(self, connection):
        self.connection, self.buffers, self.counts = connection, {}, {}

    def put(self, table, row):
        table = getattr(table, "__table__", table)
        buffer = self.buffers.setdefault(table, [])
        buffer.append(row)
        if len(buffer) >= BATCH:
            # Everything goes, parents first: a full child batch may point at parents still buffered.
            self.flush()

    def flush(self):
        for t in db.metadata.sorted_tables:
            rows = self.buffers.get(t)
            if rows:
                if self.connection.dialect.name == "postgresql" and _copyable(t, rows[0]):
                    self._copy(t, rows)
                else:
                    self.connection.execute(insert(t), rows)
                self.counts[t.name] = self.counts.get(t.name, 0) + len(rows)
                rows.clear()

    def _copy(self, table, rows):
        """PostgreSQL: COPY instead of multi-row INSERTs, several times faster for a million rows.

        Values are converted as the column types would bind them: enums to their values,
        JSON through psycopg's adapter; times are already aware UTC. Triggers fire as for INSERT.
        """
        from psycopg.types.json import Json

        columns = list(rows[0])
        convert = []
        for name in columns:
            kind = table.c[name].type
            if isinstance(kind, Enum):
                convert.append(lambda v: v.value if isinstance(v, enum.Enum) else v)
            elif isinstance(kind, JSON):
                convert.append(lambda v: None if v is None else Json(v))
            else:
                convert.append(None)
        names = ", ".join(f'"{name}"' for name in columns)
        with self.connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([f(row[c]) if f else row[c] for c, f in zip(columns, convert)])


def _copyable(table, row):
    """COPY skips Python-side column defaults, so only rows that give every such column qualify."""
    return all(c.name in row for c in table.c if c.default is not None)


class ScaleSeed:
    """Builds one preset's rows; each method writes one area and keeps the ids later areas need."""

    def __init__(self, preset, writer, rng, password_hash):
        self.p, self.w, self.rng, self.hash = preset, writer, rng, password_hash
        self.now, self.today = utcnow(), board_today()
        self.user_id = 0

    def _user(self, email, name, role, company_id=None, created=None):
        self.user_id += 1
        self.w.put(User, dict(id=self.user_id, email=email, name=name, password_hash=self.hash, role=role, active=True,
                              locale=None, company_id=company_id, created_at=created or self.now,
                              last_login_at=None, password_changed_at=created or self.now))
        return self.user_id

    def _name(self):
        given = MALE_NAMES if self.rng.random() < 0.62 else FEMALE_NAMES
        return self.rng.choice(SURNAMES) + self.rng.choice(given)

    def _ago(self, days_max, days_min=0):
        return self.now - timedelta(days=self.rng.uniform(days_min, days_max))

    def staff(self):
        """The admin and committee members; the four demo emails sign in with the demo password."""
        self.admin = self._user("admin@board.example", "관리자 김하늘", Role.ADMIN)
        self.committee = [self._user("committee@board.example", "위원 박민호", Role.COMMITTEE)]
        self.committee += [self._user(f"committee-{i:03d}@board.example", "위원 " + self._name(), Role.COMMITTEE)
                           for i in range(2, self.p.committee + 1)]
        self.w.flush()

    def companies(self):
        """Companies in the four kinds and four states, a member each, agreements for a third of the approved."""
        rng, self.approved, self.member = self.rng, [], {}
        states = [CompanyStatus.APPROVED] * 90 + [CompanyStatus.PENDING] * 5 + [CompanyStatus.RETURNED] * 3 + \
            [CompanyStatus.SUSPENDED] * 2
        kinds = list(CompanyKind)
        for i in range(1, self.p.companies + 1):
            status = CompanyStatus.APPROVED if i == 1 else states[(i * 37) % len(states)]
            created = self._ago(900, 30)
            self.w.put(Company, dict(
                id=i, name=words.company_name(i - 1), registration_number=_registration_number(i), kind=kinds[i % 4],
                status=status, status_reason="사업자등록증 사본을 다시 올려 주세요." if status == CompanyStatus.RETURNED else None,
                description=rng.choice(words.COMPANY_LINES), website=f"https://company-{i}.example", created_at=created,
                approved_at=created + timedelta(days=2) if status != CompanyStatus.PENDING else None, review_edits=False))
            if status == CompanyStatus.APPROVED:
                self.approved.append(i)
                if i % 3 == 1:
                    self.w.put(Agreement, dict(id=len(self.approved), company_id=i, signed_on=date(2021, 7, 27),
                                               ends_on=None, renewal_on=None, pledged_interviews=5, pledged_hires=2,
                                               note="채용 연계 협약 (취업지원위원회 참여기업)"))
        self.w.flush()
        for i in range(1, self.p.companies + 1):
            email = "company@board.example" if i == 1 else f"recruit-{i}@company-{i}.example"
            self.member[i] = self._user(email, "담당자 " + self._name(), Role.COMPANY, company_id=i)
        self.w.flush()

    def cohorts(self):
        """Cohorts of 180 in six classes; the newest two are training, the rest finished."""
        n = math.ceil(self.p.trainees / PER_COHORT)
        self.cohort_ids, self.training_cohorts = list(range(1, n + 1)), {n, n - 1}
        for c in self.cohort_ids:
            starts = self.today - timedelta(days=120 + 10 * (n - c))
            self.w.put(Cohort, dict(id=c, number=c, starts_on=starts, ends_on=starts + timedelta(days=210),
                                    applicants=PER_COHORT * self.rng.randint(3, 6), selected=PER_COHORT,
                                    completed=None if c in self.training_cohorts else 155, hours=1120))
            for k in range(1, 7):
                self.w.put(CohortClass, dict(id=(c - 1) * 6 + k, cohort_id=c, number=k, instructor=self._name(),
                                             assistant=self._name()))
        self.w.flush()

    def trainees(self):
        """Trainees with profiles, skills and a resume; trainee@board.example is the first of the newest cohort."""
        rng = self.rng
        self.skill_ids = self.w.connection.execute(select(Skill.id)).scalars().all()
        newest = self.cohort_ids[-1]
        pdf = _pdf()
        digest = hashlib.sha256(pdf).hexdigest()
        self.trainee_user = {}
        for t in range(1, self.p.trainees + 1):
            cohort = self.cohort_ids[(t - 1) // PER_COHORT]
            demo = cohort == newest and (t - 1) % PER_COHORT == 0
            name = "정하은" if demo else self._name()
            email = "trainee@board.example" if demo else f"trainee-{t:06d}@board.example"
            self.trainee_user[t] = self._user(email, name, Role.TRAINEE)
            if cohort in self.training_cohorts:
                status = TraineeStatus.TRAINING
            else:
                status = TraineeStatus.DROPPED if t % 7 == 0 else TraineeStatus.COMPLETED
            self.w.put(Trainee, dict(
                id=t, user_id=self.user_id, cohort_id=cohort, class_id=(cohort - 1) * 6 + 1 + t % 6, status=status,
                region=rng.choice(REGIONS), gender="female" if rng.random() < 0.35 else "male", phone="",
                headline=rng.choice(words.HEADLINES), introduction=rng.choice(words.INTRODUCTIONS),
                github_url=f"https://github.com/trainee-{t}", blog_url="", demo_url="",
                visible_to_companies=t % 3 != 0))
            for skill in rng.sample(self.skill_ids, rng.randint(3, 5)):
                self.w.put(trainee_skills, dict(trainee_id=t, skill_id=skill))
            self.w.put(Resume, dict(id=t, trainee_id=t, filename=f"{name}_이력서.pdf", size=len(pdf), sha256=digest,
                                    content=pdf, uploaded_at=self._ago(200, 10)))
        self.w.flush()
        self.demo_trainee = (newest - 1) * PER_COHORT + 1

    def openings(self):
        """Openings of approved companies in every state, with skills, a question on half, versions and audit."""
        rng, skills = self.rng, {name: i for i, name in self.w.connection.execute(select(Skill.id, Skill.name))}
        self.applicable, self.questions, self.company_of, self.title_of = [], {}, {}, {}
        question_id = version_id = audit_id = link_id = 0
        for o in range(1, self.p.openings + 1):
            company = self.approved[(o * 7919) % len(self.approved)] if o > 1 else 1
            job = words.ALL_JOBS[(o * 5 + o // 13) % len(words.ALL_JOBS)]
            status = OPENING_STATES[(o * 31) % len(OPENING_STATES)]
            career = CareerLevel.NEW if o % 3 else rng.choice((CareerLevel.EXPERIENCED, CareerLevel.ANY))
            intern = o % 11 == 0 or "인턴" in job[0]
            deadline_kind = DeadlineKind.DATE if o % 4 else rng.choice((DeadlineKind.ROLLING, DeadlineKind.UNTIL_FILLED))
            created = self._ago(300, 3)
            published = created + timedelta(days=1) if status in (OpeningStatus.PUBLISHED, OpeningStatus.CLOSED) else None
            deadline = None
            if deadline_kind == DeadlineKind.DATE:
                ahead = rng.choice((2, 5, 6, 12, 20, 30, 45, 60))
                deadline = self.today + timedelta(days=ahead if status != OpeningStatus.CLOSED else -ahead)
            low, policy = rng.choice((2800, 3000, 3200, 3400, 3600, 4000)), o % 7 == 0
            company_name = words.company_name(company - 1)
            row = dict(
                id=o, company_id=company, title=f"{job[0]}{' (신입)' if career == CareerLevel.NEW else ''}",
                job_role=job[1], employment_type=EmploymentType.INTERN if intern else EmploymentType.FULL_TIME,
                career_level=career, education=rng.choice((Education.ANY, Education.BACHELOR, Education.ANY)),
                workplace=rng.choice(words.WORKPLACES), salary_min=None if policy else low,
                salary_max=None if policy else low + rng.choice((400, 800, 1200)), salary_by_policy=policy,
                headcount=rng.choice((1, 1, 2, 2, 3, 5)), description=words.opening_description(job, company_name, rng),
                deadline_kind=deadline_kind, deadline=deadline, status=status,
                return_reason="연봉 범위를 구체적으로 적어 주세요." if status == OpeningStatus.RETURNED else "",
                created_by_id=self.member[company], created_at=created, updated_at=created,
                submitted_at=created + timedelta(hours=2) if status != OpeningStatus.DRAFT else None,
                published_at=published, closed_at=self._ago(2) if status == OpeningStatus.CLOSED else None)
            self.w.put(Opening, row)
            self.company_of[o], self.title_of[o] = company, row["title"]
            for required, names in ((True, job[2]), (False, job[3])):
                for name in names:
                    link_id += 1
                    self.w.put(OpeningSkill, dict(id=link_id, opening_id=o, skill_id=skills[name], required=required))
            if o % 2:
                question_id += 1
                self.questions[o] = question_id
                self.w.put(ScreeningQuestion, dict(id=question_id, opening_id=o, position=1, kind=QuestionKind.YES_NO,
                                                   prompt="광주에서 근무할 수 있나요?", choices=""))
            if status != OpeningStatus.DRAFT:
                version_id += 1
                self.w.put(OpeningVersion, dict(id=version_id, opening_id=o, number=1, content=_snapshot(row, job),
                                                created_at=created, created_by_id=self.member[company],
                                                approved_at=published))
            if published or status == OpeningStatus.RETURNED:
                audit_id += 1
                self.w.put(AuditEntry, dict(
                    id=audit_id, at=published or created + timedelta(days=1), actor_id=self.rng.choice(self.committee),
                    action="opening.publish" if published else "opening.return", subject_type="openings", subject_id=o,
                    reason=row["return_reason"], detail={"company_id": company}))
            if published:
                self.applicable.append(o)
        self.audit_id = audit_id
        self.w.flush()

    def applications(self):
        """Applications spread evenly over trainees, each having walked a legal path with an allowed actor per move."""
        rng, apps_per, extra = self.rng, *divmod(self.p.applications, self.p.trainees)
        app_id = event_id = 0
        self.interviews = []
        for t in range(1, self.p.trainees + 1):
            n = apps_per + (1 if t <= extra else 0)
            user = self.trainee_user[t]
            for opening in rng.sample(self.applicable, min(n, len(self.applicable))):
                app_id += 1
                stage = STAGES[rng.randrange(len(STAGES))]
                path = PATHS[stage]
                when = self._ago(180, 2 * len(path) + 1)
                company_user = self.member[self.company_of[opening]]
                committee = self.committee[app_id % len(self.committee)]
                actors = {Role.COMMITTEE: committee, Role.COMPANY: company_user, Role.TRAINEE: user}
                events = [dict(application_id=app_id, at=when, actor_id=user, from_stage=None, to_stage=Stage.SUBMITTED,
                               reason="")]
                previous, at = Stage.SUBMITTED, when
                for step, to_stage in enumerate(path, start=1):
                    roles = MOVES[(previous, to_stage)]
                    at = when + timedelta(days=2 * step)
                    events.append(dict(application_id=app_id, at=at, from_stage=previous, to_stage=to_stage,
                                       actor_id=next(a for role, a in actors.items() if role in roles),
                                       reason="기술 스택이 아직 맞지 않습니다." if to_stage == Stage.REJECTED else ""))
                    previous = to_stage
                question = self.questions.get(opening)
                company = words.company_name(self.company_of[opening] - 1)
                # The application before its events: a full batch of events must find its parent written.
                self.w.put(Application, dict(
                    id=app_id, opening_id=opening, trainee_id=t, resume_id=t,
                    cover_letter=rng.choice(words.COVER_LETTERS).format(company=company, title=self.title_of[opening]),
                    advice="프로젝트에서 맡은 역할을 구체적으로 적어 보세요." if stage == Stage.NEEDS_CHANGES else "",
                    rejection_code="skills" if stage == Stage.REJECTED else None,
                    shared_reason="", other_times_note="", answers={str(question): "yes"} if question else {},
                    stage=stage, stage_changed_at=at, version=1 + len(path), created_at=when))
                for event in events:
                    event_id += 1
                    event["id"] = event_id
                    self.w.put(StageChange, event)
                if stage == Stage.INTERVIEW:
                    self.interviews.append((app_id, company_user))
        self.w.flush()


def _registration_number(n):
    """The n-th valid 10-digit business registration number (check digit per the national rule)."""
    head = [int(c) for c in f"{408 + n // 10_000 % 3}{(81, 86, 87, 88)[n // 30_000 % 4]}{n % 10_000:04d}"]
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(d * w for d, w in zip(head, weights)) + head[8] * 5 // 10
    return "".join(map(str, head)) + str((10 - total % 10) % 10)


def _snapshot(row, job):
    """What Opening.snapshot() would say for this row (the version the committee approved)."""
    salary = "회사 내규" if row["salary_by_policy"] else f"{row['salary_min']}–{row['salary_max']} 만원"
    deadline = row["deadline"].isoformat() if row["deadline"] else row["deadline_kind"].value
    return {"title": row["title"], "job_role": row["job_role"].value, "employment_type": row["employment_type"].value,
            "career_level": row["career_level"].value, "education": row["education"].value,
            "workplace": row["workplace"], "salary": salary, "headcount": row["headcount"], "deadline": deadline,
            "required_skills": ", ".join(job[2]), "preferred_skills": ", ".join(job[3]),
            "questions": "1. [yes_no] 광주에서 근무할 수 있나요?" if row["id"] % 2 else "", "description": row["description"]}


def _fast_sqlite(connection):
    """Bulk-load settings for this one connection (set before its transaction starts; SQLite refuses them inside)."""
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        for pragma in ("synchronous = OFF", "cache_size = -262144", "temp_store = MEMORY"):
            raw.execute(f"PRAGMA {pragma}")


def _reset_sequences(connection):
    """PostgreSQL: move each id sequence past the ids written here, so the app's own inserts still work."""
    if connection.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def seed_scale(preset_name, skip_if_not_empty=False, progress=None):
    """Fill an empty database with a preset's board; returns a one-line summary with row counts."""
    from board.seed.scale_lunch import lunch_days, outcomes_and_matches

    if current_app.config.get("BOARD_ENV") == "production":
        raise DemoRefused("the scale seed never runs with BOARD_ENV=production")
    if _database_in_use():
        if skip_if_not_empty:
            return "database not empty: scale seed skipped"
        raise DemoRefused("the database is not empty; the scale seed only fills an empty database")
    say = progress or (lambda message: None)
    preset = PRESETS[preset_name]
    # One hash for every account: the production method costs ~100 ms a call on purpose.
    password_hash = generate_password_hash(DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
    db.session.close()
    with db.engine.connect() as connection:
        _fast_sqlite(connection)
        writer = Writer(connection)
        seed = ScaleSeed(preset, writer, random.Random(RANDOM_SEED), password_hash)
        with connection.begin():
            steps = [("staff", seed.staff), ("companies", seed.companies), ("cohorts", seed.cohorts),
                     ("trainees", seed.trainees), ("openings", seed.openings), ("applications", seed.applications),
                     ("lunch days", lambda: lunch_days(seed)), ("outcomes, matches", lambda: outcomes_and_matches(seed))]
            for name, step in steps:
                step()
                writer.flush()
                say(f"{name}: {sum(writer.counts.values()):,} rows so far")
            _reset_sequences(connection)
        if connection.dialect.name == "sqlite":
            connection.connection.driver_connection.execute("PRAGMA synchronous = NORMAL")
    counts = writer.counts
    return (f"scale data ({preset_name}): {counts['cohorts']} cohorts, {counts['trainees']:,} trainees, "
            f"{counts['companies']:,} companies, {counts['openings']:,} openings, {counts['applications']:,} applications, "
            f"{counts.get('lunch_days', 0)} lunch days; {sum(counts.values()):,} rows in all")

