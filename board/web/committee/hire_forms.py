"""The committee's forms for hires: an acceptance made off the board, a reverted hire, an employment check."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from board.web.forms import no_markup, plain_text, strip
from board.models import RetentionStatus


def _reason(label, required):
    return TextAreaField(label, filters=[strip], render_kw={"rows": 3}, validators=[
        DataRequired(required), Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text])


class RecordHireForm(FlaskForm):
    reason = _reason(_l("How the trainee accepted (kept in the audit log)"),
                     _l("Write how the acceptance was made; it is kept in the audit log."))


class RevertHireForm(FlaskForm):
    reason = _reason(_l("Why the hire is reverted (kept in the audit log)"),
                     _l("Write why the hire is reverted; it is kept in the audit log."))


class CheckForm(FlaskForm):
    """고용 유지 확인 at one milestone."""

    status = SelectField(_l("Found"), default="", validate_choice=False, choices=[
        SelectChoice("", _l("Choose…")), *(SelectChoice(s.value, s.label) for s in RetentionStatus)])
    checked_on = DateField(_l("Checked on"), validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[strip], render_kw={"rows": 2}, validators=[
        Length(max=2000, message=_l("Use at most 2,000 characters.")), no_markup, plain_text])

    @property
    def chosen_status(self):
        return RetentionStatus(self.status.data) if self.status.data in {s.value for s in RetentionStatus} else None

    def show_errors(self, errors):
        for name, message in errors.items():
            getattr(self, name).errors.append(message)
