"""Recording what became of graduates: hires through the board and outcomes found elsewhere.

A trainee's outcomes are a history; the newest row (by recorded_at, then id) is the current
outcome, and the academy's figures count current outcomes of the trainees who completed.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from board.platform.extensions import db
from board.models import Outcome, OutcomeKind, Trainee, TraineeStatus
from board.models.audit import audit
from board.models.types import board_today


def record_hire(application, actor, started_on=None):
    """채용 확정: the trainee's current outcome becomes employed at the opening's company from the offer's
    start date, through the board, whether or not the trainee has completed the course yet."""
    outcome = Outcome(trainee_id=application.trainee_id, kind=OutcomeKind.EMPLOYED,
                      company_id=application.opening.company_id, organisation=application.opening.company.name,
                      started_on=started_on or board_today(), through_board=True, application_id=application.id,
                      recorded_by_id=actor.id)
    db.session.add(outcome)
    db.session.flush()
    audit("outcome.record", outcome, actor=actor, trainee_id=application.trainee_id, kind=outcome.kind.value,
          company_id=outcome.company_id, organisation=outcome.organisation, started_on=outcome.started_on.isoformat(),
          application_id=application.id)
    return outcome


def current_outcome():
    """Outcome aliased to the current rows only (the newest per trainee), to join or select from.

    One window over the outcomes table ranks each trainee's rows; the alias keeps rank 1.
    """
    rank = func.row_number().over(partition_by=Outcome.trainee_id,
                                  order_by=(Outcome.recorded_at.desc(), Outcome.id.desc())).label("row_rank")
    ranked = select(Outcome, rank).subquery("ranked_outcomes")
    columns = [ranked.c[column.name] for column in Outcome.__table__.columns]
    newest = select(*columns).where(ranked.c.row_rank == 1).subquery("current_outcomes")
    return aliased(Outcome, newest, name="current_outcome")


def current_outcomes_of(trainee_ids):
    """{trainee id: current Outcome (with its company)} for the given trainees, in one query."""
    if not trainee_ids:
        return {}
    current = current_outcome()
    rows = db.session.scalars(select(current).where(current.trainee_id.in_(trainee_ids))
                              .options(joinedload(current.company)))
    return {outcome.trainee_id: outcome for outcome in rows}


def history(trainee):
    """Every outcome recorded for trainee, newest (the current one) first."""
    return db.session.scalars(
        select(Outcome).where(Outcome.trainee_id == trainee.id)
        .options(joinedload(Outcome.company), joinedload(Outcome.recorded_by))
        .order_by(Outcome.recorded_at.desc(), Outcome.id.desc())).all()


def outcome_problems(kind, company, organisation, started_on, today=None):
    """What keeps an outcome from being recorded, as {field name: message}; empty when it can be."""
    problems = {}
    if started_on and started_on > (today or board_today()):
        problems["started_on"] = _l("The date cannot be in the future.")
    elif not started_on and kind.counts_as_success:
        problems["started_on"] = _l("Enter the date it started.")
    if kind == OutcomeKind.LOOKING:
        if company:
            problems["company"] = _l("Leave this empty for a graduate who is still looking.")
        if organisation:
            problems["organisation"] = _l("Leave this empty for a graduate who is still looking.")
    elif kind == OutcomeKind.GRADUATE_SCHOOL:
        if company:
            problems["company"] = _l("A graduate school is not a company on the board; write its name below.")
        if not organisation:
            problems["organisation"] = _l("Write the name of the graduate school.")
    elif company and organisation:
        problems["organisation"] = _l("Choose the company from the list or write a name, not both.")
    elif kind == OutcomeKind.EMPLOYED and not company:
        if not organisation:
            problems["company"] = _l("Choose the employer from the list, or write its name below.")
    return problems


def record_outcome(trainee, kind, actor, company=None, organisation="", started_on=None, note=""):
    """A new current outcome for trainee, found outside the board; earlier ones stay as its history."""
    organisation = (organisation or "").strip()
    problems = outcome_problems(kind, company, organisation, started_on)
    if problems:
        raise ValueError(problems)
    outcome = Outcome(trainee_id=trainee.id, kind=kind, company_id=company.id if company else None,
                      # The name is kept too, so the history still reads right if the company leaves the board.
                      organisation=company.name if company else organisation, started_on=started_on,
                      through_board=False, note=note or "", recorded_by_id=actor.id)
    db.session.add(outcome)
    db.session.flush()
    audit("outcome.record", outcome, actor=actor, trainee_id=trainee.id, kind=kind.value,
          company_id=outcome.company_id, organisation=outcome.organisation,
          started_on=started_on.isoformat() if started_on else None)
    return outcome


@dataclass
class CohortFigures:
    """A cohort's outcomes as the committee reports them: current outcomes of those who completed."""

    completed: int = 0
    by_kind: dict = field(default_factory=lambda: {kind: 0 for kind in OutcomeKind})
    none_yet: int = 0
    through_board: int = 0
    # Hired through the board while still in training: not yet in the rate, which counts completers.
    hired_in_training: int = 0

    @property
    def success(self):
        """Employed, founded a company or went on to graduate school."""
        return sum(n for kind, n in self.by_kind.items() if kind.counts_as_success)

    @property
    def rate(self):
        return self.success / self.completed if self.completed else None

    @property
    def rate_label(self):
        """The rate with one decimal, as the article writes it: 83.9%."""
        return f"{self.rate * 100:.1f}%" if self.rate is not None else ""

    @property
    def success_label(self):
        """130 / 155 (83.9%)."""
        if not self.completed:
            return ""
        return f"{self.success:,} / {self.completed:,} ({self.rate_label})"


def cohort_figures(cohort_id=None):
    """{cohort id: CohortFigures} from two grouped queries; only cohort_id's when given."""
    current = current_outcome()
    counts = (select(Trainee.cohort_id, current.kind, func.count(Trainee.id))
              .outerjoin(current, current.trainee_id == Trainee.id)
              .where(Trainee.status == TraineeStatus.COMPLETED).group_by(Trainee.cohort_id, current.kind))
    # A hire through the board counts once per trainee, whether or not it is still their current outcome.
    hires = (select(Trainee.cohort_id, func.count(func.distinct(Outcome.trainee_id)))
             .join(Outcome, Outcome.trainee_id == Trainee.id)
             .where(Outcome.through_board.is_(True)).group_by(Trainee.cohort_id))
    # Trainees still in training whose current outcome is a hire through the board (starting after completion).
    in_training = (select(Trainee.cohort_id, func.count(Trainee.id))
                   .join(current, current.trainee_id == Trainee.id)
                   .where(Trainee.status == TraineeStatus.TRAINING, current.kind == OutcomeKind.EMPLOYED,
                          current.through_board.is_(True)).group_by(Trainee.cohort_id))
    if cohort_id is not None:
        counts = counts.where(Trainee.cohort_id == cohort_id)
        hires = hires.where(Trainee.cohort_id == cohort_id)
        in_training = in_training.where(Trainee.cohort_id == cohort_id)
    figures = {}
    for of_cohort, kind, n in db.session.execute(counts):
        found = figures.setdefault(of_cohort, CohortFigures())
        found.completed += n
        if kind is None:
            found.none_yet += n
        else:
            found.by_kind[kind] += n
    for of_cohort, n in db.session.execute(hires):
        figures.setdefault(of_cohort, CohortFigures()).through_board = n
    for of_cohort, n in db.session.execute(in_training):
        figures.setdefault(of_cohort, CohortFigures()).hired_in_training = n
    return figures
