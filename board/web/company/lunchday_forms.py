"""Forms of a company's lunch-day page: the answer to the invitation, a trainee to meet, a follow-up."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from board.web.forms import MAX_INT, no_markup, plain_text, strip
from board.models import FollowUpDecision

MIN_SEATS, MAX_SEATS = 1, 20


class RespondForm(FlaskForm):
    """Attend with a number of seats per round, or decline (declining asks for confirmation first)."""

    answer = RadioField(_l("Your answer"), choices=[SelectChoice("attend", _l("We will attend")),
                                                     SelectChoice("decline", _l("We cannot attend"))],
                        validators=[InputRequired(_l("Choose whether your company attends."))])
    seats = IntegerField(_l("Seats at your table per round"), validators=[Optional()],
                         description=_l("How many trainees can sit with you in each round (1–20)."),
                         render_kw={"min": MIN_SEATS, "max": MAX_SEATS, "inputmode": "numeric"})
    note = TextAreaField(_l("Note to the committee"), filters=[strip], validators=[
        Length(max=1000, message=_l("Use at most 1,000 characters.")), no_markup, plain_text],
        description=_l("Who comes, what you would like to talk about, anything the committee should know."),
        render_kw={"rows": 3})
    confirmed = HiddenField()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Optional() stops the chain on an empty field, so the attend-needs-seats rule is checked here.
        if valid and self.answer.data == "attend" and self.seats.data is None:
            self.seats.errors = [_l("Say how many trainees your table seats per round.")]
            return False
        return valid

    def validate_seats(self, field):
        if self.answer.data != "attend" or field.data is None:
            return
        if not MIN_SEATS <= field.data <= MAX_SEATS:
            raise ValidationError(_l("A table seats between %(low)s and %(high)s trainees.", low=MIN_SEATS,
                                     high=MAX_SEATS))


class InterestForm(FlaskForm):
    """Mark (wanted=1) or unmark (wanted=0) a trainee the company would like to meet."""

    # Bounded: a number no id column holds would fail in the database instead of answering 404.
    trainee_id = IntegerField(validators=[InputRequired(), NumberRange(1, MAX_INT)])
    wanted = RadioField(choices=[SelectChoice("1"), SelectChoice("0")], validators=[InputRequired()])


class FollowUpForm(FlaskForm):
    """After the lunch: invite to interview, keep in touch, or no further step; a new match needs an opening."""

    decision = RadioField(_l("Next step"), choices=[SelectChoice(d.value, d.label) for d in FollowUpDecision],
                          validators=[InputRequired(_l("Choose the next step."))])
    opening = SelectField(_l("Propose for the opening"), validate_choice=False, default="",
                          description=_l("The trainee has no application with you: the committee sends them "
                                         "this opening as a proposed match."))

    def __init__(self, *args, openings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.opening.choices = [SelectChoice("", _l("Choose an opening"))] + [
            SelectChoice(str(o.id), o.title) for o in openings]
        self._openings = {str(o.id): o for o in openings}

    def chosen_opening(self):
        return self._openings.get(self.opening.data or "")

    def validate_opening(self, field):
        if field.data and field.data not in self._openings:
            raise ValidationError(_l("Choose one of your open openings."))
