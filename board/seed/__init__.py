"""`flask seed demo`: a believable academy for local use and the browser tests."""
import random

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from board.platform.extensions import db
from board.models import Application, Cohort, Company, Role, Trainee, User
from board.seed.academy import PARTNERS, PENDING, demo_academy
from board.seed.applications import demo_applications
from board.seed.lunchdays import demo_lunch_days
from board.seed.matching import demo_matching
from board.seed.notifications import demo_accounts, demo_notifications
from board.seed.openings import demo_openings, record_history
from board.seed.offers import demo_offers
from board.seed.outbox import demo_outbox
from board.seed.outcomes import demo_employment_checks, demo_outcomes
from board.seed.projects import demo_projects
from board.seed.region_companies import region_companies
from board.seed.surveys import seed_demo_survey

DEMO_PASSWORD = "demo-pass-2026"
# A fixed seed keeps names, classes and registration numbers the same on every run.
RANDOM_SEED = 20211124


class DemoRefused(Exception):
    """The demo seed will not run here (production, or a database already in use)."""


def _database_in_use():
    """True when accounts, cohorts or companies already exist."""
    return any(db.session.scalar(select(model.id).limit(1)) is not None for model in (User, Cohort, Company))


def seed_demo(skip_if_not_empty=False) -> str:
    """Fill an empty database with the demo academy; returns a one-line summary."""
    if current_app.config.get("BOARD_ENV") == "production":
        raise DemoRefused("the demo seed never runs with BOARD_ENV=production")
    if _database_in_use():
        if skip_if_not_empty:
            return "database not empty: demo seed skipped"
        raise DemoRefused("the database is not empty; the demo seed only fills an empty database "
                          "(use --if-empty to skip quietly)")

    rng = random.Random(RANDOM_SEED)
    password_hash = generate_password_hash(DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
    rows, companies, staff = demo_academy(rng, password_hash)
    committee = staff[1]
    try:
        db.session.add_all(rows)
        # The region's other firms: counted by kind on the dashboard, acting nowhere else.
        db.session.add_all(region_companies(companies))
        openings = demo_openings(rng, companies)
        db.session.add_all(openings)
        db.session.flush()
        with db.session.no_autoflush:
            db.session.add_all(list(record_history(openings, committee)))
        trainees = [row for row in rows if isinstance(row, Trainee)]
        company_members = [row for row in rows if isinstance(row, User) and row.role == Role.COMPANY and row.company.is_approved]
        applications = demo_applications(rng, trainees, openings, committee, company_members)
        db.session.add_all(applications)
        # Last, so the shared random generator leaves the rest of the demo as it was.
        seed_demo_survey(companies, committee, rng)
        db.session.add_all(demo_projects(rng, companies, committee))
        db.session.add_all(demo_outcomes(rng, trainees, companies, committee))
        db.session.flush()
        db.session.add_all(demo_offers(rng))
        db.session.add_all(demo_employment_checks(trainees, committee))
        db.session.add_all(demo_matching(rng, trainees, openings, committee, company_members))
        demo_lunch_days(trainees, companies, committee, company_members)
        db.session.flush()
        demo_notifications(*demo_accounts())
        db.session.add_all(demo_outbox(trainees))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return (f"demo data: 2 cohorts, {len(trainees)} trainees, {len(companies)} companies "
            f"({PARTNERS} partners, {PENDING} pending), {len(openings)} openings, "
            f"{sum(isinstance(row, Application) for row in applications)} applications, 4 demo accounts")
