"""The application form: a cover letter and the opening's own screening questions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from board.web.forms import no_markup, plain_text, strip
from board.models import QuestionKind

MAX_COVER_LETTER = 5000


class ApplyForm(FlaskForm):
    cover_letter = TextAreaField(_l("Cover letter"), filters=[strip], validators=[
        DataRequired(_l("Write a cover letter.")),
        Length(max=MAX_COVER_LETTER, message=_l("Use at most 5,000 characters.")), no_markup, plain_text],
        render_kw={"rows": 10})


def apply_form_for(opening, **kwargs):
    """An ApplyForm with one field per screening question of the opening, named q<id>."""
    class Form(ApplyForm):
        pass

    for question in opening.questions:
        name = f"q{question.id}"
        if question.kind == QuestionKind.TEXT:
            field = StringField(question.prompt, filters=[strip], validators=[
                DataRequired(_l("Answer this question.")), Length(max=500, message=_l("Use at most 500 characters.")),
                no_markup, plain_text])
        elif question.kind == QuestionKind.YES_NO:
            field = RadioField(question.prompt, choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                               validators=[InputRequired(_l("Choose an answer."))])
        else:
            field = RadioField(question.prompt, choices=[SelectChoice(c, c) for c in question.choice_list],
                               validators=[InputRequired(_l("Choose an answer."))])
        setattr(Form, name, field)
    form = Form(**kwargs)
    form.question_fields = [getattr(form, f"q{q.id}") for q in opening.questions]
    return form


def answers_from(form, opening):
    """The answers keyed by question id, as stored on the application."""
    return {str(q.id): getattr(form, f"q{q.id}").data for q in opening.questions}


class WithdrawForm(FlaskForm):
    """Withdrawing an application: an optional reason, which the company and the committee read."""

    reason = TextAreaField(_l("Reason (optional)"), filters=[strip], render_kw={"rows": 3}, validators=[
        Length(max=500, message=_l("Use at most 500 characters.")), plain_text, no_markup])
