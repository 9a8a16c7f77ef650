"""The committee's cohorts and rosters: cohort records, roster imports with a preview, invitations, trainee status."""
import json

from flask import current_app, flash, render_template, request, url_for
from flask_babel import force_locale, gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from board.web.committee import bp
from board.web.committee.roster_forms import CohortForm, RosterUploadForm, TraineeStatusForm
from board.platform.database import unit_of_work
from board.platform.extensions import db
from board.platform.i18n import BOARD_NAME
from board.domain.mail import external_url, send_mail
from board.models import AccountInvitation, Cohort, CohortClass, RosterImport, Trainee, TraineeStatus, User
from board.models.audit import audit
from board.models.types import utcnow
from board.domain.roster import (
    INVITATION_DAYS, ImportRefused, RosterError, check_rows, confirm_import, issue_invitation, read_roster,
)
from board.web.security import committee_required, safe_next
from board.platform.templating import render, see_other

ROSTER_PAGE_SIZE = 30
CLASS_NUMBERS = range(1, 7)


def _trainee_counts(cohort_id=None):
    """{cohort id: counts of trainees, joined and not yet joined, and per status}, from one grouped query."""
    counts = {}
    query = (select(Trainee.cohort_id, Trainee.status, func.count(Trainee.id), func.count(User.password_hash))
             .join(User, User.id == Trainee.user_id).group_by(Trainee.cohort_id, Trainee.status))
    if cohort_id is not None:
        query = query.where(Trainee.cohort_id == cohort_id)
    for of_cohort, status, total, joined in db.session.execute(query).all():
        c = counts.setdefault(of_cohort, {"trainees": 0, "joined": 0, "not_joined": 0, **{s.value: 0 for s in TraineeStatus}})
        c["trainees"] += total
        c["joined"] += joined
        c["not_joined"] += total - joined
        c[status.value] += total
    return counts


@bp.route("/cohorts")
@committee_required
def cohorts():
    """Every cohort with its selected trainees, who is on the board, who has joined, and by status."""
    found = db.session.scalars(select(Cohort).order_by(Cohort.number.desc())).all()
    return render("committee/cohorts/index.html", cohorts=found, counts=_trainee_counts(), statuses=list(TraineeStatus))


def _save_cohort(form, cohort, action):
    """Store the form in cohort and audit it; False (with a message on the number) if the number was taken meanwhile."""
    form.populate_obj(cohort)
    db.session.add(cohort)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        form.number.errors.append(_("Cohort %(number)s already exists.", number=form.number.data))
        return False
    audit(action, cohort, number=cohort.number, starts_on=cohort.starts_on.isoformat(), ends_on=cohort.ends_on.isoformat(),
          applicants=cohort.applicants, selected=cohort.selected)
    db.session.commit()
    return True


@bp.route("/cohorts/new", methods=["GET", "POST"])
@committee_required
def new_cohort():
    """Enter a cohort (기수); its six classes are created with it."""
    form = CohortForm()
    if form.validate_on_submit():
        cohort = Cohort(classes=[CohortClass(number=n) for n in CLASS_NUMBERS])
        if _save_cohort(form, cohort, "cohort.create"):
            flash(_("Cohort %(number)s is saved with six classes. Import its roster next.", number=cohort.number), "success")
            return see_other(url_for("committee.cohort", cohort_id=cohort.id))
    status = 422 if form.is_submitted() else 200
    return render("committee/cohorts/form.html", form=form, cohort=None, block="form", status=status)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@committee_required
def edit_cohort(cohort_id):
    """Correct a cohort's number, dates and figures."""
    cohort = db.get_or_404(Cohort, cohort_id)
    form = CohortForm(obj=cohort, cohort_id=cohort.id)
    if form.validate_on_submit() and _save_cohort(form, cohort, "cohort.update"):
        flash(_("Cohort %(number)s is saved.", number=cohort.number), "success")
        return see_other(url_for("committee.cohort", cohort_id=cohort.id))
    status = 422 if form.is_submitted() else 200
    return render("committee/cohorts/form.html", form=form, cohort=cohort, block="form", status=status)


def _invitations(user_ids):
    """{user id: (last sent, expires)} for the invitations of the users on a page."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(AccountInvitation.user_id, func.max(AccountInvitation.created_at), func.max(AccountInvitation.expires_at))
        .where(AccountInvitation.user_id.in_(user_ids)).group_by(AccountInvitation.user_id)).all()
    return {user_id: (sent, expires) for user_id, sent, expires in rows}


def _cohort_page(cohort, upload_form=None, status=200):
    """The roster page; an upload form that failed is passed in to show its message."""
    waiting = request.args.get("show") == "not-joined"
    query = (select(Trainee).join(User, User.id == Trainee.user_id)
             .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
             .where(Trainee.cohort_id == cohort.id)
             .options(joinedload(Trainee.user), joinedload(Trainee.cohort_class))
             .order_by(CohortClass.number, User.name, Trainee.id))
    if waiting:
        query = query.where(User.password_hash.is_(None))
    page = db.paginate(query, per_page=ROSTER_PAGE_SIZE, error_out=False)
    imports = db.session.scalars(select(RosterImport).where(RosterImport.cohort_id == cohort.id)
                                 .order_by(RosterImport.created_at.desc(), RosterImport.id.desc()).limit(5)).all()
    return render("committee/cohorts/detail.html", cohort=cohort, page=page, waiting=waiting,
                  counts=_trainee_counts(cohort.id).get(cohort.id, {}), statuses=list(TraineeStatus), imports=imports,
                  invitations=_invitations([t.user_id for t in page.items]), now=utcnow(),
                  upload_form=upload_form or RosterUploadForm(), status=status)


@bp.route("/cohorts/<int:cohort_id>")
@committee_required
def cohort(cohort_id):
    """A cohort's roster: trainees by class with their status and whether they have joined."""
    return _cohort_page(db.get_or_404(Cohort, cohort_id))


@bp.route("/cohorts/<int:cohort_id>/roster", methods=["POST"])
@committee_required
def upload_roster(cohort_id):
    """Upload a roster file; it is kept unimported until the committee confirms its preview."""
    cohort = db.get_or_404(Cohort, cohort_id)
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return _cohort_page(cohort, upload_form=form, status=422)
    upload = RosterImport(cohort=cohort, uploaded_by_id=current_user.id, filename=form.filename, content=form.content)
    db.session.add(upload)
    db.session.commit()
    return see_other(url_for("committee.roster_import", import_id=upload.id))


def _checked_rows(upload):
    """The upload's rows checked against the board as it is now; (rows, None) or ([], the file's problem)."""
    try:
        return check_rows(read_roster(upload.filename, upload.content), upload.cohort), None
    except RosterError as error:
        return [], error.message


@bp.route("/roster-imports/<int:import_id>")
@committee_required
def roster_import(import_id):
    """The preview of an upload: every row with its problems; confirming imports the good rows only."""
    upload = db.get_or_404(RosterImport, import_id)
    rows, error = _checked_rows(upload)
    good = sum(1 for row in rows if row.ok)
    summary = json.loads(upload.summary) if upload.summary else {}
    return render("committee/cohorts/roster_preview.html", upload=upload, rows=rows, good=good, bad=len(rows) - good,
                  error=error, summary=summary)


def _send_invitation(user_email, name, locale, cohort_number, token):
    """Put the link in the outbox in the trainee's language (Korean until they choose), in the caller's transaction."""
    context = {"name": name, "number": cohort_number, "days": INVITATION_DAYS, "board_name": BOARD_NAME,
               "link": external_url("accounts.welcome", token=token)}
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your account on the AI Academy Partner Board")
        text = render_template("mail/roster_invitation.txt", **context).strip() + "\n"
        html = render_template("mail/roster_invitation.html", subject=subject, text=text.strip(), **context)
    send_mail(user_email, subject, text, html=html)


@bp.route("/roster-imports/<int:import_id>/confirm", methods=["POST"])
@committee_required
def confirm_roster_import(import_id):
    """Import the good rows of a previewed roster and send each new trainee an invitation."""
    upload = db.get_or_404(RosterImport, import_id)
    # Read the file before the first write: reading it takes a process of its own and must not hold the write lock.
    try:
        rows = read_roster(upload.filename, upload.content)
    except RosterError as error:
        flash(error.message, "warning")
        return see_other(url_for("committee.roster_import", import_id=upload.id))
    cohort = upload.cohort
    try:
        with unit_of_work():
            invited = confirm_import(upload, rows, current_user._get_current_object())
            mails = [(user.email, user.name, user.locale, token) for user, token in invited]
            # The invitations are outbox rows of this very transaction: an import undone sends none.
            for email, name, locale, token in mails:
                _send_invitation(email, name, locale, cohort.number, token)
    except ImportRefused as refused:
        if refused.reason == "imported":
            # A double click or two committee members at once: only one confirm imports.
            flash(_("This file has already been imported; nothing new was created."), "info")
            return see_other(url_for("committee.cohort", cohort_id=upload.cohort_id))
        flash(_("Some of these people were added a moment ago by someone else. Check the preview and confirm again."), "warning")
        return see_other(url_for("committee.roster_import", import_id=upload.id))
    flash(ngettext("%(num)s trainee imported and invited; %(skipped)s rows skipped.",
                   "%(num)s trainees imported and invited; %(skipped)s rows skipped.",
                   len(mails), skipped=len(rows) - len(mails)), "success")
    return see_other(url_for("committee.cohort", cohort_id=cohort.id))


def _back_to_roster(trainee):
    """The roster page the form was sent from (page and filter kept), or the cohort's roster."""
    roster = url_for("committee.cohort", cohort_id=trainee.cohort_id)
    target = request.form.get("next", "")
    return safe_next(target) if target == roster or target.startswith(roster + "?") else roster


@bp.route("/trainees/<int:trainee_id>/invite", methods=["POST"])
@committee_required
def resend_invitation(trainee_id):
    """Send a trainee who has not joined a new link; earlier links stop working."""
    trainee = db.get_or_404(Trainee, trainee_id)
    user = trainee.user
    if user.password_hash:
        flash(_("%(name)s has already joined. A forgotten password is reset from the sign-in page.", name=user.name), "info")
        return see_other(_back_to_roster(trainee))
    if not user.is_active:
        flash(_("The account of %(name)s is deactivated; no invitation was sent.", name=user.name), "warning")
        return see_other(_back_to_roster(trainee))
    token = issue_invitation(user)
    audit("trainee.invite", trainee, email=user.email)
    _send_invitation(user.email, user.name, user.locale, trainee.cohort.number, token)
    db.session.commit()
    flash(_("A new invitation is on its way to %(email)s. Earlier links no longer work.", email=user.email), "success")
    return see_other(_back_to_roster(trainee))


@bp.route("/trainees/<int:trainee_id>/status", methods=["POST"])
@committee_required
def trainee_status(trainee_id):
    """Record that a trainee is in training, has completed or has dropped out."""
    trainee = db.get_or_404(Trainee, trainee_id)
    form = TraineeStatusForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the statuses."), "warning")
        return see_other(_back_to_roster(trainee))
    new = TraineeStatus(form.status.data)
    if new != trainee.status:
        old, trainee.status = trainee.status, new
        audit("trainee.status", trainee, before=old.value, after=new.value)
        db.session.commit()
        flash(_("%(name)s: %(status)s.", name=trainee.user.name, status=new.label), "success")
    return see_other(_back_to_roster(trainee))
