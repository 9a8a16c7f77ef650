"""Forms of a trainee's lunch-day page: the ranking of the companies attending, and confirmation buttons."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from board.domain.lunchdays import MAX_PREFERENCES


class ConfirmForm(FlaskForm):
    """CSRF and, on the confirmation step, confirmed=yes."""

    confirmed = HiddenField()


class PreferencesForm(FlaskForm):
    """Companies in order (1지망, 2지망, ...), as many ranks as tables (at most ten); the view checks them
    against the tables of the day."""

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Ten choices when two companies come would only invite ranking the same company twice.
        self.ranks = min(len(tables), MAX_PREFERENCES)
        choices = [SelectChoice("", _l("No choice"))] + [SelectChoice(str(t.id), t.company.name) for t in tables]
        for field in self.choice_fields():
            field.choices = choices

    def choice_fields(self):
        return [self[f"choice_{rank}"] for rank in range(1, self.ranks + 1)]


for _rank in range(1, MAX_PREFERENCES + 1):
    # Checked by the view (a forged id gets the board's own message, not WTForms' "not a valid choice").
    setattr(PreferencesForm, f"choice_{_rank}",
            SelectField(_l("Choice %(rank)s", rank=_rank), default="", validate_choice=False))
del _rank
