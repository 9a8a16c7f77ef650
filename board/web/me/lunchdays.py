"""A trainee's lunch days: signing up (a place or the waitlist), ranking the companies, cancelling, the tables.

The rules (window, waitlist order, promotion) are in board/domain/lunchdays.py; these views read the
form, call them and say what happened.
"""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from board.domain import lunchdays
from board.platform.extensions import db
from board.web.lunch_calendar import calendar_response
from board.web.me import bp
from board.web.me.lunchday_forms import ConfirmForm, PreferencesForm
from board.models import LunchCompany, LunchDay, LunchSeat, LunchSignup, SignupStatus
from board.models.types import utcnow
from board.web.security import trainee_required
from board.platform.templating import render, see_other

REFUSALS = {
    "closed": lambda: _("Sign-up for this lunch day is closed."),
    "not_in_training": lambda: _("Only trainees still in training can sign up."),
    "twice": lambda: _("You are already signed up for this lunch day."),
    "not_attending": lambda: _("This company has no table at this lunch day."),
    "repeated": lambda: _("You chose this company twice: choose each company once."),
    "too_many": lambda: _("Choose at most 10 companies."),
    "cancelled": lambda: _("Your sign-up is cancelled."),
    "checked_in": lambda: _("You have already checked in: your place can no longer be cancelled."),
    "started": lambda: _("The lunch day has started: your sign-up can no longer be cancelled."),
    "not_signed_up": lambda: _("You are not signed up for this lunch day."),
}


def _trainee():
    trainee = current_user.trainee
    if trainee is None:
        abort(403)
    return trainee


def _signup(lunch_day, trainee):
    return db.session.scalar(select(LunchSignup).where(LunchSignup.lunch_day_id == lunch_day.id,
                                                       LunchSignup.trainee_id == trainee.id))


def window_state(lunch_day, now=None):
    """'not_yet', 'open' or 'closed': where the sign-up window stands."""
    now = now or utcnow()
    if now < lunch_day.signup_opens_at:
        return "not_yet"
    return "open" if lunchdays.signup_is_open(lunch_day, now) else "closed"


def _tables(lunch_day):
    return db.session.scalars(lunchdays.confirmed_companies(lunch_day)
                              .options(selectinload(LunchCompany.company))).all()


def _my_seats(signup):
    """[(round, lunch_company)] of the published plan for this sign-up, in round order."""
    if signup is None or signup.status != SignupStatus.SEATED or signup.lunch_day.plan_published_at is None:
        return []
    seats = db.session.scalars(select(LunchSeat).where(LunchSeat.signup_id == signup.id)
                               .options(selectinload(LunchSeat.round), selectinload(LunchSeat.lunch_company))).all()
    return sorted(((s.round, s.lunch_company) for s in seats), key=lambda pair: pair[0].number)


def _page(lunch_day, status=200, preferences_form=None, confirm_cancel=False):
    trainee = _trainee()
    signup = _signup(lunch_day, trainee)
    tables = _tables(lunch_day)
    if preferences_form is None:
        # Numbered afresh: a company that declined took its rank with it, and the form has one rank per table.
        ranked = {f"choice_{rank}": str(p.lunch_company_id)
                  for rank, p in enumerate(signup.preferences, start=1)} if signup else {}
        preferences_form = PreferencesForm(formdata=None, tables=tables, **ranked)
    active = signup is not None and signup.status != SignupStatus.CANCELLED
    return render("me/lunchdays/lunch_day.html", status=status, lunch_day=lunch_day, signup=signup, active=active,
                  position=lunchdays.waitlist_position(signup) if signup else None, tables=tables,
                  window=window_state(lunch_day), started=lunch_day.starts_at <= utcnow(),
                  preferences_form=preferences_form, seats=_my_seats(signup), confirm_cancel=confirm_cancel,
                  seated_count=lunchdays.seated_count(lunch_day), roles=lunchdays.hiring_roles(lunch_day))


def next_lunch_day(trainee):
    """(lunch day, sign-up or None) for the trainee's home: the soonest upcoming lunch day they hold a
    place or wait for, or else whose sign-up is open now; None when neither. One statement."""
    now = utcnow()
    mine = (LunchSignup.lunch_day_id == LunchDay.id) & (LunchSignup.trainee_id == trainee.id) \
        & (LunchSignup.status != SignupStatus.CANCELLED)
    row = db.session.execute(
        select(LunchDay, LunchSignup).outerjoin(LunchSignup, mine)
        .where(LunchDay.starts_at > now,
               LunchSignup.id.is_not(None) | ((LunchDay.signup_opens_at <= now) & (LunchDay.signup_closes_at > now)))
        .order_by(LunchDay.starts_at, LunchDay.id).limit(1)).first()
    return (row.LunchDay, row.LunchSignup) if row else None


@bp.route("/lunch-days")
@trainee_required
def lunch_days():
    """Upcoming lunch days with the sign-up window and the trainee's place; the ones they attended."""
    trainee = _trainee()
    now = utcnow()
    upcoming = db.session.scalars(select(LunchDay).where(LunchDay.starts_at > now).order_by(LunchDay.starts_at)).all()
    signups = {s.lunch_day_id: s for s in db.session.scalars(
        select(LunchSignup).where(LunchSignup.trainee_id == trainee.id).options(selectinload(LunchSignup.lunch_day)))}
    attended = sorted((s for s in signups.values()
                       if s.status == SignupStatus.SEATED and s.lunch_day.starts_at <= now),
                      key=lambda s: s.lunch_day.starts_at, reverse=True)
    positions = {s.id: lunchdays.waitlist_position(s) for s in signups.values()
                 if s.status == SignupStatus.WAITLISTED}
    return render("me/lunchdays/index.html", upcoming=upcoming, signups=signups, attended=attended,
                  positions=positions, window_state=window_state)


@bp.route("/lunch-days/<int:lunch_day_id>")
@trainee_required
def lunch_day(lunch_day_id):
    """One lunch day: sign up, rank the companies, see the place, the waitlist position or the tables."""
    return _page(db.get_or_404(LunchDay, lunch_day_id))


@bp.route("/lunch-days/<int:lunch_day_id>/signup", methods=["POST"])
@trainee_required
def lunch_signup(lunch_day_id):
    """Take a place, or the next spot on the waitlist; a second click lands on the sign-up already made."""
    lunch_day = db.get_or_404(LunchDay, lunch_day_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    here = url_for("me.lunch_day", lunch_day_id=lunch_day_id)
    try:
        signup = lunchdays.sign_up(lunch_day, _trainee())
        db.session.commit()
    except lunchdays.LunchRefused as refused:
        db.session.rollback()
        if refused.reason == "twice":
            flash(REFUSALS["twice"](), "info")
            return see_other(here)
        flash(REFUSALS.get(refused.reason, REFUSALS["closed"])(), "warning")
        return _page(lunch_day, status=409)
    except IntegrityError:
        # Two clicks that raced past each other: the unique constraint kept the first sign-up.
        db.session.rollback()
        flash(REFUSALS["twice"](), "info")
        return see_other(here)
    if signup.status == SignupStatus.SEATED:
        flash(_("Your place is confirmed."), "success")
    else:
        flash(_("The lunch day is full: you are number %(position)s on the waiting list.",
                position=lunchdays.waitlist_position(signup)), "info")
    return see_other(here)


@bp.route("/lunch-days/<int:lunch_day_id>/preferences", methods=["POST"])
@trainee_required
def lunch_preferences(lunch_day_id):
    """Rank up to ten companies attending; a company not at the event or chosen twice is refused beside its field."""
    lunch_day = db.get_or_404(LunchDay, lunch_day_id)
    signup = _signup(lunch_day, _trainee())
    if signup is None or signup.status == SignupStatus.CANCELLED:
        flash(REFUSALS["not_signed_up"](), "warning")
        return _page(lunch_day, status=409)
    tables = _tables(lunch_day)
    form = PreferencesForm(tables=tables)
    if not form.validate_on_submit():
        return _page(lunch_day, status=422, preferences_form=form)
    table_ids, chosen, invalid = {t.id for t in tables}, [], False
    for field in form.choice_fields():
        value = (field.data or "").strip()
        if not value:
            continue
        lunch_company_id = int(value) if value.isdigit() else None
        if lunch_company_id not in table_ids:
            field.errors = [REFUSALS["not_attending"]()]
            invalid = True
        elif lunch_company_id in chosen:
            field.errors = [REFUSALS["repeated"]()]
            invalid = True
        else:
            chosen.append(lunch_company_id)
    if not invalid:
        try:
            lunchdays.set_preferences(signup, chosen)
            db.session.commit()
        except lunchdays.LunchRefused as refused:
            db.session.rollback()
            form.choice_1.errors = [REFUSALS.get(refused.reason, REFUSALS["closed"])()]
            invalid = True
    if invalid:
        return _page(lunch_day, status=422, preferences_form=form)
    flash(_("Your ranking is saved.") if chosen else _("Your ranking is cleared."), "success")
    return see_other(url_for("me.lunch_day", lunch_day_id=lunch_day_id) + "#ranking")


@bp.route("/lunch-days/<int:lunch_day_id>/cancel", methods=["POST"])
@trainee_required
def lunch_cancel(lunch_day_id):
    """Give up the place or leave the waitlist, after a confirmation step; the first on the waitlist moves up."""
    lunch_day = db.get_or_404(LunchDay, lunch_day_id)
    signup = _signup(lunch_day, _trainee())
    form = ConfirmForm()
    here = url_for("me.lunch_day", lunch_day_id=lunch_day_id)
    if signup is None or signup.status == SignupStatus.CANCELLED:
        flash(REFUSALS["not_signed_up"](), "info")
        return see_other(here)
    if not form.validate_on_submit():
        abort(400)
    if form.confirmed.data != "yes":
        return _page(lunch_day, confirm_cancel=True)
    try:
        lunchdays.cancel(signup)
        db.session.commit()
    except lunchdays.LunchRefused as refused:
        db.session.rollback()
        flash(REFUSALS.get(refused.reason, REFUSALS["cancelled"])(), "warning")
        return _page(lunch_day, status=409)
    flash(_("Your sign-up is cancelled."), "success")
    return see_other(here)


@bp.route("/lunch-signups/<int:signup_id>/calendar.ics")
@trainee_required
def lunch_calendar(signup_id):
    """The lunch day, and once the plan is published the trainee's table in each round, as a calendar file."""
    signup = db.session.get(LunchSignup, signup_id)
    if signup is None or signup.trainee_id != _trainee().id or signup.status == SignupStatus.CANCELLED:
        abort(404)
    return calendar_response(signup.lunch_day, f"lunch-day-{signup.lunch_day_id}.ics",
                             signup=signup if signup.status == SignupStatus.SEATED else None)
