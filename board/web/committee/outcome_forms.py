"""The form the committee records a graduate's outcome with."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from board.platform.extensions import db
from board.web.forms import no_markup, plain_text, strip
from board.models import Company, CompanyStatus, OutcomeKind
from board.domain.outcomes import outcome_problems


class OutcomeForm(FlaskForm):
    """Kind, where (a company on the board or a name), since when, and a note; the rules live in outcome_problems."""

    kind = SelectField(_l("Outcome"), default="", validate_choice=True,
                       choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(k.value, k.label) for k in OutcomeKind],
                       validators=[InputRequired(_l("Choose what became of the graduate."))])
    company = SelectField(_l("Company on the board"), default="", validate_choice=True,
                          description=_l("Only for a company on the board; otherwise write the name below."))
    organisation = StringField(_l("Employer, company founded or graduate school"), filters=[strip],
                               description=_l("When it is not on the board, for example 전남대학교 대학원 인공지능학과."),
                               validators=[Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    started_on = DateField(_l("Since"), validators=[Optional()],
                           description=_l("The first working day, the founding date or the first term; not in the future."))
    note = TextAreaField(_l("Note"), filters=[strip], render_kw={"rows": 3}, validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        companies = db.session.execute(select(Company.id, Company.name).where(Company.status == CompanyStatus.APPROVED)
                                       .order_by(Company.name)).all()
        self.company.choices = [SelectChoice("", _l("Not on the board"))] + [
            SelectChoice(str(company_id), name) for company_id, name in companies]

    @property
    def chosen_kind(self):
        return OutcomeKind(self.kind.data) if self.kind.data in {k.value for k in OutcomeKind} else None

    @property
    def chosen_company(self):
        return db.session.get(Company, int(self.company.data)) if self.company.data else None

    def validate(self, extra_validators=None):
        """The fields one by one, then the rules that tie them together, each message beside its field."""
        valid = super().validate(extra_validators)
        if self.chosen_kind is None or self.company.errors:
            return valid
        problems = outcome_problems(self.chosen_kind, self.chosen_company, self.organisation.data,
                                    self.started_on.data)
        for name, message in problems.items():
            if not getattr(self, name).errors:
                getattr(self, name).errors.append(message)
        return valid and not problems
