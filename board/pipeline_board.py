"""The pipeline board (칸반): which cards each role sees, column by column, and the forms that filter and move them.

The moves themselves are board/pipeline.py's; this module only reads, and hands a
move form to pipeline.move() (or pipeline.reject()); the views own the transaction. Views live in board/committee/pipeline.py and
board/company/pipeline.py.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import and_, case, exists, false, func, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload
from wtforms import BooleanField, HiddenField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError
from wtforms.widgets import Select

from board.extensions import db
from board.forms import int_or_none, no_markup, plain_text, strip
from board.models import Application, Cohort, CohortClass, Company, Opening, Stage, StageChange, Trainee
from board.models.applications import REJECTION_REASONS
from board.models.types import utcnow
from board.pipeline import COMPANY_STAGES, FINAL, MoveRefused, move, next_moves, passed_to_company, reject
from board.search import _like

# A card with no move for this long is marked stale (정체); final stages never are.
STALE_AFTER = timedelta(days=7)
# At most this many cards a column (the longest-waiting; in final columns the latest);
# the column's count still says how many there are.
CARDS_PER_COLUMN = 20
# A column's "show more" link (?more=<stage>) shows up to this many of its cards.
MORE_CARDS = 100
# Without a cohort the company filter lists at most this many companies (national scale has
# 5,000: 250 KB of options a page); a name search (?company_q=) finds the others.
COMPANY_OPTIONS = 50

COMMITTEE_COLUMNS = tuple(Stage)
# A company's columns start at 서류 검토; its rejected column holds only what was passed on to it.
COMPANY_COLUMNS = (*COMPANY_STAGES, Stage.REJECTED)


def company_scope(company_id):
    """What a company's members see: their own openings' applications once passed on, never a withdrawn one."""
    return [Opening.company_id == company_id, Application.stage.in_(COMPANY_COLUMNS), passed_to_company()]


class QuickSelect(Select):
    """wtforms' Select, its plain options written directly (same HTML): a national board's filters
    hold a thousand companies, and html_params per option cost 30 ms a page."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(choice.value)}">{escape(choice.label or choice.value)}</option>')


class PipelineFilters(FlaskForm):
    """The committee board's filters; a GET form, so they live in the URL and a filtered board can be shared."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    cohort = SelectField(_l("Cohort"), default="", widget=QuickSelect())
    cohort_class = SelectField(_l("Class"), default="", widget=QuickSelect())
    company_q = SearchField(_l("Company name"), filters=[strip], validators=[
        Length(max=100, message=_l("Use at most 100 characters.")), plain_text],
        description=_l("Lists the companies whose name contains it."))
    company = SelectField(_l("Company"), default="", widget=QuickSelect())
    opening = SelectField(_l("Opening"), default="", widget=QuickSelect())
    stale = BooleanField(_l("Stale cards only (no move for 7 days)"))

    def load_choices(self):
        """Fill the selects from the database: four queries, whatever the size of the board."""
        everyone = [SelectChoice("", _l("All"))]
        cohorts = db.session.execute(select(Cohort.id, Cohort.number).order_by(Cohort.number)).all()
        # Translated once, formatted per option: a national board lists 1,668 classes (two look-ups each).
        cohort_label, class_label = _("Cohort %(number)s"), _("Class %(number)s")
        self.cohort.choices = everyone + [SelectChoice(str(i), cohort_label % {"number": n}) for i, n in cohorts]
        chosen_cohort, chosen_class = int_or_none(self.cohort.data), int_or_none(self.cohort_class.data)
        classes = select(CohortClass.id, Cohort.number, CohortClass.number).join(Cohort)
        if chosen_cohort is not None:  # its classes only (national scale has thousands)
            classes = classes.where(or_(CohortClass.cohort_id == chosen_cohort, CohortClass.id == chosen_class))
        classes = db.session.execute(classes.order_by(Cohort.number, CohortClass.number)).all()
        self.cohort_class.choices = everyone + [
            SelectChoice(str(i), cohort_label % {"number": c} + " " + class_label % {"number": n})
            for i, c, n in classes]
        # At national scale every company and opening would be 5,000 and 12,000 options (2.6 MB a
        # page): a chosen cohort lists only the companies its trainees applied to, and the opening
        # select only the chosen company's openings. The chosen ones are always listed.
        company_id, opening_id = int_or_none(self.company.data), int_or_none(self.opening.data)
        with_applications = exists().where(Application.opening_id == Opening.id)
        listed_companies = exists().where(Opening.company_id == Company.id, with_applications)
        if chosen_cohort is not None:
            # From the cohort's trainees (a few hundred) to their openings' companies, by indexes.
            applied = Company.id.in_(select(Opening.company_id).join(Application, Application.opening_id == Opening.id)
                                     .join(Trainee, Trainee.id == Application.trainee_id)
                                     .where(Trainee.cohort_id == chosen_cohort))
            listed_companies = applied
        # Without a cohort only the first COMPANY_OPTIONS companies (matching the name searched for, if
        # any), still one statement: the chosen company sorts first so the cap never drops it.
        searched = (self.company_q.data or "")[:100]  # called before validate(): never a longer pattern
        if searched:
            listed_companies = and_(listed_companies, func.lower(Company.name).like(_like(searched.lower()),
                                                                                      escape="\\"))
        if company_id is not None:
            listed_companies = or_(listed_companies, Company.id == company_id)
        first = [case((Company.id == company_id, 0), else_=1)] if company_id is not None else []
        companies = select(Company.id, Company.name).where(listed_companies).order_by(*first, Company.name)
        if chosen_cohort is None:
            companies = companies.limit(COMPANY_OPTIONS + 2)
        companies = db.session.execute(companies).all()
        chosen = [row for row in companies if row[0] == company_id]
        others = [row for row in companies if row[0] != company_id]
        if chosen_cohort is None and len(others) > COMPANY_OPTIONS:
            others = others[:COMPANY_OPTIONS]
            self.company.description = _("The first %(num)s companies only: search by name to list the others.",
                                         num=COMPANY_OPTIONS)
        elif searched and not others:
            self.company.description = _("No company name contains “%(text)s”.", text=searched)
        companies = sorted(chosen + others, key=lambda row: row[1])
        self.company.choices = everyone + [SelectChoice(str(i), name) for i, name in companies]
        listed = [Opening.id == opening_id] if opening_id is not None else []
        if company_id is not None:
            listed.append(and_(Opening.company_id == company_id, exists().where(Application.opening_id == Opening.id)))
        openings = db.session.execute(select(Opening.id, Opening.title, Company.name).join(Company)
                                      .where(or_(false(), *listed)).order_by(Company.name, Opening.title)).all()
        every_opening = _l("All") if company_id is not None else _l("All (choose a company to list its openings)")
        self.opening.choices = [SelectChoice("", every_opening)] + [
            SelectChoice(str(i), f"{title} · {name}") for i, title, name in openings]
        return self

    def clauses(self):
        """SQL conditions for the chosen filters (call after validate())."""
        data, found = self.data, []
        if data["cohort"]:
            found.append(Trainee.cohort_id == int(data["cohort"]))
        if data["cohort_class"]:
            found.append(Trainee.class_id == int(data["cohort_class"]))
        if data["company"]:
            found.append(Opening.company_id == int(data["company"]))
        if data["opening"]:
            found.append(Application.opening_id == int(data["opening"]))
        return found

    def args(self):
        """The active filters as URL arguments, to keep them on move forms and redirects."""
        found = {name: value for name, value in self.data.items() if name != "stale" and value}
        if self.stale.data:
            found["stale"] = "y"
        return found


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


class MoveForm(FlaskForm):
    """A card's move: where to, the version the page showed, and why (required to reject or send back)."""

    to = SelectField(_l("Move to"), choices=[SelectChoice(s.value, s.label) for s in Stage])
    version = HiddenField()
    # The column the page showed the card in, to redraw it if someone moved the card first.
    from_stage = HiddenField()
    rejection_code = SelectField(_l("Rejection reason"), default="", choices=[
        SelectChoice("", "—"), *(SelectChoice(k, v) for k, v in REJECTION_REASONS.items())])
    reason = TextAreaField(_l("Reason"), filters=[strip], render_kw={"rows": 2}, validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text])

    def validate_rejection_code(self, field):
        if self.to.data == Stage.REJECTED.value and not field.data:
            raise ValidationError(_l("Choose a rejection reason."))

    def validate_reason(self, field):
        if self.to.data in (Stage.REJECTED.value, Stage.NEEDS_CHANGES.value) and not field.data:
            raise ValidationError(_l("Write a reason; the trainee reads it."))

    def shown_version(self):
        return int_or_none(self.version.data) or -1

    def shown_stage(self):
        try:
            return Stage(self.from_stage.data)
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

    def message(self):
        """What the person is told, in their language."""
        stage = self.application.stage.label
        if self.result == "moved":
            return _("Moved %(name)s to %(stage)s.", name=self.application.trainee.user.name, stage=stage)
        if self.result == "stale":
            return _("Someone moved this card while you were looking; it is now in %(stage)s.", stage=stage)
        if self.result == "offer":
            return _("Offers and hires carry their terms: use the offer on the application page. Nothing was changed.")
        if self.result == "illegal":
            return _("A card in %(stage)s cannot be moved to %(to)s. Nothing was changed.",
                     stage=stage, to=self.to.label)
        return _("The card was not moved. Check the marked field.")


def attempt_move(application, form, actor):
    """Validate the form and make the move through pipeline.move() (pipeline.reject() for 불합격).

    Nothing is changed unless it is 'moved'; the view commits (or rolls back) the transaction.
    A form from a page someone has since changed is 'stale' even when its move would now
    also be illegal: the person needs to see where the card went, not a rule.
    """
    shown, version = form.shown_stage(), form.shown_version()
    to = Stage(form.to.data) if form.to.data in {s.value for s in Stage} else None
    if version != application.version:
        return MoveOutcome("stale", application, shown, to)
    if not form.validate_on_submit():
        return MoveOutcome("invalid", application, shown, to)
    try:
        if to == Stage.REJECTED:
            # The same rejection as on the application page: the reason is the text the trainee reads.
            reject(application, actor, form.rejection_code.data, form.reason.data, expected_version=version)
        else:
            move(application, to, actor, reason=form.reason.data or "", expected_version=version)
    except MoveRefused as refused:
        application = db.session.get(Application, application.id)
        stale = refused.reason == "stale" or application.version != version
        return MoveOutcome("stale" if stale else refused.reason if refused.reason == "offer" else "illegal",
                           application, shown, to)
    if to == Stage.NEEDS_CHANGES:
        application.advice = form.reason.data
    return MoveOutcome("moved", application, shown, to)


__all__ = ["Board", "COMMITTEE_COLUMNS", "COMPANY_COLUMNS", "MoveForm", "MoveOutcome", "PipelineFilters",
           "attempt_move", "company_scope", "load_board", "more_column"]
