"""The committee's figures (보고 지표), computed in the database with grouped queries.

Request-free: the dashboard, the CSV exports and the landing page all read them from here.
Each figure is one scope (a cohort, or every cohort when cohort_id is None) and costs a
fixed number of statements however many rows there are: counts are grouped in SQL,
never made by loading rows into Python.
"""
from dataclasses import dataclass, field

from sqlalchemy import Float, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from board.platform.extensions import db
from board.models import (
    Agreement, Application, Attendance, Cohort, Company, CompanyKind, CompanyStatus, FollowUpDecision, LunchCompany,
    LunchDay, LunchFollowUp, LunchSeat, LunchSignup, Opening, OpeningStatus, Outcome, OutcomeKind, SignupStatus,
    Skill, Stage, StageChange, SurveyResponse, SurveyRow, Trainee, TraineeStatus,
)
from board.models.surveys import survey_row_skills
from board.models.trainees import trainee_skills

# The region whose residents the city counts (2nd cohort: 129 of 180).
HOME_REGION = "광주"
# The pipeline in the order an application walks it; the funnel's conversion is each stage over the one before.
FUNNEL = (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING, Stage.INTERVIEW, Stage.OFFER,
          Stage.HIRED)
TOP_COMPANIES = 15
TOP_SKILLS = 20


class days_between(FunctionElement):
    """Days from one moment to a later one, as a float; each database spells date arithmetic its own way."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - {compiler.process(start, **kw)})) / 86400.0)"


def median_of(values):
    """A scalar subquery: the median of a one-column subquery `values` (column `days`), in SQL.

    Neither SQLite nor PostgreSQL share a median function; numbering the sorted values and
    averaging the one or two in the middle works on both.
    """
    ranked = select(values.c.days, func.row_number().over(order_by=values.c.days).label("n"),
                    func.count().over().label("total")).subquery()
    # Floor division: SQLAlchemy 2 makes "/" a true division, which would pick no row for an even count.
    middle = ((ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2)
    return select(func.avg(ranked.c.days)).where(ranked.c.n.in_(middle)).scalar_subquery()


def current_outcomes():
    """The newest outcome of each trainee (trainee_id, kind), as a subquery."""
    rank = func.row_number().over(partition_by=Outcome.trainee_id,
                                  order_by=(Outcome.recorded_at.desc(), Outcome.id.desc())).label("rank")
    ranked = select(Outcome.trainee_id, Outcome.kind, rank).subquery("ranked")
    return select(ranked.c.trainee_id, ranked.c.kind).where(ranked.c.rank == 1).subquery("current")


def _in_scope(query, cohort_id, column=Trainee.cohort_id):
    return query if cohort_id is None else query.where(column == cohort_id)


def _count(query):
    return select(func.count()).select_from(query.subquery()).scalar_subquery()


def rate(part, whole):
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass
class Figures:
    """Every figure of one scope; rates are properties so they always agree with their counts."""

    cohort: Cohort | None = None
    applicants: int = 0
    places: int = 0
    trainees: int = 0
    completed: int = 0
    residents: int = 0
    partners: int = 0
    pledged_hires: int = 0
    pledged_interviews: int = 0
    hires: int = 0
    interviews: int = 0
    open_openings: int = 0
    median_days_to_hire: float | None = None
    median_days_lunch_to_interview: float | None = None
    outcomes: dict = field(default_factory=dict)
    regions: list = field(default_factory=list)
    genders: dict = field(default_factory=dict)
    company_kinds: dict = field(default_factory=dict)
    per_company: list = field(default_factory=list)
    funnel: list = field(default_factory=list)
    lunch: list = field(default_factory=list)
    skills: list = field(default_factory=list)

    @property
    def competition_ratio(self):
        return rate(self.applicants, self.places)

    @property
    def completion_rate(self):
        return rate(self.completed, self.trainees)

    @property
    def success(self):
        return sum(n for kind, n in self.outcomes.items() if kind is not None and kind.counts_as_success)

    @property
    def outcome_rate(self):
        return rate(self.success, self.completed)

    @property
    def resident_rate(self):
        return rate(self.residents, self.trainees)

    @property
    def relocated_and_founded(self):
        return self.company_kinds.get(CompanyKind.RELOCATED, 0) + self.company_kinds.get(CompanyKind.FOUNDED, 0)


def _headline(cohort_id):
    """One statement of scalar subqueries: the single numbers of the scope."""
    cohorts = _in_scope(select(Cohort), cohort_id, Cohort.id).subquery()
    trainees = _in_scope(select(Trainee.id, Trainee.status, Trainee.region), cohort_id).subquery()
    hired = _in_scope(select(Application.id).join(Trainee, Trainee.id == Application.trainee_id)
                      .where(Application.stage == Stage.HIRED), cohort_id)
    interviewed = _in_scope(select(StageChange.application_id).distinct().select_from(StageChange)
                            .join(Application, Application.id == StageChange.application_id)
                            .join(Trainee, Trainee.id == Application.trainee_id)
                            .where(StageChange.to_stage == Stage.INTERVIEW), cohort_id)
    to_hire = _in_scope(select(days_between(Application.created_at, StageChange.at).label("days"))
                        .select_from(StageChange).join(Application, Application.id == StageChange.application_id)
                        .join(Trainee, Trainee.id == Application.trainee_id)
                        .where(StageChange.to_stage == Stage.HIRED), cohort_id).subquery()
    first_interview = (select(StageChange.application_id, func.min(StageChange.at).label("at"))
                       .where(StageChange.to_stage == Stage.INTERVIEW)
                       .group_by(StageChange.application_id).subquery())
    lunch_to_interview = _in_scope(
        select(days_between(LunchDay.starts_at, first_interview.c.at).label("days"))
        .select_from(LunchFollowUp)
        .join(LunchCompany, LunchCompany.id == LunchFollowUp.lunch_company_id)
        .join(LunchDay, LunchDay.id == LunchCompany.lunch_day_id)
        .join(first_interview, first_interview.c.application_id == LunchFollowUp.application_id)
        .join(Trainee, Trainee.id == LunchFollowUp.trainee_id), cohort_id).subquery()
    agreements = (select(Agreement.pledged_hires, Agreement.pledged_interviews)
                  .join(Company, Company.id == Agreement.company_id).where(Company.status == CompanyStatus.APPROVED)
                  .subquery())
    partner_ids = (select(Agreement.company_id).join(Company, Company.id == Agreement.company_id)
                   .where(Company.status == CompanyStatus.APPROVED).distinct())
    row = db.session.execute(select(
        select(func.coalesce(func.sum(cohorts.c.applicants), 0)).scalar_subquery(),
        select(func.coalesce(func.sum(cohorts.c.selected), 0)).scalar_subquery(),
        select(func.count()).select_from(trainees).scalar_subquery(),
        select(func.count()).select_from(trainees).where(trainees.c.status == TraineeStatus.COMPLETED)
        .scalar_subquery(),
        select(func.count()).select_from(trainees).where(trainees.c.region == HOME_REGION).scalar_subquery(),
        _count(partner_ids),
        select(func.coalesce(func.sum(agreements.c.pledged_hires), 0)).scalar_subquery(),
        select(func.coalesce(func.sum(agreements.c.pledged_interviews), 0)).scalar_subquery(),
        _count(hired),
        _count(interviewed),
        _count(select(Opening.id).join(Company, Company.id == Opening.company_id)
               .where(Opening.status == OpeningStatus.PUBLISHED, Company.status == CompanyStatus.APPROVED)),
        median_of(to_hire),
        median_of(lunch_to_interview),
    )).one()
    names = ("applicants", "places", "trainees", "completed", "residents", "partners", "pledged_hires",
             "pledged_interviews", "hires", "interviews", "open_openings", "median_days_to_hire",
             "median_days_lunch_to_interview")
    return dict(zip(names, row))


def _outcomes(cohort_id):
    """{OutcomeKind or None (nothing recorded yet): graduates} over the current outcomes of those who completed."""
    current = current_outcomes()
    query = _in_scope(select(current.c.kind, func.count(Trainee.id))
                      .select_from(Trainee).outerjoin(current, current.c.trainee_id == Trainee.id)
                      .where(Trainee.status == TraineeStatus.COMPLETED).group_by(current.c.kind), cohort_id)
    found = {kind: 0 for kind in OutcomeKind}
    for kind, n in db.session.execute(query):
        found[OutcomeKind(kind) if kind is not None else None] = n
    return found


def _regions_and_genders(cohort_id):
    """[(region, n)] largest first and {gender: n}; one grouped statement, aggregates only."""
    query = _in_scope(select(Trainee.region, Trainee.gender, func.count()).group_by(Trainee.region, Trainee.gender),
                      cohort_id)
    regions, genders = {}, {}
    for region, gender, n in db.session.execute(query):
        regions[region or ""] = regions.get(region or "", 0) + n
        genders[gender or ""] = genders.get(gender or "", 0) + n
    return sorted(regions.items(), key=lambda item: (-item[1], item[0])), genders


def _company_kinds():
    """{CompanyKind or None: approved companies}."""
    query = (select(Company.kind, func.count()).where(Company.status == CompanyStatus.APPROVED)
             .group_by(Company.kind))
    found = {kind: 0 for kind in CompanyKind}
    for kind, n in db.session.execute(query):
        found[kind] = n
    return found


def _per_company(cohort_id):
    """The companies with the most hires, then openings: [(company id, name, openings, hires, pledged)]."""
    openings = (select(Opening.company_id, func.count().label("n"))
                .where(Opening.status.in_((OpeningStatus.PUBLISHED, OpeningStatus.CLOSED)))
                .group_by(Opening.company_id).subquery())
    hires = _in_scope(select(Opening.company_id, func.count().label("n"))
                      .select_from(Application).join(Opening, Opening.id == Application.opening_id)
                      .join(Trainee, Trainee.id == Application.trainee_id)
                      .where(Application.stage == Stage.HIRED).group_by(Opening.company_id), cohort_id).subquery()
    pledged = (select(Agreement.company_id, func.sum(Agreement.pledged_hires).label("n"))
               .group_by(Agreement.company_id).subquery())
    hire_count = func.coalesce(hires.c.n, 0)
    opening_count = func.coalesce(openings.c.n, 0)
    query = (select(Company.id, Company.name, opening_count, hire_count, func.coalesce(pledged.c.n, 0))
             .outerjoin(openings, openings.c.company_id == Company.id)
             .outerjoin(hires, hires.c.company_id == Company.id)
             .outerjoin(pledged, pledged.c.company_id == Company.id)
             .where(Company.status == CompanyStatus.APPROVED, (opening_count + hire_count) > 0)
             .order_by(hire_count.desc(), opening_count.desc(), Company.name).limit(TOP_COMPANIES))
    return [tuple(row) for row in db.session.execute(query)]


def _funnel(cohort_id):
    """[(stage, applications that reached it)]: an application counts at every stage it passed through."""
    reached = _in_scope(select(StageChange.to_stage, func.count(StageChange.application_id.distinct()))
                        .select_from(StageChange).join(Application, Application.id == StageChange.application_id)
                        .join(Trainee, Trainee.id == Application.trainee_id)
                        .where(StageChange.to_stage.in_(FUNNEL)).group_by(StageChange.to_stage), cohort_id)
    counts = dict(db.session.execute(reached).all())
    return [(stage, counts.get(stage, 0)) for stage in FUNNEL]


def _lunch(cohort_id):
    """The lunch-day funnel: seats → sign-ups → seated → checked in → interviews → hires, in one statement."""
    signups = _in_scope(select(LunchSignup.id, LunchSignup.status, LunchSignup.checked_in_at)
                        .join(Trainee, Trainee.id == LunchSignup.trainee_id), cohort_id).subquery()
    seated = _in_scope(select(LunchSeat.signup_id).distinct().select_from(LunchSeat).join(LunchSignup, LunchSignup.id == LunchSeat.signup_id)
                       .join(Trainee, Trainee.id == LunchSignup.trainee_id), cohort_id)
    follow_ups = _in_scope(select(LunchFollowUp.id, LunchFollowUp.application_id)
                           .join(Trainee, Trainee.id == LunchFollowUp.trainee_id)
                           .where(LunchFollowUp.decision == FollowUpDecision.INTERVIEW), cohort_id).subquery()
    row = db.session.execute(select(
        select(func.coalesce(func.sum(LunchCompany.seats), 0))
        .where(LunchCompany.status == Attendance.CONFIRMED).scalar_subquery(),
        select(func.count()).select_from(signups).where(signups.c.status != SignupStatus.CANCELLED).scalar_subquery(),
        _count(seated),
        select(func.count()).select_from(signups).where(signups.c.checked_in_at.is_not(None)).scalar_subquery(),
        select(func.count()).select_from(follow_ups).scalar_subquery(),
        select(func.count()).select_from(follow_ups)
        .join(Application, and_(Application.id == follow_ups.c.application_id, Application.stage == Stage.HIRED))
        .scalar_subquery(),
    )).one()
    return list(zip(("seats", "signups", "seated", "checked_in", "interviews", "hires"), row))


def _skills(cohort_id):
    """[(skill, demanded headcount, trainees with it)] for the skills most asked for or held, in one statement."""
    demand = (select(survey_row_skills.c.skill_id, func.sum(SurveyRow.headcount).label("n"))
              .join(SurveyRow, SurveyRow.id == survey_row_skills.c.row_id)
              .join(SurveyResponse, SurveyResponse.id == SurveyRow.response_id)
              .group_by(survey_row_skills.c.skill_id).subquery())
    in_cohort = literal(True) if cohort_id is None else Trainee.cohort_id == cohort_id
    wanted, held = func.coalesce(func.max(demand.c.n), 0), func.count(Trainee.id)
    query = (select(Skill.name, wanted, held).select_from(Skill)
             .outerjoin(demand, demand.c.skill_id == Skill.id)
             .outerjoin(trainee_skills, trainee_skills.c.skill_id == Skill.id)
             .outerjoin(Trainee, and_(Trainee.id == trainee_skills.c.trainee_id, in_cohort))
             .group_by(Skill.id, Skill.name).having((wanted + held) > 0)
             .order_by(wanted.desc(), held.desc(), Skill.name).limit(TOP_SKILLS))
    return [(name, int(w), h) for name, w, h in db.session.execute(query)]


def _load_regions(found, cohort_id):
    found.regions, found.genders = _regions_and_genders(cohort_id)


# What each part of the figures costs: one or two grouped statements each.
PARTS = {
    "headline": lambda f, c: f.__dict__.update(_headline(c)),
    "outcomes": lambda f, c: setattr(f, "outcomes", _outcomes(c)),
    "regions": _load_regions,
    "company-kinds": lambda f, c: setattr(f, "company_kinds", _company_kinds()),
    "companies": lambda f, c: setattr(f, "per_company", _per_company(c)),
    "funnel": lambda f, c: setattr(f, "funnel", _funnel(c)),
    "lunch": lambda f, c: setattr(f, "lunch", _lunch(c)),
    "skills": lambda f, c: setattr(f, "skills", _skills(c)),
}


def figures(cohort_id=None, parts=None):
    """Every figure for one cohort, or for all of them; only the named PARTS when given (an export needs one).

    cohort_id must exist (the view checks).
    """
    found = Figures()
    found.cohort = db.session.get(Cohort, cohort_id) if cohort_id is not None else None
    for name in parts or PARTS:
        PARTS[name](found, cohort_id)
    return found


def conversion(steps):
    """[(key, n, share of the step before)] for a funnel's [(key, n)]."""
    out, before = [], None
    for key, n in steps:
        out.append((key, n, rate(n, before) if before is not None else None))
        before = n
    return out


def landing_figures():
    """The few public numbers: per cohort completed and outcome rate, partners, open openings. Aggregates only."""
    current = current_outcomes()
    success = case((and_(current.c.kind.is_not(None), current.c.kind != OutcomeKind.LOOKING.value), 1), else_=0)
    rows = db.session.execute(
        select(Cohort.number, Cohort.applicants, Cohort.selected, func.count(Trainee.id),
               func.coalesce(func.sum(success), 0))
        .select_from(Cohort)
        .outerjoin(Trainee, and_(Trainee.cohort_id == Cohort.id, Trainee.status == TraineeStatus.COMPLETED))
        .outerjoin(current, current.c.trainee_id == Trainee.id)
        .group_by(Cohort.id, Cohort.number, Cohort.applicants, Cohort.selected).order_by(Cohort.number)).all()
    return [{"number": number, "applicants": applicants, "selected": selected, "completed": completed,
             "success": int(success_n), "rate": rate(int(success_n), completed)}
            for number, applicants, selected, completed, success_n in rows]


__all__ = ["FUNNEL", "Figures", "HOME_REGION", "conversion", "current_outcomes", "figures", "landing_figures",
           "median_of", "rate", "days_between"]
