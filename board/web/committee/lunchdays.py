"""The committee's recruit lunch days (리쿠르트 런치데이): the event, invitations, sign-ups, the seating plan and check-in.

Views stay thin: the rules live in board/domain/lunchdays.py and board/domain/seating.py, and these
functions read a form, call them, commit and render.
"""
from datetime import datetime, time

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from board.domain import lunchdays
from board.web.committee import bp
from board.web.committee.lunchday_forms import CheckInForm, InviteForm, LunchDayForm, MoveSeatForm, from_seoul, seoul
from board.platform.database import unit_of_work
from board.platform.extensions import db
from board.domain.lunchdays import LunchRefused
from board.models import (
    Agreement, Attendance, Company, CompanyStatus, FollowUpDecision, LunchCompany, LunchDay, LunchFollowUp, LunchRound, LunchSeat, LunchSignup, SignupStatus, Stage, Trainee, User,
)
from board.models.audit import audit
from board.models.types import board_today, utcnow
from board.web.security import committee_required
from board.platform.templating import render, see_other, wants_fragment

# An application in these stages has not reached the company yet: a lunch follow-up could not move it.
WITH_COMMITTEE = (Stage.SUBMITTED, Stage.NEEDS_CHANGES, Stage.COMMITTEE_REVIEW)

REFUSALS = {
    "full": _l("That table is full in this round."),
    "repeat": _l("The trainee already meets this company in another round."),
    "not_seated": _l("Only trainees with a confirmed place can be seated or checked in."),
    "not_attending": _l("That company does not host a table at this lunch day."),
    "no_plan": _l("Generate a seating plan first."),
    "violations": _l("The plan still breaks the rules listed below. Fix them, then publish."),
    "published": _l("The plan is already published."),
    "no_tables": _l("No company has confirmed a table yet."),
    "no_trainees": _l("No trainee holds a place yet."),
    "round": _l("That round belongs to another lunch day."),
    "check_in_not_yet": _l("Check-in has not opened yet: it opens an hour before the lunch day starts."),
    "check_in_closed": _l("Check-in for this lunch day has closed."),
}

def _lunch_day(lunch_day_id):
    """The lunch day or 404, with its rounds."""
    return db.get_or_404(LunchDay, lunch_day_id, options=[selectinload(LunchDay.rounds)])


def refusal(reason):
    return REFUSALS.get(reason) or _("This is not possible now (%(reason)s).", reason=reason)


def _violation_lines(violations, names, round_numbers, table_names):
    """Each broken rule in words, with the trainee, round and table it concerns."""
    from board.domain.seating import VIOLATION_LABELS

    lines = []
    for v in violations:
        label = VIOLATION_LABELS.get(str(v)) or _("Rule broken: %(code)s", code=str(v))
        where = [names.get(getattr(v, "signup_id", None)),
                 _("Round %(number)s", number=round_numbers[v.round_id]) if getattr(v, "round_id", None) in round_numbers else None,
                 table_names.get(getattr(v, "lunch_company_id", None))]
        where = [w for w in where if w]
        lines.append(f"{label}: {', '.join(where)}" if where else str(label))
    return lines


# -- the list, creating and editing ---------------------------------------------------------------------

def _count(model, *where):
    return select(func.count(model.id)).where(*where).correlate(LunchDay).scalar_subquery()


def next_lunch_day():
    """The soonest lunch day starting today (Seoul) or later, with its funnel, for the committee's home.

    Returns (lunch_day, funnel) or None; two statements. Today's event stays here all day:
    that is when the check-in link is needed.
    """
    today_starts = from_seoul(datetime.combine(board_today(), time()))
    lunch_day = db.session.scalar(select(LunchDay).where(LunchDay.starts_at >= today_starts)
                                  .order_by(LunchDay.starts_at, LunchDay.id).limit(1))
    return (lunch_day, lunchdays.funnel(lunch_day)) if lunch_day else None


@bp.route("/lunch-days")
@committee_required
def lunch_days():
    """Every lunch day, upcoming first (soonest on top), then past ones (latest on top)."""
    attending = _count(LunchCompany, LunchCompany.lunch_day_id == LunchDay.id, LunchCompany.status == Attendance.CONFIRMED)
    invited = _count(LunchCompany, LunchCompany.lunch_day_id == LunchDay.id)
    seats = lunchdays.seats_per_round_sql(LunchDay.id).correlate(LunchDay)
    signups = _count(LunchSignup, LunchSignup.lunch_day_id == LunchDay.id, LunchSignup.status != SignupStatus.CANCELLED)
    seated = _count(LunchSignup, LunchSignup.lunch_day_id == LunchDay.id, LunchSignup.status == SignupStatus.SEATED)
    rows = db.session.execute(select(LunchDay, attending.label("attending"), invited.label("invited"),
                                     seats.label("table_seats"), signups.label("signups"), seated.label("seated"))
                              .order_by(LunchDay.starts_at, LunchDay.id)).all()
    today = board_today()
    upcoming = [r for r in rows if seoul(r.LunchDay.starts_at).date() >= today]
    past = [r for r in reversed(rows) if seoul(r.LunchDay.starts_at).date() < today]
    return render("committee/lunchdays/index.html", upcoming=upcoming, past=past)


def _store(form, lunch_day):
    """Copy the form into lunch_day; rounds keep their rows (seats point at them) and only their times move."""
    lunch_day.title, lunch_day.venue, lunch_day.description = form.title.data, form.venue.data, form.description.data or ""
    lunch_day.starts_at = form.starts_at
    lunch_day.signup_opens_at, lunch_day.signup_closes_at = form.opens_at, form.closes_at
    lunch_day.capacity = form.capacity.data
    starts = form.round_starts()
    rounds = list(lunch_day.rounds)
    for number, starts_at in enumerate(starts, start=1):
        if number <= len(rounds):
            rounds[number - 1].starts_at, rounds[number - 1].minutes = starts_at, form.minutes.data
        else:
            lunch_day.rounds.append(LunchRound(number=number, starts_at=starts_at, minutes=form.minutes.data))
    for extra in rounds[len(starts):]:
        lunch_day.rounds.remove(extra)


@bp.route("/lunch-days/new", methods=["GET", "POST"])
@committee_required
def new_lunch_day():
    """Plan a lunch day: date, rounds, the sign-up window and how many trainees it seats."""
    form = LunchDayForm()
    if form.validate_on_submit():
        lunch_day = LunchDay(created_by_id=current_user.id)
        _store(form, lunch_day)
        db.session.add(lunch_day)
        db.session.flush()
        audit("lunch.create", lunch_day, title=lunch_day.title, starts_at=lunch_day.starts_at.isoformat())
        db.session.commit()
        flash(_("The lunch day %(title)s is saved. Invite companies next.", title=lunch_day.title), "success")
        return see_other(url_for("committee.lunch_day", lunch_day_id=lunch_day.id))
    return render("committee/lunchdays/form.html", form=form, lunch_day=None, block="form",
                  status=422 if form.is_submitted() else 200)


def _plan_exists(lunch_day):
    return lunch_day.plan_generated_at is not None or db.session.scalar(
        select(exists().where(LunchSeat.round_id.in_(select(LunchRound.id).where(LunchRound.lunch_day_id == lunch_day.id)))))


@bp.route("/lunch-days/<int:lunch_day_id>/edit", methods=["GET", "POST"])
@committee_required
def edit_lunch_day(lunch_day_id):
    """Change a lunch day; never below the places already taken, and the rounds stay while a plan exists."""
    lunch_day = _lunch_day(lunch_day_id)
    form = LunchDayForm()
    form.seated = lunchdays.seated_count(lunch_day)
    form.plan_exists, form.current_rounds = _plan_exists(lunch_day), len(lunch_day.rounds)
    if form.validate_on_submit():
        raised = form.capacity.data > lunch_day.capacity
        # Two steps, one transaction: the edit and the places it frees for the waiting list, or neither.
        with unit_of_work():
            _store(form, lunch_day)
            db.session.flush()
            if raised:
                lunchdays.seat_from_waitlist(lunch_day)
            audit("lunch.edit", lunch_day, starts_at=lunch_day.starts_at.isoformat(), capacity=lunch_day.capacity)
        flash(_("The lunch day %(title)s is saved.", title=lunch_day.title), "success")
        return see_other(url_for("committee.lunch_day", lunch_day_id=lunch_day.id))
    if not form.is_submitted():
        form.fill_from(lunch_day)
    return render("committee/lunchdays/form.html", form=form, lunch_day=lunch_day, block="form",
                  status=422 if form.is_submitted() else 200)


# -- the lunch day's page ----------------------------------------------------------------------------------

def _invitable(lunch_day):
    """(id, name, partner) of approved companies not invited yet, partners first."""
    partner = exists().where(Agreement.company_id == Company.id)
    invited = select(LunchCompany.company_id).where(LunchCompany.lunch_day_id == lunch_day.id)
    return db.session.execute(select(Company.id, Company.name, partner.label("partner"))
                              .where(Company.status == CompanyStatus.APPROVED, Company.id.notin_(invited))
                              .order_by(partner.desc(), Company.name, Company.id)).all()


def _invite_form(lunch_day):
    form = InviteForm()
    choices = _invitable(lunch_day)
    form.companies.choices = [(c.id, c.name + (" · " + _("Partner") if c.partner else "")) for c in choices]
    return form


def _signups(lunch_day, status, q=""):
    """The day's sign-ups in one status (or in any of a tuple of them), by arrival."""
    statuses = status if isinstance(status, tuple) else (status,)
    query = (select(LunchSignup).join(Trainee, Trainee.id == LunchSignup.trainee_id).join(User, User.id == Trainee.user_id)
             .where(LunchSignup.lunch_day_id == lunch_day.id, LunchSignup.status.in_(statuses))
             .options(joinedload(LunchSignup.trainee).joinedload(Trainee.user),
                      joinedload(LunchSignup.trainee).joinedload(Trainee.cohort_class))
             .order_by(LunchSignup.arrival))
    if q:
        query = query.where(User.name.contains(q, autoescape=True))
    return db.session.scalars(query).all()


def _day_page(lunch_day, invite_form=None, status=200):
    invitations = db.session.scalars(
        select(LunchCompany).join(Company, Company.id == LunchCompany.company_id)
        .where(LunchCompany.lunch_day_id == lunch_day.id)
        .options(joinedload(LunchCompany.company).selectinload(Company.agreements))
        .order_by(LunchCompany.status, Company.name)).all()
    follow_ups = db.session.scalars(
        select(LunchFollowUp).join(LunchCompany, LunchCompany.id == LunchFollowUp.lunch_company_id)
        .where(LunchCompany.lunch_day_id == lunch_day.id)
        .options(joinedload(LunchFollowUp.lunch_company).joinedload(LunchCompany.company),
                 joinedload(LunchFollowUp.trainee).joinedload(Trainee.user), joinedload(LunchFollowUp.application))
        .order_by(LunchFollowUp.decided_at.desc())).all()
    # Interviews asked first, those still stuck with the committee on top; the other decisions fold away.
    interviews = sorted((f for f in follow_ups if f.decision == FollowUpDecision.INTERVIEW),
                        key=lambda f: not (f.application and f.application.stage in WITH_COMMITTEE))
    others = [f for f in follow_ups if f.decision != FollowUpDecision.INTERVIEW]
    funnel = lunchdays.funnel(lunch_day)
    seats_per_round = lunchdays.seats_per_round(lunch_day)
    signups = _signups(lunch_day, (SignupStatus.SEATED, SignupStatus.WAITLISTED))
    return render("committee/lunchdays/detail.html", lunch_day=lunch_day, funnel=funnel, invitations=invitations,
                  seats_per_round=seats_per_round, invite_form=invite_form or _invite_form(lunch_day),
                  seated=[s for s in signups if s.status == SignupStatus.SEATED],
                  waitlist=[s for s in signups if s.status == SignupStatus.WAITLISTED],
                  interviews=interviews, other_follow_ups=others, with_committee=WITH_COMMITTEE, Attendance=Attendance,
                  signup_open=lunchdays.signup_is_open(lunch_day), status=status)


@bp.route("/lunch-days/<int:lunch_day_id>")
@committee_required
def lunch_day(lunch_day_id):
    """One lunch day: the funnel, the companies and their tables, sign-ups and the waiting list, follow-ups."""
    return _day_page(_lunch_day(lunch_day_id))


@bp.route("/lunch-days/<int:lunch_day_id>/invite", methods=["POST"])
@committee_required
def invite_to_lunch_day(lunch_day_id):
    """Invite the chosen approved companies; each answers with its seats on its own page."""
    lunch_day = _lunch_day(lunch_day_id)
    form = _invite_form(lunch_day)
    if not form.validate_on_submit():
        return _day_page(lunch_day, invite_form=form, status=422)
    actor = current_user._get_current_object()
    names = []
    for company in db.session.scalars(select(Company).where(Company.id.in_(form.companies.data)).order_by(Company.name)):
        lunchdays.invite(lunch_day, company, actor)
        names.append(company.name)
    db.session.commit()
    flash(_("Invited: %(names)s. Each company answers with its seats on its lunch-day page.",
            names=", ".join(names)), "success")
    return see_other(url_for("committee.lunch_day", lunch_day_id=lunch_day.id) + "#companies")


@bp.route("/lunch-days/<int:lunch_day_id>/calendar.ics")
@committee_required
def lunch_calendar(lunch_day_id):
    """The lunch day as a calendar file, for the committee's own calendar."""
    from board.web.lunch_calendar import calendar_response

    lunch_day = _lunch_day(lunch_day_id)
    return calendar_response(lunch_day, f"lunch-day-{lunch_day.id}.ics")


# -- the seating plan --------------------------------------------------------------------------------------

def _tables(lunch_day):
    return db.session.scalars(lunchdays.confirmed_companies(lunch_day).options(joinedload(LunchCompany.company))).all()


def _move_form(lunch_day, seated, tables):
    form = MoveSeatForm()
    form.signup.choices = [(s.id, s.trainee.user.name) for s in seated]
    form.round.choices = [(r.id, _("Round %(number)s", number=r.number)) for r in lunch_day.rounds]
    form.table.choices = [(0, _("No table"))] + [(t.id, t.company.name) for t in tables]
    return form


def _plan_page(lunch_day, form=None, message=None, status=200, message_at="plan"):
    """The plan page (or, for htmx, its plan block) with the figures, the grid and the per-trainee table."""
    from board.domain import seating

    tables, seated = _tables(lunch_day), _signups(lunch_day, SignupStatus.SEATED)
    round_ids = [r.id for r in lunch_day.rounds]
    seats = db.session.execute(select(LunchSeat.signup_id, LunchSeat.round_id, LunchSeat.lunch_company_id)
                               .where(LunchSeat.round_id.in_(round_ids))).all() if round_ids else []
    by_signup = {s.id: s for s in seated}
    where = {(seat.signup_id, seat.round_id): seat.lunch_company_id for seat in seats}
    grid = {}
    for seat in seats:
        if seat.signup_id in by_signup:
            grid.setdefault((seat.lunch_company_id, seat.round_id), []).append(by_signup[seat.signup_id])
    mutual = seating.mutual_interests(lunch_day)
    has_plan = lunch_day.plan_generated_at is not None or bool(seats)
    table_names = {t.id: t.company.name for t in tables}
    quality = seating.quality(lunch_day) if has_plan else None
    return render("committee/lunchdays/plan.html", block="plan", status=status, lunch_day=lunch_day, tables=tables,
                  seated=seated, grid=grid, where=where, mutual=mutual, quality=quality, has_plan=has_plan,
                  violations=_violation_lines(quality.violations if quality else [], {s.id: s.trainee.user.name for s in seated},
                                              {r.id: r.number for r in lunch_day.rounds}, table_names),
                  table_names=table_names,
                  form=form or _move_form(lunch_day, seated, tables), message=message, message_at=message_at,
                  refused=status == 422)


@bp.route("/lunch-days/<int:lunch_day_id>/plan")
@committee_required
def lunch_plan(lunch_day_id):
    """The seating plan: its quality, the tables round by round, each trainee's tables, and moves by hand."""
    return _plan_page(_lunch_day(lunch_day_id))


@bp.route("/lunch-days/<int:lunch_day_id>/plan/generate", methods=["POST"])
@committee_required
def generate_lunch_plan(lunch_day_id):
    """Seat every trainee with a place by their rankings and the companies' wishes; asks first when a plan exists."""
    from board.domain import seating

    lunch_day = _lunch_day(lunch_day_id)
    if (lunch_day.plan_generated_at or lunch_day.plan_published_at) and request.form.get("confirm") != "yes":
        return render("committee/lunchdays/confirm_generate.html", lunch_day=lunch_day)
    try:
        quality = seating.generate_plan(lunch_day, current_user._get_current_object())
    except LunchRefused as refused:
        db.session.rollback()
        return _plan_page(lunch_day, message=refusal(refused.reason), status=422)
    db.session.commit()
    # unassigned counts trainee-rounds (one trainee missing two rounds counts twice), not trainees.
    flash(_("A new plan is ready: %(unassigned)s times a trainee has no table in a round, and %(empty)s seats "
            "stay empty. Check it, then publish.", unassigned=quality.unassigned, empty=quality.empty_seats), "success")
    return see_other(url_for("committee.lunch_plan", lunch_day_id=lunch_day.id))


@bp.route("/lunch-days/<int:lunch_day_id>/plan/move", methods=["POST"])
@committee_required
def move_lunch_seat(lunch_day_id):
    """Move one trainee to another table in one round (or to none); refusals are shown beside the form."""
    from board.domain import seating

    lunch_day = _lunch_day(lunch_day_id)
    tables, seated = _tables(lunch_day), _signups(lunch_day, SignupStatus.SEATED)
    form = _move_form(lunch_day, seated, tables)
    if not form.validate_on_submit():
        return _plan_page(lunch_day, form=form, status=422)
    signup = db.session.get(LunchSignup, form.signup.data)
    lunch_round = db.session.get(LunchRound, form.round.data)
    table = db.session.get(LunchCompany, form.table.data) if form.table.data else None
    try:
        seating.move_seat(signup, lunch_round, table, current_user._get_current_object())
    except LunchRefused as refused:
        db.session.rollback()
        return _plan_page(_lunch_day(lunch_day_id), form=form, message=refusal(refused.reason), status=422, message_at="move")
    db.session.commit()
    done = _("%(name)s: round %(number)s, %(table)s.", name=signup.trainee.user.name, number=lunch_round.number,
             table=table.company.name if table else _("No table"))
    if wants_fragment():
        return _plan_page(lunch_day, message=done)
    flash(done, "success")
    return see_other(url_for("committee.lunch_plan", lunch_day_id=lunch_day.id))


@bp.route("/lunch-days/<int:lunch_day_id>/plan/publish", methods=["POST"])
@committee_required
def publish_lunch_plan(lunch_day_id):
    """Show trainees and companies their tables; refused while the plan breaks a rule."""
    from board.domain import seating

    lunch_day = _lunch_day(lunch_day_id)
    try:
        seating.publish(lunch_day, current_user._get_current_object())
    except LunchRefused as refused:
        db.session.rollback()
        return _plan_page(_lunch_day(lunch_day_id), message=refusal(refused.reason), status=422)
    db.session.commit()
    flash(_("The plan is published: trainees and companies now see their tables."), "success")
    return see_other(url_for("committee.lunch_plan", lunch_day_id=lunch_day.id))


# -- check-in on the day -------------------------------------------------------------------------------------

def _counts(lunch_day):
    f = lunchdays.funnel(lunch_day)
    started = utcnow() >= lunch_day.starts_at
    return {"checked_in": f["checked_in"], "seated": f["seated"],
            "no_shows": max(f["seated"] - f["checked_in"], 0) if started else None}


def _check_in_window(lunch_day):
    """The page's check-in state ('not_yet', 'open', 'closed') and when the window opens and closes."""
    opens, closes = lunchdays.check_in_window(lunch_day)
    return {"check_in": lunchdays.check_in_state(lunch_day), "check_in_opens": opens, "check_in_closes": closes}


def _first_tables(lunch_day):
    """{signup id: company name} of every trainee's table in round 1."""
    if not lunch_day.rounds:
        return {}
    return dict(db.session.execute(
        select(LunchSeat.signup_id, Company.name).join(LunchCompany, LunchCompany.id == LunchSeat.lunch_company_id)
        .join(Company, Company.id == LunchCompany.company_id).where(LunchSeat.round_id == lunch_day.rounds[0].id)).all())


@bp.route("/lunch-days/<int:lunch_day_id>/check-in")
@committee_required
def lunch_check_in(lunch_day_id):
    """On the day, on a phone: find a trainee by name and check them in with one tap."""
    lunch_day = _lunch_day(lunch_day_id)
    q = (request.args.get("q") or "").strip()[:40]
    # Those still expected come first, by name: they are the ones someone at the door looks for.
    signups = sorted(_signups(lunch_day, SignupStatus.SEATED, q),
                     key=lambda s: (s.checked_in_at is not None, s.trainee.user.name, s.arrival))
    return render("committee/lunchdays/check_in.html", block="list", lunch_day=lunch_day, q=q,
                  signups=signups, tables=_first_tables(lunch_day),
                  counts=_counts(lunch_day), **_check_in_window(lunch_day))


@bp.route("/lunch-days/<int:lunch_day_id>/check-in/<int:signup_id>", methods=["POST"])
@committee_required
def check_in_trainee(lunch_day_id, signup_id):
    """Check one trainee in (or undo it); htmx gets back only that row and the counts."""
    lunch_day = _lunch_day(lunch_day_id)
    signup = db.get_or_404(LunchSignup, signup_id)
    if signup.lunch_day_id != lunch_day.id:
        abort(404)
    form = CheckInForm()
    message, status = None, 200
    if not form.validate():
        # Only a forged request sends something other than 0 or 1: it must not count as a check-in.
        message, status = _("This check-in could not be read. Reload the page and try again."), 422
    else:
        try:
            lunchdays.check_in(signup, current_user._get_current_object(), present=form.present.data != 0)
            db.session.commit()
        except LunchRefused as refused:
            db.session.rollback()
            message, status = refusal(refused.reason), 422
    q = (request.form.get("q") or "").strip()[:40]
    if wants_fragment():
        return render("committee/lunchdays/_check_in_row.html", status=status, signup=signup, lunch_day=lunch_day,
                      q=q, tables=_first_tables(lunch_day), counts=_counts(lunch_day), message=message, oob=True,
                      **_check_in_window(lunch_day))
    if message:
        flash(message, "error")
    return see_other(url_for("committee.lunch_check_in", lunch_day_id=lunch_day.id, q=q or None) + f"#signup-{signup.id}")
