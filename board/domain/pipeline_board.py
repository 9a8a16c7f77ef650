"""The pipeline board (칸반): which cards each role sees, column by column, and one card's move.

Request-free: the moves themselves are board/domain/pipeline.py's; attempt_move() hands one to
pipeline.move() (or pipeline.reject()) for the actor it is given, and never commits: the views
own the transaction. The filter and move forms and the messages live beside the views
(board/web/pipeline_forms.py); the views in board/web/committee/pipeline.py and board/web/company/pipeline.py.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from sqlalchemy import and_, case, func, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from board.platform.extensions import db
from board.models import Application, Opening, Stage, StageChange, Trainee
from board.models.applications import REJECTION_REASONS
from board.models.types import utcnow
from board.domain.pipeline import COMPANY_STAGES, FINAL, MoveRefused, move, next_moves, passed_to_company, reject

# A card with no move for this long is marked stale (정체); final stages never are.
STALE_AFTER = timedelta(days=7)
# At most this many cards a column (the longest-waiting; in final columns the latest);
# the column's count still says how many there are.
CARDS_PER_COLUMN = 20
# A column's "show more" link (?more=<stage>) shows up to this many of its cards.
MORE_CARDS = 100

COMMITTEE_COLUMNS = tuple(Stage)
# A company's columns start at 서류 검토; its rejected column holds only what was passed on to it.
COMPANY_COLUMNS = (*COMPANY_STAGES, Stage.REJECTED)


def company_scope(company_id):
    """What a company's members see: their own openings' applications once passed on, never a withdrawn one."""
    return [Opening.company_id == company_id, Application.stage.in_(COMPANY_COLUMNS), passed_to_company()]


@dataclass
class Board:
    """The columns of one person's board, the cards loaded for them and how many each holds."""

    role: object
    columns: tuple
    now: datetime
    cards: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)
    committee: bool = False
    # The card to focus after a move, and a refused move form to show again with its errors.
    focus: int | None = None
    failed: tuple | None = None
    # The column showing up to MORE_CARDS cards (?more=<stage>), if any.
    more: Stage | None = None
    rejection_reasons = REJECTION_REASONS
    more_cards = MORE_CARDS

    # Labels are lazy translations that look the catalogue up at every use: translated once a
    # board here, not once a card (a few thousand look-ups on a full committee board).
    @cached_property
    def stage_labels(self):
        return {stage: str(stage.label) for stage in Stage}

    @cached_property
    def rejection_choices(self):
        return [(code, str(label)) for code, label in REJECTION_REASONS.items()]

    def days(self, application):
        """Whole days since the card's last move."""
        return max((self.now - application.stage_changed_at).days, 0)

    def is_stale(self, application):
        return application.stage not in FINAL and self.now - application.stage_changed_at >= STALE_AFTER

    def moves(self, application):
        return next_moves(application, self.role)

    def form_for(self, application):
        """The refused form for this card, if it was the one just posted."""
        return self.failed[1] if self.failed and self.failed[0] == application.id else None


def load_board(role, columns, scope, only=None, stale=False, committee=False, args=None, limit=CARDS_PER_COLUMN,
               more=None, **extra):
    """A Board for role: counts for every column and the cards of `only` (all columns by default).

    scope is a list of SQL conditions on Application, Trainee and Opening. Three statements
    for the committee (cards, their history, counts), two for a company, however many cards.
    """
    now = utcnow()
    shown = tuple(only or columns)
    # Every stage (the committee's board) needs no IN list: with one, SQLite walks the stage index
    # over all applications (400 ms at national scale) instead of the filter's, e.g. a cohort's.
    where = [*scope] if set(columns) == set(Stage) else [Application.stage.in_(columns), *scope]
    if stale:
        where += [Application.stage.not_in(FINAL), Application.stage_changed_at <= now - STALE_AFTER]

    def base(*entities):
        query = select(*entities).where(*where)
        if not scope:  # the joins only serve the filters; without one they cost 700 ms nationally
            return query
        return query.join(Trainee, Trainee.id == Application.trainee_id).join(
            Opening, Opening.id == Application.opening_id)

    counts = dict(db.session.execute(base(Application.stage, func.count()).group_by(Application.stage)).all())
    options = [joinedload(Application.trainee).joinedload(Trainee.user),
               joinedload(Application.opening).joinedload(Opening.company)]
    if committee:
        options += [joinedload(Application.trainee).joinedload(Trainee.cohort),
                    joinedload(Application.trainee).joinedload(Trainee.cohort_class),
                    selectinload(Application.events).joinedload(StageChange.actor)]
    cards = {stage: [] for stage in shown}
    # Waiting columns show the longest-waiting cards first; final ones (hired, rejected) the latest.
    if scope:
        oldest = func.row_number().over(partition_by=Application.stage,
                                        order_by=(Application.stage_changed_at, Application.id)).label("oldest")
        latest = func.row_number().over(partition_by=Application.stage, order_by=(
            Application.stage_changed_at.desc(), Application.id.desc())).label("latest")
        ranked = base(Application.id, Application.stage, oldest, latest).where(Application.stage.in_(shown)).subquery()
        if more is not None:
            limit = case((ranked.c.stage == more, MORE_CARDS), else_=limit)
        picked = select(Application).join(ranked, ranked.c.id == Application.id).where(
            or_(and_(ranked.c.stage.in_(FINAL), ranked.c.latest <= limit),
                and_(ranked.c.stage.not_in(FINAL), ranked.c.oldest <= limit)))
    else:
        # The whole board (no filter): ranking every application takes 2 s at national scale; each
        # column's first cards by the stage index and a LIMIT, 0.3 s in all. Still one statement.
        firsts = [select(Application.id).where(*where, Application.stage == stage).order_by(
            *((Application.stage_changed_at.desc(), Application.id.desc()) if stage in FINAL
              else (Application.stage_changed_at, Application.id))).limit(MORE_CARDS if stage == more else limit)
            .subquery() for stage in shown]
        firsts = [select(first.c.id) for first in firsts]
        picked = select(Application).where(Application.id.in_(union_all(*firsts) if len(firsts) > 1 else firsts[0]))
    rows = db.session.scalars(picked
                              .options(*options)
                              .order_by(Application.stage_changed_at, Application.id)).unique()
    for application in rows:
        cards[application.stage].append(application)
    for stage in FINAL.intersection(cards):
        cards[stage].reverse()
    return Board(role=role, columns=columns, now=now, cards=cards, counts={s: counts.get(s, 0) for s in columns},
                 args=args or {}, committee=committee, more=more, **extra)


def more_column(value):
    """The stage named by ?more=, or None for a missing or unknown one."""
    try:
        return Stage(value)
    except ValueError:
        return None


@dataclass
class MoveOutcome:
    """What became of a move: 'moved', 'stale', 'illegal' or 'invalid', and the stages involved."""

    result: str
    application: Application
    shown: Stage | None
    to: Stage | None

    @property
    def status(self):
        return {"moved": 200, "stale": 409}.get(self.result, 422)

    def columns(self, board_columns):
        """The columns to redraw: where the page showed the card and where it is now (those on this board)."""
        shown = self.shown or self.application.stage
        wanted = [shown, self.application.stage] if self.result in ("moved", "stale") else [shown]
        return tuple(dict.fromkeys(s for s in wanted if s in board_columns))



def attempt_move(application, actor, to, expected_version, shown=None, rejection_code="", reason=""):
    """Make one card's move through pipeline.move() (pipeline.reject() for 불합격), for actor.

    to is the Stage asked for (None for an unknown one), expected_version the version the person
    saw, shown the column the page showed the card in. Returns a MoveOutcome; nothing is changed
    unless it is 'moved'. Never commits or rolls back: the view (or a job) owns the transaction.
    A request from a page someone has since changed is 'stale' even when its move would now also
    be illegal: the person needs to see where the card went, not a rule.
    """
    if expected_version != application.version:
        return MoveOutcome("stale", application, shown, to)
    if to is None:
        return MoveOutcome("invalid", application, shown, to)
    try:
        if to == Stage.REJECTED:
            # The same rejection as on the application page: the reason is the text the trainee reads.
            reject(application, actor, rejection_code, reason, expected_version=expected_version)
        else:
            move(application, to, actor, reason=reason or "", expected_version=expected_version)
    except MoveRefused as refused:
        application = db.session.get(Application, application.id)
        stale = refused.reason == "stale" or application.version != expected_version
        return MoveOutcome("stale" if stale else refused.reason if refused.reason == "offer" else "illegal",
                           application, shown, to)
    if to == Stage.NEEDS_CHANGES:
        application.advice = reason
    return MoveOutcome("moved", application, shown, to)


__all__ = ["Board", "COMMITTEE_COLUMNS", "COMPANY_COLUMNS", "MoveOutcome", "attempt_move", "company_scope",
           "load_board", "more_column"]
