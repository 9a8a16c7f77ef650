"""Forms of the committee's lunch days: the event itself, invitations, seat moves and check-in."""
from datetime import datetime, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from board.web.forms import no_markup, plain_text, strip
from board.platform.seoul_time import from_seoul, seoul

MAX_ROUNDS = 4
MAX_CAPACITY = 500
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"




def _number(label, low, high, message, **kwargs):
    return IntegerField(label, validators=[InputRequired(message), NumberRange(low, high, message)], **kwargs)


class LunchDayForm(FlaskForm):
    """When and where, the rounds, the sign-up window and the trainee places; times are typed in Seoul time.

    The view sets `seated` (places already taken) and `plan_exists` before validating an edit,
    so the form can refuse what would break sign-ups or a seating plan.
    """

    title = StringField(_l("Title"), filters=[strip], description=_l("For example 2026 상반기 리쿠르트 런치데이"), validators=[
        DataRequired(_l("Enter a title.")), Length(max=120, message=_l("Use at most 120 characters.")), plain_text,
        no_markup])
    venue = StringField(_l("Venue"), filters=[strip], validators=[
        DataRequired(_l("Enter the venue.")), Length(max=200, message=_l("Use at most 200 characters.")),
        plain_text, no_markup])
    description = TextAreaField(_l("Description"), filters=[strip], render_kw={"rows": 4}, validators=[
        Length(max=4000, message=_l("Use at most 4,000 characters.")), plain_text, no_markup])
    day = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date."))])
    start = TimeField(_l("Starts at"), description=_l("Seoul time, 24-hour clock."),
                      validators=[InputRequired(_l("Enter the start time."))])
    rounds = _number(_l("Rounds"), 1, MAX_ROUNDS, _l("Between 1 and 4 rounds."), default=2)
    minutes = _number(_l("Minutes per round"), 10, 180, _l("A round lasts between 10 and 180 minutes."), default=40)
    break_minutes = _number(_l("Break between rounds (minutes)"), 0, 60, _l("A break lasts between 0 and 60 minutes."),
                            default=5)
    opens = DateTimeLocalField(_l("Sign-up opens"), format=LOCAL_FORMAT,
                               validators=[InputRequired(_l("Enter when sign-up opens."))])
    closes = DateTimeLocalField(_l("Sign-up closes"), format=LOCAL_FORMAT,
                                validators=[InputRequired(_l("Enter when sign-up closes."))])
    capacity = _number(_l("Trainee places"), 1, MAX_CAPACITY, _l("Between 1 and 500 places."), default=60,
                       description=_l("Sign-ups beyond this wait on the waiting list in order of arrival."))

    seated = 0
    plan_exists = False
    current_rounds = None

    @property
    def starts_at(self):
        """The event's start in UTC (None while the date or the time is missing)."""
        if self.day.data is None or self.start.data is None:
            return None
        return from_seoul(datetime.combine(self.day.data, self.start.data))

    @property
    def opens_at(self):
        return from_seoul(self.opens.data)

    @property
    def closes_at(self):
        return from_seoul(self.closes.data)

    def round_starts(self):
        """UTC start of each round: the rounds follow one another with the break in between."""
        step = timedelta(minutes=self.minutes.data + self.break_minutes.data)
        return [self.starts_at + step * n for n in range(self.rounds.data)]

    def fill_from(self, lunch_day):
        """Put a stored lunch day into the fields, in Seoul time."""
        local = seoul(lunch_day.starts_at)
        self.title.data, self.venue.data, self.description.data = lunch_day.title, lunch_day.venue, lunch_day.description
        self.day.data, self.start.data = local.date(), local.time()
        rounds = lunch_day.rounds
        self.rounds.data = len(rounds) or 1
        self.minutes.data = rounds[0].minutes if rounds else 40
        if len(rounds) > 1:
            gap = rounds[1].starts_at - rounds[0].starts_at
            self.break_minutes.data = max(0, int(gap.total_seconds() // 60) - rounds[0].minutes)
        else:
            self.break_minutes.data = 0
        self.opens.data, self.closes.data = seoul(lunch_day.signup_opens_at), seoul(lunch_day.signup_closes_at)
        self.capacity.data = lunch_day.capacity

    def validate(self, extra_validators=None):
        """The fields one by one, then the rules that tie them together, each message beside its field."""
        valid = super().validate(extra_validators)
        opens, closes, starts = from_seoul(self.opens.data), from_seoul(self.closes.data), self.starts_at
        problems = []
        if opens and closes and opens >= closes:
            problems.append((self.opens, _l("Sign-up must open before it closes.")))
        if closes and starts and closes > starts:
            problems.append((self.closes, _l("Sign-up must close before the lunch day starts.")))
        if not self.capacity.errors and self.capacity.data is not None and self.capacity.data < self.seated:
            # gettext with a parameter, not a lazy string: the number comes from the database, but stay consistent.
            problems.append((self.capacity, gettext(
                "%(count)s trainees already hold a place; the places cannot be fewer. "
                "Ask trainees to cancel first if the room is smaller.", count=self.seated)))
        if (self.plan_exists and not self.rounds.errors and self.current_rounds is not None
                and self.rounds.data != self.current_rounds):
            problems.append((self.rounds, _l("A seating plan exists, so the number of rounds cannot change. "
                                             "Keep %(count)s rounds.", count=self.current_rounds)))
        for field, message in problems:
            field.errors = list(field.errors) + [message]
        return valid and not problems


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(FlaskForm):
    """Approved companies not yet invited, partners first; several at once."""

    companies = MultiCheckboxField(_l("Companies to invite"), coerce=int, validate_choice=True,
                                   validators=[InputRequired(_l("Choose at least one company."))])


class MoveSeatForm(FlaskForm):
    """Put one seated trainee at another table in one round, or at none."""

    signup = SelectField(_l("Trainee"), coerce=int, validate_choice=True,
                         validators=[InputRequired(_l("Choose a trainee."))])
    round = SelectField(_l("Round"), coerce=int, validate_choice=True, validators=[InputRequired(_l("Choose a round."))])
    table = SelectField(_l("Table"), coerce=int, validate_choice=True,
                        description=_l("No table leaves the trainee unseated in that round."))


class CheckInForm(FlaskForm):
    """Check a trainee in, or undo it (present=0); anything else counts as checking in."""

    present = IntegerField(default=1, validators=[Optional()])
