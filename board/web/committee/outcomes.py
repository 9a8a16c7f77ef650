"""The committee's outcomes (취업 성과): figures per cohort, graduates with their current outcome, recording one."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.web.committee import bp
from board.web.committee.outcome_forms import OutcomeForm
from board.platform.extensions import db
from board.models import Cohort, CohortClass, OutcomeKind, Trainee, TraineeStatus, User
from board.domain.outcomes import CohortFigures, cohort_figures, current_outcome, current_outcomes_of, history, record_outcome
from board.domain.retention import MILESTONES, retention_by
from board.web.security import committee_required, safe_next
from board.platform.templating import render, see_other

OUTCOME_PAGE_SIZE = 30
NONE_YET = "none"


@bp.route("/outcomes")
@committee_required
def outcomes():
    """Every cohort's outcomes as the committee reports them: who completed and what became of them."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.number.desc())).all()
    return render("committee/outcomes/index.html", cohorts=cohorts, figures=cohort_figures(), kinds=list(OutcomeKind),
                  blank=CohortFigures())


@bp.route("/cohorts/<int:cohort_id>/outcomes")
@committee_required
def cohort_outcomes(cohort_id):
    """A cohort's graduates with their current outcome, by kind or those with none yet, 30 a page."""
    cohort = db.get_or_404(Cohort, cohort_id)
    show = request.args.get("show", "")
    current = current_outcome()
    query = (select(Trainee).join(User, User.id == Trainee.user_id)
             .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
             .where(Trainee.cohort_id == cohort.id, Trainee.status == TraineeStatus.COMPLETED)
             .options(joinedload(Trainee.user), joinedload(Trainee.cohort_class))
             .order_by(CohortClass.number, User.name, Trainee.id))
    if show == NONE_YET or show in {k.value for k in OutcomeKind}:
        query = query.outerjoin(current, current.trainee_id == Trainee.id)
        query = query.where(current.id.is_(None)) if show == NONE_YET else query.where(current.kind == OutcomeKind(show))
    else:
        show = ""
    page = db.paginate(query, per_page=OUTCOME_PAGE_SIZE, error_out=False)
    return render("committee/outcomes/cohort.html", cohort=cohort, page=page, show=show, kinds=list(OutcomeKind),
                  figures=cohort_figures(cohort.id).get(cohort.id, CohortFigures()), none_yet=NONE_YET,
                  current=current_outcomes_of([t.id for t in page.items]), retention=retention_by(cohort.id),
                  milestones=MILESTONES)


def _back_to_outcomes(trainee):
    """The outcomes page the committee came from (page and filter kept), or the cohort's outcomes."""
    listing = url_for("committee.cohort_outcomes", cohort_id=trainee.cohort_id)
    target = request.values.get("next", "")
    return safe_next(target) if target == listing or target.startswith(listing + "?") else listing


@bp.route("/trainees/<int:trainee_id>/outcome", methods=["GET", "POST"])
@committee_required
def trainee_outcome(trainee_id):
    """Record what became of a trainee outside the board (a new current outcome); the history stays."""
    trainee = db.get_or_404(Trainee, trainee_id)
    form = OutcomeForm()
    back = _back_to_outcomes(trainee)
    if form.validate_on_submit():
        record_outcome(trainee, form.chosen_kind, current_user._get_current_object(), company=form.chosen_company,
                       organisation=form.organisation.data, started_on=form.started_on.data, note=form.note.data)
        db.session.commit()
        flash(_("%(name)s: %(outcome)s is recorded as the current outcome.", name=trainee.user.name,
                outcome=form.chosen_kind.label), "success")
        return see_other(back)
    return render("committee/outcomes/trainee.html", trainee=trainee, form=form, back=back, history=history(trainee),
                  completed=trainee.status == TraineeStatus.COMPLETED, block="form",
                  status=422 if form.is_submitted() else 200)
