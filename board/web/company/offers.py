"""The company's offer (합격 통보): the terms, a confirmation step, and withdrawing an unanswered offer."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from board.domain import offers, retention
from board.web.committee.hire_forms import CheckForm
from board.web.company import bp
from board.web.company.applications import company_application
from board.web.company.offer_forms import OfferForm, WithdrawOfferForm
from board.platform.extensions import db
from board.web.forms import int_or_none
from board.models import Stage
from board.web.security import approved_company_required
from board.platform.templating import render, see_other


@bp.app_context_processor
def _offer_helpers():
    """Templates of every area read an application's offer and whether its answer is overdue through these."""
    return {"current_offer": offers.current_offer, "offer_overdue": offers.is_overdue,
            "withdraw_offer_form": lambda: WithdrawOfferForm(formdata=None), "employment_checks": retention.checks_of,
            "company_check_form": lambda months: CheckForm(formdata=None, prefix=f"m{months}-")}


def _back(application):
    return see_other(url_for("company.application", application_id=application.id) + "#offer")


def offer_form_page(application, form, status=200, confirming=False):
    """The offer form, or its confirmation step, for the company's or the committee's screen."""
    if not confirming:
        # The form itself never carries the confirmation: sending it again shows the terms once more.
        form.confirmed.data = ""
    return render("company/offer.html", application=application, form=form, status=status, confirming=confirming,
                  interview_ahead=offers.interview_ahead(application))


@bp.route("/applications/<int:application_id>/offer", methods=["GET", "POST"])
@approved_company_required
def make_offer(application_id):
    """합격: enter the terms, see them once more, then make the offer; the trainee answers on the board."""
    application = company_application(application_id)
    if application.stage != Stage.INTERVIEW:
        flash(_("An offer can be made only at the interview stage."), "warning")
        return _back(application)
    opening = application.opening
    form = OfferForm(data={"position": opening.title, "employment_type": opening.employment_type.value,
                           "workplace": opening.workplace, "version": application.version})
    if not form.validate_on_submit():
        return offer_form_page(application, form, status=422 if form.is_submitted() else 200)
    if request.form.get("edit"):
        return offer_form_page(application, form)
    if form.confirmed.data != "1":
        return offer_form_page(application, form, confirming=True)
    try:
        offers.make_offer(application, current_user._get_current_object(), form.terms(),
                          interview_took_place=form.interview_took_place.data,
                          expected_version=int_or_none(form.version.data) or -1)
        db.session.commit()
    except offers.OfferRefused as refused:
        db.session.rollback()
        form.show_errors(refused.errors)
        flash(str(refused.message), "warning")
        return offer_form_page(application, form, status=422)
    flash(_("The offer is sent to %(name)s, who answers on the board.", name=application.trainee.user.name), "success")
    return _back(application)


@bp.route("/applications/<int:application_id>/offer/withdraw", methods=["POST"])
@approved_company_required
def withdraw_offer(application_id):
    """Take back an offer the trainee has not answered, with a reason they read; the application returns to 면접."""
    application = company_application(application_id)
    offer = offers.current_offer(application)
    form = WithdrawOfferForm()
    if offer is None or not form.validate_on_submit():
        flash(_("Write a reason; the trainee reads it."), "warning")
        return _back(application)
    try:
        offers.withdraw_offer(offer, current_user._get_current_object(), form.reason.data)
        db.session.commit()
    except offers.OfferRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "warning")
        return _back(application)
    flash(_("The offer is withdrawn."), "success")
    return _back(application)


@bp.route("/applications/<int:application_id>/checks/<int:months>", methods=["POST"])
@approved_company_required
def confirm_employment(application_id, months):
    """고용 유지 확인 from the company's side: the hire is still employed (or has left) at 3 or 6 months."""
    application = company_application(application_id)
    offer = offers.current_offer(application)
    form = CheckForm(prefix=f"m{months}-")
    if offer is None or not form.validate_on_submit():
        flash(_("The check was not recorded. Check the marked fields."), "warning")
        return _back(application)
    try:
        retention.record_check(offer, months, form.chosen_status, form.checked_on.data,
                               current_user._get_current_object(), note=form.note.data, by_company=True)
        db.session.commit()
    except retention.CheckRefused as refused:
        db.session.rollback()
        flash(" ".join([str(refused.message), *map(str, refused.errors.values())]), "warning")
        return _back(application)
    flash(_("The %(months)s-month check is recorded.", months=months), "success")
    return _back(application)
