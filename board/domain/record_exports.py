"""Record-level exports: trainees with their outcomes, applications with their stage history,
and a company's own applicants, as CSV for Excel on a Korean Windows.

They stream: rows are read in batches of BATCH by id (keyset, so every batch is one indexed
statement on SQLite and PostgreSQL alike) and written line by line, so a national-scale export
never holds every row in memory. The cells go through the same neutralising as the dashboard's
tables (board.domain.reports_export): UTF-8 with a BOM, formula starts made text.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from board.domain.pipeline import COMPANY_STAGES, passed_to_company
from board.domain.reports_export import csv_lines
from board.models import (
    Application, Cohort, CohortClass, Company, Opening, Outcome, Stage, StageChange, Trainee, TraineeStatus, User,
)
from board.platform.extensions import db
from board.platform.seoul_time import seoul_date

BATCH = 500


def _day(moment):
    return seoul_date(moment).isoformat() if moment else ""


def _batches(query, key):
    """query's rows in batches of BATCH ordered by key, each batch one statement (keyset, not OFFSET)."""
    last = 0
    while True:
        rows = db.session.execute(query.where(key > last).order_by(key).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _current_outcome_ids():
    """The id (and trainee) of each trainee's newest outcome (the current one), as a subquery."""
    rank = func.row_number().over(partition_by=Outcome.trainee_id,
                                  order_by=(Outcome.recorded_at.desc(), Outcome.id.desc())).label("rank")
    ranked = select(Outcome.id, Outcome.trainee_id, rank).subquery("ranked_outcomes")
    return select(ranked.c.id, ranked.c.trainee_id).where(ranked.c.rank == 1).subquery("current_outcome")


def trainees_with_outcomes(cohort_id=None):
    """CSV lines: every trainee of the cohort (or all) with the current outcome. No gender: aggregates only."""
    current = _current_outcome_ids()
    query = (select(Trainee.id, User.name, User.email, Cohort.number, CohortClass.number, Trainee.region,
                    Trainee.status, Outcome.kind, Outcome.organisation, Outcome.started_on, Outcome.through_board)
             .join(User, User.id == Trainee.user_id).join(Cohort, Cohort.id == Trainee.cohort_id)
             .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
             .outerjoin(current, current.c.trainee_id == Trainee.id).outerjoin(Outcome, Outcome.id == current.c.id))
    if cohort_id is not None:
        query = query.where(Trainee.cohort_id == cohort_id)
    header = [_("Name"), _("Email"), _("Cohort"), _("Class"), _("Region"), _("Status"), _("Outcome"),
              _("Where"), _("Started on"), _("Through the board")]

    def rows():
        for batch in _batches(query, Trainee.id):
            for _id, name, email, cohort, klass, region, status, kind, where, started, through in batch:
                yield (name, email, cohort, klass or "", region or "", TraineeStatus(status).label,
                       kind.label if kind else _("No outcome yet"), where or "",
                       started.isoformat() if started else "",
                       (_("Yes") if through else _("No")) if kind else "")

    return csv_lines(header, rows())


def _history(application_ids):
    """{application id: "2026-03-02 제출 → 2026-03-04 위원회 검토 …"} for one batch, in one statement."""
    found = {}
    for application_id, at, to_stage in db.session.execute(
            select(StageChange.application_id, StageChange.at, StageChange.to_stage)
            .where(StageChange.application_id.in_(application_ids))
            .order_by(StageChange.application_id, StageChange.at, StageChange.id)):
        found.setdefault(application_id, []).append(f"{_day(at)} {Stage(to_stage).label}")
    return {key: " → ".join(steps) for key, steps in found.items()}


def applications_with_history(cohort_id=None):
    """CSV lines: every application of the cohort's trainees (or all) with the stages it went through."""
    query = (select(Application.id, User.name, User.email, Cohort.number, Company.name, Opening.title,
                    Application.stage, Application.created_at, Application.stage_changed_at)
             .join(Trainee, Trainee.id == Application.trainee_id).join(User, User.id == Trainee.user_id)
             .join(Cohort, Cohort.id == Trainee.cohort_id).join(Opening, Opening.id == Application.opening_id)
             .join(Company, Company.id == Opening.company_id))
    if cohort_id is not None:
        query = query.where(Trainee.cohort_id == cohort_id)
    header = [_("Application"), _("Applicant"), _("Email"), _("Cohort"), _("Company"), _("Opening"), _("Stage"),
              _("Applied on"), _("Stage since"), _("Stage history")]

    def rows():
        for batch in _batches(query, Application.id):
            history = _history([row[0] for row in batch])
            for app_id, name, email, cohort, company, title, stage, created, changed in batch:
                yield (app_id, name, email, cohort, company, title, Stage(stage).label, _day(created), _day(changed),
                       history.get(app_id, ""))

    return csv_lines(header, rows())


def company_applicants(company_id, opening_id=None):
    """CSV lines: the applications the committee passed on to the company (now or once), nobody else's.

    Region, gender and the committee's notes stay out, as on the company's application page.
    """
    passed_on = (select(StageChange.application_id, func.min(StageChange.at).label("at"))
                 .where(StageChange.to_stage.in_(COMPANY_STAGES)).group_by(StageChange.application_id)
                 .subquery("passed_on"))
    query = (select(Application.id, User.name, User.email, Opening.title, Application.stage, passed_on.c.at,
                    Application.stage_changed_at)
             .join(Opening, Opening.id == Application.opening_id).join(Trainee, Trainee.id == Application.trainee_id)
             .join(User, User.id == Trainee.user_id)
             .outerjoin(passed_on, passed_on.c.application_id == Application.id)
             .where(Opening.company_id == company_id, passed_to_company()))
    if opening_id is not None:
        query = query.where(Application.opening_id == opening_id)
    header = [_("Application"), _("Applicant"), _("Email"), _("Opening"), _("Stage"), _("Passed on"),
              _("Stage since")]

    def rows():
        for batch in _batches(query, Application.id):
            for app_id, name, email, title, stage, passed, changed in batch:
                yield app_id, name, email, title, Stage(stage).label, _day(passed), _day(changed)

    return csv_lines(header, rows())


__all__ = ["BATCH", "applications_with_history", "company_applicants", "trainees_with_outcomes"]
