"""The committee's offers and hires: open offers (overdue first), acceptances made off the board, reverted
hires, and the employment checks (고용 유지 확인) that are due."""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from board.domain import offers, retention
from board.web.committee import bp
from board.web.committee.hire_forms import CheckForm, RecordHireForm, RevertHireForm
from board.platform.database import unit_of_work
from board.platform.extensions import db
from board.models import Application, Offer, OfferState, Opening, Stage, Trainee
from board.models.types import board_today
from board.web.security import committee_required
from board.platform.templating import render, see_other

OPEN_OFFERS_SHOWN = 200
RECENT_HIRES_SHOWN = 50


def _check_form(offer_id, months, posted=False):
    """A check form whose fields are named after their offer and milestone: many forms, one page, unique ids."""
    prefix = f"c{offer_id}m{months}-"
    return CheckForm(prefix=prefix) if posted else CheckForm(formdata=None, prefix=prefix)


def _page(status=200, **context):
    waiting = db.session.scalars(select(Offer).where(Offer.state == OfferState.OFFERED).options(*_offer_options())
                                 .order_by(Offer.answer_by, Offer.id).limit(OPEN_OFFERS_SHOWN)).all()
    hires = db.session.scalars(
        select(Offer).join(Application, Application.id == Offer.application_id)
        .where(Offer.state == OfferState.ACCEPTED, Application.stage == Stage.HIRED).options(*_offer_options())
        .order_by(Offer.answered_at.desc(), Offer.id.desc()).limit(RECENT_HIRES_SHOWN)).all()
    return render("committee/offers.html", waiting=waiting, hires=hires, today=board_today(),
                  due=retention.due_checks(), is_overdue=offers.is_overdue, new_check_form=_check_form,
                  status=status, **context)


def _offer_options():
    return [joinedload(Offer.application).joinedload(Application.trainee).joinedload(Trainee.user),
            joinedload(Offer.application).joinedload(Application.opening).joinedload(Opening.company)]


@bp.route("/offers")
@committee_required
def offers_index():
    """Offers waiting for an answer (those past their answer-by date first) and the employment checks due."""
    return _page()


def _application(application_id):
    application = db.session.get(Application, application_id, options=[
        joinedload(Application.trainee).joinedload(Trainee.user),
        joinedload(Application.opening).joinedload(Opening.company)])
    if application is None:
        abort(404)
    return application


@bp.route("/applications/<int:application_id>/hire", methods=["GET", "POST"])
@committee_required
def record_hire(application_id):
    """Record an acceptance made off the board (by phone, in person) with how it was made; audited."""
    application = _application(application_id)
    offer = offers.current_offer(application)
    if offer is None or offer.state != OfferState.OFFERED or application.stage != Stage.OFFER:
        flash(_("Only an offer waiting for its answer can be recorded as accepted."), "warning")
        return see_other(url_for("committee.offers_index"))
    form = RecordHireForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                offers.record_hire(offer, current_user._get_current_object(), form.reason.data)
        except offers.OfferRefused as refused:
            flash(str(refused.message), "warning")
            return see_other(url_for("committee.offers_index"))
        flash(_("%(name)s is hired by %(company)s.", name=application.trainee.user.name,
                company=application.opening.company.name), "success")
        return see_other(url_for("committee.offers_index"))
    return render("committee/hire.html", application=application, offer=offer, form=form, reverting=False,
                  status=422 if form.is_submitted() else 200)


@bp.route("/applications/<int:application_id>/revert-hire", methods=["GET", "POST"])
@committee_required
def revert_hire(application_id):
    """Revert a mistaken hire with a reason: back to the open offer, the outcome it made removed; audited."""
    application = _application(application_id)
    if application.stage != Stage.HIRED:
        flash(_("Only a hire can be reverted."), "warning")
        return see_other(url_for("committee.offers_index"))
    form = RevertHireForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                offers.revert_hire(application, current_user._get_current_object(), form.reason.data)
        except offers.OfferRefused as refused:
            flash(str(refused.message), "warning")
            return see_other(url_for("committee.offers_index"))
        flash(_("The hire of %(name)s is reverted; the outcome is corrected.", name=application.trainee.user.name),
              "success")
        return see_other(url_for("committee.offers_index"))
    return render("committee/hire.html", application=application, offer=offers.current_offer(application), form=form,
                  reverting=True, status=422 if form.is_submitted() else 200)


@bp.route("/offers/<int:offer_id>/checks/<int:months>", methods=["POST"])
@committee_required
def record_check(offer_id, months):
    """Record what was found at the 3- or 6-month employment check."""
    offer = db.get_or_404(Offer, offer_id)
    form = _check_form(offer.id, months, posted=True)
    if form.validate_on_submit():
        try:
            retention.record_check(offer, months, form.chosen_status, form.checked_on.data,
                                   current_user._get_current_object(), note=form.note.data)
            db.session.commit()
            flash(_("The %(months)s-month check is recorded.", months=months), "success")
            return see_other(url_for("committee.offers_index") + "#checks")
        except retention.CheckRefused as refused:
            db.session.rollback()
            form.show_errors(refused.errors)
            flash(str(refused.message), "warning")
    else:
        flash(_("The check was not recorded. Check the marked fields."), "warning")
    return _page(status=422, check_form=form, failed=(offer.id, months))
