"""The opening form a company member fills in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, FieldList, Form, FormField, IntegerField, RadioField, SelectField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from board.web.forms import no_markup, plain_text, strip, vocabulary_skills
from board.models.types import board_today
from board.models import (
    CareerLevel, DeadlineKind, Education, EmploymentType, JobRole, QuestionKind, ScreeningQuestion,
)
from board.models.openings import MAX_QUESTIONS

MAX_DESCRIPTION = 20_000
MAX_SKILLS = 15


def _choices(enum_cls):
    return [SelectChoice(m.value, m.label) for m in enum_cls]


def skills_field(label, required=False):
    validators = [Length(max=600, message=_l("Use at most 600 characters.")), no_markup]
    if required:
        validators.insert(0, DataRequired(_l("Name at least one skill.")))
    return StringField(label, filters=[strip], validators=validators,
                       description=_l("Separate skills with commas, for example Python, PyTorch"),
                       render_kw={"list": "skill-vocabulary", "autocomplete": "off"})


class QuestionForm(Form):
    """One screening question; a row left blank means no question."""

    kind = SelectField(_l("Answer type"), choices=[SelectChoice("", _l("No question"))] + _choices(QuestionKind), default="")
    prompt = StringField(_l("Question"), filters=[strip], validators=[Length(max=300, message=_l("Use at most 300 characters.")), no_markup, plain_text])
    choices = TextAreaField(_l("Options, one per line"), filters=[strip],
                            validators=[Length(max=1000, message=_l("Use at most 1,000 characters.")), no_markup, plain_text],
                            render_kw={"rows": 3})

    def validate_prompt(self, field):
        if self.kind.data and not field.data:
            raise ValidationError(_l("Write the question."))
        if field.data and not self.kind.data:
            raise ValidationError(_l("Choose how the question is answered."))

    def validate_choices(self, field):
        options = [c for c in (field.data or "").splitlines() if c.strip()]
        if self.kind.data == QuestionKind.CHOICE.value and not 2 <= len(options) <= 10:
            raise ValidationError(_l("Give between 2 and 10 options, one per line."))


class OpeningForm(FlaskForm):
    title = StringField(_l("Title"), filters=[strip], validators=[
        DataRequired(_l("Enter a title.")), Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    job_role = SelectField(_l("Job role"), choices=_choices(JobRole))
    employment_type = SelectField(_l("Employment type"), choices=_choices(EmploymentType))
    career_level = SelectField(_l("Career level"), choices=_choices(CareerLevel))
    education = SelectField(_l("Education"), choices=_choices(Education))
    workplace = StringField(_l("Workplace"), filters=[strip], description=_l("For example 광주 북구 첨단과기로"), validators=[
        DataRequired(_l("Enter the workplace.")), Length(max=100, message=_l("Use at most 100 characters.")), no_markup, plain_text])
    salary_by_policy = BooleanField(_l("Salary by company policy (회사 내규)"))
    salary_min = IntegerField(_l("Salary from (10,000 won a year)"), validators=[
        Optional(), NumberRange(min=0, max=100_000, message=_l("Enter an amount between 0 and 100,000."))],
        render_kw={"inputmode": "numeric"})
    salary_max = IntegerField(_l("Salary to (10,000 won a year)"), validators=[
        Optional(), NumberRange(min=0, max=100_000, message=_l("Enter an amount between 0 and 100,000."))],
        render_kw={"inputmode": "numeric"})
    # NumberRange also refuses an empty value; InputRequired would refuse a stored opening re-checked before submit.
    headcount = IntegerField(_l("Headcount"), default=1, validators=[
        NumberRange(min=1, max=999, message=_l("Enter a number between 1 and 999."))], render_kw={"inputmode": "numeric"})
    required_skills = skills_field(_l("Required skills"), required=True)
    preferred_skills = skills_field(_l("Preferred skills"))
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("Markdown: **bold**, lists with -, links. HTML is not allowed."),
                                validators=[DataRequired(_l("Describe the job.")),
                                            Length(max=MAX_DESCRIPTION, message=_l("Use at most 20,000 characters.")), no_markup],
                                render_kw={"rows": 12})
    deadline_kind = RadioField(_l("Deadline"), choices=_choices(DeadlineKind), default=DeadlineKind.DATE.value)
    deadline = DateField(_l("Closing date"), validators=[Optional()])
    questions = FieldList(FormField(QuestionForm), min_entries=MAX_QUESTIONS, max_entries=MAX_QUESTIONS)

    def validate_salary_max(self, field):
        if self.salary_by_policy.data:
            return
        low, high = self.salary_min.data, field.data
        if low is None and high is None:
            raise ValidationError(_l("Enter a salary range, or tick 'by company policy'."))
        if low is not None and high is not None and low > high:
            raise ValidationError(_l("The maximum must not be below the minimum."))

    def validate_deadline(self, field):
        if self.deadline_kind.data != DeadlineKind.DATE.value:
            return
        if field.data is None:
            raise ValidationError(_l("Choose a closing date, or choose rolling recruitment."))
        if field.data < board_today():
            raise ValidationError(_l("The closing date is in the past."))

    def validate_required_skills(self, field):
        self.required_skill_rows = vocabulary_skills(field, MAX_SKILLS, _l("Name at most %(max)s skills.", max=MAX_SKILLS))

    def validate_preferred_skills(self, field):
        self.preferred_skill_rows = vocabulary_skills(field, MAX_SKILLS, _l("Name at most %(max)s skills.", max=MAX_SKILLS))

    def fill(self, opening):
        """Copy the form into an opening (skills and questions included)."""
        for name in ("title", "workplace", "description", "salary_by_policy"):
            setattr(opening, name, getattr(self, name).data)
        opening.job_role = JobRole(self.job_role.data)
        opening.employment_type = EmploymentType(self.employment_type.data)
        opening.career_level = CareerLevel(self.career_level.data)
        opening.education = Education(self.education.data)
        opening.headcount = self.headcount.data
        opening.salary_min = None if self.salary_by_policy.data else self.salary_min.data
        opening.salary_max = None if self.salary_by_policy.data else self.salary_max.data
        opening.deadline_kind = DeadlineKind(self.deadline_kind.data)
        opening.deadline = self.deadline.data if opening.deadline_kind == DeadlineKind.DATE else None
        opening.set_skills(getattr(self, "required_skill_rows", []), getattr(self, "preferred_skill_rows", []))
        asked = [q for q in self.questions if q.kind.data and q.prompt.data]
        opening.questions = [ScreeningQuestion(position=n, kind=QuestionKind(q.kind.data), prompt=q.prompt.data,
                                               choices=q.choices.data if q.kind.data == QuestionKind.CHOICE.value else "")
                             for n, q in enumerate(asked, start=1)]

    def load(self, opening):
        """Fill the form from an opening, for editing."""
        self.process(obj=opening)
        self.job_role.data = opening.job_role.value
        self.employment_type.data = opening.employment_type.value
        self.career_level.data = opening.career_level.value
        self.education.data = opening.education.value
        self.deadline_kind.data = opening.deadline_kind.value
        self.required_skills.data = ", ".join(s.name for s in opening.required_skills)
        self.preferred_skills.data = ", ".join(s.name for s in opening.preferred_skills)
        for entry, question in zip(self.questions, opening.questions):
            entry.kind.data, entry.prompt.data, entry.choices.data = question.kind.value, question.prompt, question.choices
