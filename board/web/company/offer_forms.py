"""The offer form (합격 통보): the terms the trainee decides on; the rules are board/domain/offers.py's term_problems."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from board.web.forms import no_markup, plain_text, strip
from board.models.openings import EmploymentType
from board.domain.offers import term_problems


class OfferForm(FlaskForm):
    """The terms, the company's word that the interview took place, and the confirmation step's flag."""

    position = StringField(_l("Position"), filters=[strip], validators=[
        Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    employment_type = SelectField(_l("Employment type"), default="", validate_choice=False, choices=[
        SelectChoice("", _l("Choose…")), *(SelectChoice(t.value, t.label) for t in EmploymentType)])
    starts_on = DateField(_l("Start date (입사 예정일)"), validators=[Optional()])
    salary = IntegerField(_l("Annual salary (만원)"), validators=[Optional()],
                          description=_l("Before tax, in 만원 a year, for example 3600."))
    salary_by_policy = BooleanField(_l("회사 내규 (by company policy) instead of a figure"))
    probation_months = IntegerField(_l("Probation (months)"), default=0, validators=[
        Optional(), NumberRange(0, 12, message=_l("Probation is between 0 and 12 months."))])
    workplace = StringField(_l("Workplace"), filters=[strip], validators=[
        Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    note = TextAreaField(_l("Note to the trainee"), filters=[strip], render_kw={"rows": 3}, validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text])
    answer_by = DateField(_l("Answer by"), validators=[Optional()])
    interview_took_place = BooleanField(_l("The interview has already taken place"),
                                        description=_l("Only when the booked time is still ahead but you met earlier."))
    # "1" once the company has seen the terms on the confirmation step.
    confirmed = HiddenField()
    version = HiddenField()

    def terms(self):
        """The terms as board/domain/offers.py takes them."""
        kind = self.employment_type.data
        return {"position": self.position.data or "", "starts_on": self.starts_on.data, "answer_by": self.answer_by.data,
                "employment_type": EmploymentType(kind) if kind in {t.value for t in EmploymentType} else None,
                "salary": self.salary.data, "salary_by_policy": bool(self.salary_by_policy.data),
                "probation_months": self.probation_months.data or 0, "workplace": self.workplace.data or "",
                "note": self.note.data or ""}

    def validate(self, extra_validators=None):
        """The fields, then the offer's rules, each message beside its field."""
        valid = super().validate(extra_validators)
        problems = term_problems(self.terms())
        for name, message in problems.items():
            if not getattr(self, name).errors:
                getattr(self, name).errors.append(message)
        return valid and not problems

    def carried(self):
        """(name, value) of each term as posted, for the confirmation step's hidden fields."""
        for f in self:
            if f.name in ("csrf_token", "confirmed"):
                continue
            if f.type == "BooleanField":
                if f.data:
                    yield f.name, "y"
            else:
                yield f.name, f._value() if hasattr(f, "_value") else (f.data or "")

    def show_errors(self, errors):
        for name, message in errors.items():
            getattr(self, name).errors.append(message)


class WithdrawOfferForm(FlaskForm):
    reason = TextAreaField(_l("Why the offer is withdrawn"), filters=[strip], render_kw={"rows": 2}, validators=[
        Length(max=1000, message=_l("Use at most 1,000 characters.")), no_markup, plain_text])
