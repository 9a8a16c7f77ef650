"""Fixtures: an app on a clean database per test, clients, and signed-in users for every role.

The suite runs on SQLite (a file, so locking and WAL are real) by default and on
PostgreSQL when TEST_DATABASE_URL is set. The schema is built once per run through the
migrations, which tests them too; each test then starts from empty tables.
"""
import hashlib
import io
import os
import re
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import MetaData, select, text

from board import create_app
from board.models.types import board_today
from board.platform.extensions import db, limiter
from board.domain.search import is_search_table
from board.models import (
    Agreement, Attendance, CareerLevel, Cohort, CohortClass, Company, CompanyStatus, DeadlineKind, Education, EmploymentType, JobRole,
    LunchCompany, LunchDay, LunchRound, Opening, OpeningStatus, Resume, Role, ScreeningQuestion, Skill, Trainee,
)
from board.models.accounts import create_account
from board.models.types import utcnow

PASSWORD = "correct-horse-battery"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


class BoardClient(FlaskClient):
    """A test client that sends the CSRF token with each POST, as a browser form would."""

    def csrf_token(self):
        page = super().get("/login" if not self._signed_in() else "/account/password")
        match = CSRF_RE.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def _signed_in(self):
        with self.session_transaction() as session:
            return "_user_id" in session

    def post(self, *args, csrf=True, **kwargs):
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)) and "json" not in kwargs:
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)


def _test_database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        # Under pytest-xdist each worker empties tables between tests: it needs a database of its own,
        # `<name>_gw0`, `<name>_gw1`… (SQLite needs nothing: tmp_path_factory is per worker).
        from e2e.server import PostgresDatabase, worker_suffix

        if worker_suffix():
            database = PostgresDatabase(url, suffix=worker_suffix())
            database.create()
            return database.url
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def board_test_config(url):
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key",
        "RATELIMIT_STORAGE_URI": "memory://",
        # Hashing at full strength would make every login in the suite take ~0.1 s;
        # test_accounts checks the production default separately.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "HTMX_FROM_CDN": True,
        "SERVER_NAME": None,
        # The test client's default host: mailed links read http://localhost/... (tests/test_origin.py
        # checks them against other origins, forged hosts and production).
        "BOARD_URL": "http://localhost",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """An empty database, upgraded to the newest migration once for the whole run."""
    url = _test_database_url(tmp_path_factory)
    app = create_app(board_test_config(url))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        from flask_migrate import upgrade
        upgrade()
        db.engine.dispose()
    return url


def _empty_all_tables():
    meta = MetaData()
    meta.reflect(bind=db.engine)
    # The skill vocabulary is reference data that the migrations load; it stays.
    # The search index empties itself through its triggers (FTS5's shadow tables must not be touched).
    tables = [t for t in reversed(meta.sorted_tables)
              if t.name not in ("alembic_version", "skills") and not is_search_table(t.name)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app(database_url):
    """The board on a clean database."""
    app = create_app(board_test_config(database_url))
    app.test_client_class = BoardClient
    with app.app_context():
        _empty_all_tables()
        # The limiter is one object for the process; counts must not leak from test to test.
        limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_board(app, database_url):
    """make_board(**config): another board on the test database (emptied by `app`) with config on top; disposed after."""
    made = []

    def _make(**config):
        made.append(create_app({**board_test_config(database_url), **config}))
        made[-1].test_client_class = BoardClient
        return made[-1]
    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Factory:
    """Builds the board's things for tests, committed and ready to use."""

    def __init__(self, app):
        self.app = app
        self._n = 0

    def _next(self):
        self._n += 1
        return self._n

    def cohort(self, number=2):
        with self.app.app_context():
            cohort = Cohort(number=number, starts_on=date(2021, 6, 1), ends_on=date(2021, 12, 31),
                            applicants=609, selected=180, hours=1120)
            cohort.classes = [CohortClass(number=n) for n in range(1, 7)]
            db.session.add(cohort)
            db.session.commit()
            return cohort.id

    def company(self, name=None, status=CompanyStatus.APPROVED, partner=False):
        n = self._next()
        with self.app.app_context():
            # The model does not check the number (the sign-up form does); tests need unique ones.
            company = Company(name=name or f"테스트기업 {n}", registration_number=f"{n:010d}", status=status)
            if partner:
                company.agreements = [Agreement(signed_on=date(2021, 7, 27))]
            db.session.add(company)
            db.session.commit()
            return company.id

    def user(self, role, email=None, name=None, password=PASSWORD, company_id=None, active=True):
        n = self._next()
        with self.app.app_context():
            company = db.session.get(Company, company_id) if company_id else None
            user = create_account(email or f"{role.value}{n}@example.kr", name or f"사용자{n}", role, password, company)
            user.active = active
            if role == Role.TRAINEE:
                cohort_id = self.cohort(number=100 + n)
                db.session.add(Trainee(user=user, cohort_id=cohort_id))
            db.session.commit()
            return user.id


    def opening(self, company_id=None, title="데이터 엔지니어", status=OpeningStatus.PUBLISHED, required=("Python",),
                preferred=(), deadline_days=30, description="데이터 파이프라인을 만듭니다.", workplace="광주 북구",
                job_role=JobRole.DATA_ENGINEER, employment_type=EmploymentType.FULL_TIME, career=CareerLevel.NEW,
                questions=()):
        """An opening with skills from the vocabulary; published unless told otherwise."""
        company_id = company_id or self.company()
        with self.app.app_context():
            skills = {s.name: s for s in db.session.scalars(select(Skill))}
            opening = Opening(
                company_id=company_id, title=title, job_role=job_role, employment_type=employment_type,
                career_level=career, education=Education.ANY, workplace=workplace, salary_min=3000, salary_max=4000,
                headcount=1, description=description,
                deadline_kind=DeadlineKind.DATE if deadline_days is not None else DeadlineKind.ROLLING,
                deadline=board_today() + timedelta(days=deadline_days) if deadline_days is not None else None,
                status=status, published_at=utcnow() if status == OpeningStatus.PUBLISHED else None)
            opening.set_skills([skills[n] for n in required], [skills[n] for n in preferred])
            opening.questions = [ScreeningQuestion(position=i, kind=kind, prompt=prompt, choices=choices)
                                 for i, (kind, prompt, choices) in enumerate(questions, start=1)]
            db.session.add(opening)
            db.session.commit()
            return opening.id

    def resume(self, user_id, content=None, filename="이력서.pdf"):
        """A stored resume for the trainee account user_id (a real one-page PDF by default)."""
        content = content or pdf_bytes()
        with self.app.app_context():
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            resume = Resume(trainee_id=trainee.id, filename=filename, size=len(content),
                            sha256=hashlib.sha256(content).hexdigest(), content=content)
            db.session.add(resume)
            db.session.commit()
            return resume.id

    def trainee_skills(self, user_id, names):
        with self.app.app_context():
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            trainee.skills = list(db.session.scalars(select(Skill).where(Skill.name.in_(names))))
            db.session.commit()

    def lunch_day(self, capacity=60, rounds=2, companies=(), seats=4, opens_in=timedelta(days=-1),
                  closes_in=timedelta(days=7), starts_in=timedelta(days=10), published=False):
        """A lunch day whose sign-up window is open by default; companies listed attend with `seats` per round."""
        with self.app.app_context():
            now = utcnow()
            starts_at = now + starts_in
            lunch_day = LunchDay(title="리쿠르트 런치데이", venue="인공지능사관학교 3층", starts_at=starts_at,
                                 signup_opens_at=now + opens_in, signup_closes_at=now + closes_in,
                                 capacity=capacity, plan_published_at=now if published else None)
            lunch_day.rounds = [LunchRound(number=n, starts_at=starts_at + timedelta(minutes=45 * (n - 1)), minutes=40)
                                for n in range(1, rounds + 1)]
            lunch_day.companies = [LunchCompany(company_id=company_id, status=Attendance.CONFIRMED, seats=seats)
                                   for company_id in companies]
            db.session.add(lunch_day)
            db.session.commit()
            return lunch_day.id


def pdf_bytes(pages=1):
    """A real, small PDF document."""
    from pypdf import PdfWriter
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def make(app):
    return Factory(app)


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


@pytest.fixture
def as_role(app, make):
    """as_role(Role.X) gives a client signed in as a new user of that role (company: approved)."""
    def _as(role, **kwargs):
        if role == Role.COMPANY and "company_id" not in kwargs:
            kwargs["company_id"] = make.company()
        user_id = make.user(role, **kwargs)
        client = app.test_client()
        with app.app_context():
            from board.models import User
            email = db.session.get(User, user_id).email
        response = sign_in(client, email)
        assert response.status_code == 303, response.get_data(as_text=True)
        client.user_id = user_id
        return client
    return _as


def assert_csrf_refused(response, caplog, where=""):
    """The answer is Flask-WTF's CSRF refusal: 400, with its reason logged, before any view ran.

    The board's 400 page does not name the reason, so the log line of flask_wtf.csrf tells a
    CSRF refusal apart from any other 400 (or from a 415 for JSON, refused before CSRF is read).
    """
    assert response.status_code == 400, f"{where}: {response.status_code}, not the CSRF refusal"
    reasons = [r.getMessage() for r in caplog.records if r.name == "flask_wtf.csrf"]
    assert any("CSRF" in reason for reason in reasons), f"{where}: a 400, but not from the CSRF check"


@pytest.fixture
def application_at(app, make, as_role):
    """application_at(stage): company 엑스랩's signed-in member, a signed-in trainee with an application to its
    opening at `stage` (passed on to the company unless still 지원), and with_committee a committee member.

    Returns a dict: member, trainee (clients), id (= application_id), company_id, email, version[, committee].
    """
    from board.models import Application, Role, Stage, StageChange, Trainee

    def _make(stage=Stage.INTERVIEW, with_committee=False):
        company = make.company(name="엑스랩")
        member = as_role(Role.COMPANY, company_id=company)
        trainee = as_role(Role.TRAINEE)
        opening = make.opening(company, title="머신러닝 엔지니어")
        with app.app_context():
            t = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
            application = Application(opening_id=opening, trainee_id=t.id, cover_letter="지원합니다", stage=stage)
            db.session.add(application)
            db.session.flush()
            if stage != Stage.SUBMITTED:
                db.session.add(StageChange(application_id=application.id, to_stage=Stage.COMPANY_REVIEW))
            db.session.commit()
            found = {"member": member, "trainee": trainee, "id": application.id, "application_id": application.id,
                     "company_id": company, "email": t.user.email, "version": application.version}
        if with_committee:
            found["committee"] = as_role(Role.COMMITTEE)
        return found
    return _make
