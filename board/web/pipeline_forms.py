"""The pipeline boards' forms and messages (committee and company): filters in the URL, one card's move form.

They read the request; the board itself and the move are board/domain/pipeline_board.py's, request-free.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import and_, case, exists, false, func, or_, select
from wtforms import BooleanField, HiddenField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError
from wtforms.widgets import Select

from board.platform.extensions import db
from board.web.forms import int_or_none, no_markup, plain_text, strip
from board.models import Application, Cohort, CohortClass, Company, Opening, Stage, Trainee
from board.models.applications import REJECTION_REASONS
from board.domain.pipeline_board import MoveOutcome, attempt_move
from board.domain.search import _like

# Without a cohort the company filter lists at most this many companies (national scale has
# 5,000: 250 KB of options a page); a name search (?company_q=) finds the others.
COMPANY_OPTIONS = 50


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


def move_from_form(application, form, actor):
    """Read a posted move form and make the move (pipeline_board.attempt_move); a MoveOutcome.

    A form from a page someone has since changed is 'stale' before its fields are checked.
    """
    shown, version = form.shown_stage(), form.shown_version()
    to = Stage(form.to.data) if form.to.data in {s.value for s in Stage} else None
    if version != application.version:
        return MoveOutcome("stale", application, shown, to)
    if not form.validate_on_submit():
        return MoveOutcome("invalid", application, shown, to)
    return attempt_move(application, actor, to, version, shown=shown, rejection_code=form.rejection_code.data,
                        reason=form.reason.data or "")


def move_message(outcome):
    """What the person is told about a move, in their language."""
    stage = outcome.application.stage.label
    if outcome.result == "moved":
        return _("Moved %(name)s to %(stage)s.", name=outcome.application.trainee.user.name, stage=stage)
    if outcome.result == "stale":
        return _("Someone moved this card while you were looking; it is now in %(stage)s.", stage=stage)
    if outcome.result == "offer":
        return _("Offers and hires carry their terms: use the offer on the application page. Nothing was changed.")
    if outcome.result == "illegal":
        return _("A card in %(stage)s cannot be moved to %(to)s. Nothing was changed.",
                 stage=stage, to=outcome.to.label)
    return _("The card was not moved. Check the marked field.")
