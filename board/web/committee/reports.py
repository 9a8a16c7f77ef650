"""The committee's reports: the dashboard of figures, the records behind each, CSV exports, the audit log."""
from datetime import date, timedelta

from flask import Response, abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.web.committee import bp
from board.web.committee.report_rows import HELPERS
from board.platform.extensions import db
from board.models import (
    Agreement, AuditEntry, Cohort, CohortClass, Company, CompanyKind, CompanyStatus, OutcomeKind, Role, Trainee,
    TraineeStatus, User,
)
from board.models.audit import ACTION_LABELS, audit
from board.platform.seoul_time import seoul_time
from board.domain.reports import HOME_REGION, current_outcomes, figures
from board.domain.reports_export import NEEDS, TABLES, csv_lines, tables
from board.domain.record_exports import applications_with_history, trainees_with_outcomes
from board.platform.seoul_time import board_today
from board.web.downloads import csv_download
from board.web.security import committee_required
from board.platform.templating import render

PAGE_SIZE = 50
MAX_PAGE = 100_000
NONE_YET = "none"
# The kinds of object the audit trail names, in the reader's words.
SUBJECT_LABELS = {"companies": _l("Company"), "openings": _l("Opening"), "projects": _l("Company project"),
                  "applications": _l("Application"), "lunch_days": _l("Lunch day"),
                  "survey_rounds": _l("Hiring-demand survey"), "trainees": _l("Trainee"), "outcomes": _l("Outcome"),
                  "cohorts": _l("Cohort"), "users": _l("User account"), "match_proposals": _l("Match proposal"),
                  "meet_requests": _l("Request to meet"), "roster_imports": _l("Roster")}


class BadFilter(Exception):
    """A filter in the URL that cannot be used; its message is shown with a 422."""


def _int_arg(name):
    """A positive id from the query string, None when absent; BadFilter otherwise."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise BadFilter(_("That is not a valid choice."))
    return int(raw)


def _cohort_arg(name, known=None):
    """A cohort id from the query string; `known` (the cohorts already loaded) spares a query."""
    cohort_id = _int_arg(name)
    exists = (lambda i: any(c.id == i for c in known)) if known is not None else (lambda i: db.session.get(Cohort, i))
    if cohort_id is not None and not exists(cohort_id):
        raise BadFilter(_("There is no such cohort."))
    return cohort_id


def _choice_arg(name, choices):
    value = request.args.get(name, "")
    if value and value not in choices:
        raise BadFilter(_("That is not a valid choice."))
    return value


def _cohorts():
    return db.session.scalars(select(Cohort).order_by(Cohort.number)).all()


@bp.route("/reports")
@committee_required
def reports():
    """One cohort or all, or two cohorts side by side: every figure the committee reports, each linked to its records."""
    problem, cohorts = None, _cohorts()
    try:
        cohort_id, compare_id = _cohort_arg("cohort", cohorts), _cohort_arg("compare", cohorts)
    except BadFilter as refused:
        problem, cohort_id, compare_id = str(refused), None, None
    scopes = [figures(cohort_id)]
    if compare_id is not None and compare_id != cohort_id:
        scopes.append(figures(compare_id))
    return render("committee/reports/dashboard.html", scopes=scopes, cohorts=cohorts, cohort_id=cohort_id,
                  compare_id=compare_id, problem=problem, home_region=HOME_REGION, made_on=board_today(),
                  status=422 if problem else 200, **HELPERS)


def _trainee_filters():
    return {"cohort": _cohort_arg("cohort"),
            "status": _choice_arg("status", {s.value for s in TraineeStatus}),
            "region": request.args.get("region", "")[:20],
            "outcome": _choice_arg("outcome", {k.value for k in OutcomeKind} | {NONE_YET, "success"})}


def trainees_query(cohort=None, status="", region="", outcome=""):
    """The trainees behind a figure: the same conditions the figure counts, as a list."""
    query = (select(Trainee).join(User, User.id == Trainee.user_id)
             .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
             .options(joinedload(Trainee.user), joinedload(Trainee.cohort), joinedload(Trainee.cohort_class))
             .order_by(Trainee.cohort_id, CohortClass.number, User.name, Trainee.id))
    if cohort:
        query = query.where(Trainee.cohort_id == cohort)
    if status:
        query = query.where(Trainee.status == TraineeStatus(status))
    if region:
        query = query.where(Trainee.region == region)
    if outcome:
        current = current_outcomes()
        query = query.outerjoin(current, current.c.trainee_id == Trainee.id)
        if outcome == NONE_YET:
            query = query.where(current.c.kind.is_(None))
        elif outcome == "success":
            query = query.where(current.c.kind.is_not(None), current.c.kind != OutcomeKind.LOOKING.value)
        else:
            query = query.where(current.c.kind == outcome)
    return query


@bp.route("/reports/trainees")
@committee_required
def report_trainees():
    """The trainees counted by a figure of the dashboard (names, cohort and class; no gender)."""
    try:
        filters = _trainee_filters()
    except BadFilter as refused:
        return render("committee/reports/trainees.html", page=None, filters={}, problem=str(refused), status=422)
    page = db.paginate(trainees_query(**filters), page=_page(), per_page=PAGE_SIZE, error_out=False)
    return render("committee/reports/trainees.html", page=page, filters=filters, problem=None,
                  statuses={s.value: s.label for s in TraineeStatus},
                  outcomes={k.value: k.label for k in OutcomeKind})


def companies_query(kind="", partner=False):
    query = (select(Company).where(Company.status == CompanyStatus.APPROVED).order_by(Company.name, Company.id))
    if kind:
        query = query.where(Company.kind == CompanyKind(kind))
    if partner:
        query = query.where(Company.id.in_(select(Agreement.company_id)))
    return query


@bp.route("/reports/companies")
@committee_required
def report_companies():
    """The approved companies counted by a figure: of one kind, or the partners."""
    try:
        filters = {"kind": _choice_arg("kind", {k.value for k in CompanyKind}),
                   "partner": _choice_arg("partner", {"y"}) == "y"}
    except BadFilter as refused:
        return render("committee/reports/companies.html", page=None, filters={}, problem=str(refused), status=422)
    page = db.paginate(companies_query(**filters), page=_page(), per_page=PAGE_SIZE, error_out=False)
    return render("committee/reports/companies.html", page=page, filters=filters, problem=None,
                  kinds={k.value: k.label for k in CompanyKind})


@bp.route("/reports/<name>.csv")
@committee_required
def report_csv(name):
    """One figure table as CSV for Excel (UTF-8 with BOM); the export is written to the audit trail."""
    try:
        cohort_id = _cohort_arg("cohort")
    except BadFilter as refused:
        return Response(str(refused), status=422, mimetype="text/plain")
    if name not in TABLES:
        abort(404)
    found = tables(figures(cohort_id, parts=NEEDS.get(name, (name,))))
    _title, header, rows = found[name]
    audit("report.export", current_user._get_current_object(), table=name, cohort_id=cohort_id)
    db.session.commit()
    scope = f"cohort-{found_number(cohort_id)}" if cohort_id else "all"
    # A figure table is a few dozen rows at most, already counted: sent whole, not streamed.
    return Response("".join(csv_lines(header, rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="report-{name}-{scope}.csv"'})


def _records_csv(name, lines_of):
    """One record-level export of one cohort or all, streamed; written to the audit trail before the first line."""
    try:
        cohort_id = _cohort_arg("cohort")
    except BadFilter as refused:
        return Response(str(refused), status=422, mimetype="text/plain")
    audit("report.export", current_user._get_current_object(), table=name, cohort_id=cohort_id)
    # Committed first: the export is on the record even if the download breaks off.
    db.session.commit()
    scope = f"cohort-{found_number(cohort_id)}" if cohort_id else "all"
    return csv_download(lines_of(cohort_id), f"{name}-{scope}.csv")


@bp.route("/reports/trainees.csv")
@committee_required
def report_trainees_csv():
    """Every trainee with the current outcome (no gender: that is reported as totals only)."""
    return _records_csv("trainees", trainees_with_outcomes)


@bp.route("/reports/applications.csv")
@committee_required
def report_applications_csv():
    """Every application with the stages it went through and when."""
    return _records_csv("applications", applications_with_history)


def found_number(cohort_id):
    return db.session.get(Cohort, cohort_id).number


def _page():
    raw = request.args.get("page", "1")
    return min(int(raw), MAX_PAGE) if raw.isdigit() and 0 < len(raw) < 10 and int(raw) > 0 else 1


def _day_arg(name):
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(_("Enter dates as YYYY-MM-DD.")) from None
    if not 2000 <= day.year <= 2100:
        raise BadFilter(_("Enter a date between 2000 and 2100."))
    return day


def _seoul_midnight(day):
    return seoul_time(day)


def audit_filters():
    """The audit log's filters from the URL; BadFilter with a message when one cannot be used."""
    since, until = _day_arg("since"), _day_arg("until")
    if since and until and since > until:
        raise BadFilter(_("The start date is after the end date."))
    return {"actor": _int_arg("actor"), "subject": _choice_arg("subject", set(SUBJECT_LABELS)),
            "action": _choice_arg("action", set(ACTION_LABELS)), "since": since, "until": until}


def audit_query(actor=None, subject="", action="", since=None, until=None):
    """Audit entries newest first, filtered by who, what kind of object, which action and days in Seoul."""
    query = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if actor:
        query = query.where(AuditEntry.actor_id == actor)
    if subject:
        query = query.where(AuditEntry.subject_type == subject)
    if action:
        query = query.where(AuditEntry.action == action)
    if since:
        query = query.where(AuditEntry.at >= _seoul_midnight(since))
    if until:
        query = query.where(AuditEntry.at < _seoul_midnight(until + timedelta(days=1)))
    return query


@bp.route("/audit")
@committee_required
def audit_log():
    """Every audited decision, filtered in the URL, 50 a page."""
    actors = db.session.execute(select(User.id, User.name).where(User.role.in_((Role.COMMITTEE, Role.ADMIN)))
                                .order_by(User.name)).all()
    context = {"actors": actors, "subjects": {k: str(v) for k, v in SUBJECT_LABELS.items()},
               "actions": {k: str(v) for k, v in ACTION_LABELS.items()}}
    try:
        filters = audit_filters()
    except BadFilter as refused:
        return render("committee/reports/audit.html", page=None, filters={}, problem=str(refused), status=422,
                      block="results", **context)
    page = db.paginate(audit_query(**filters), page=_page(), per_page=PAGE_SIZE, error_out=False)
    return render("committee/reports/audit.html", page=page, filters=filters, problem=None, block="results", **context)
