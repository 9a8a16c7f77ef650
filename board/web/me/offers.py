"""The trainee's answer to an offer: accept (after a confirmation), decline (with an optional reason), then tidy up."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from board.domain import offers
from board.platform.extensions import db
from board.web.forms import no_markup, plain_text, strip
from board.web.me import bp
from board.web.ownership import current_trainee, own_application
from board.models import OfferState, Stage
from board.domain.lunchdays import LunchRefused
from board.domain.matching import MatchRefused
from board.domain.pipeline import MoveRefused
from board.domain.offers_followup import open_elsewhere, withdraw_elsewhere
from board.web.security import trainee_required
from board.platform.templating import render, see_other


class AcceptForm(FlaskForm):
    """CSRF only: the confirmation page's button."""


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), filters=[strip], render_kw={"rows": 3},
                           description=_l("The company reads it."), validators=[
                               Length(max=500, message=_l("Use at most 500 characters.")), no_markup, plain_text])


class WithdrawOthersForm(FlaskForm):
    """The chosen ids come as checkbox lists (application, signup, proposal), checked against what is open."""


@bp.app_context_processor
def _decline_form():
    return {"decline_offer_form": lambda: DeclineForm(formdata=None)}


def _open_offer(application_id):
    """The trainee's application and its current offer; 404 for another's application or one without an offer."""
    application = own_application(application_id)
    offer = offers.current_offer(application)
    if offer is None:
        abort(404)
    return application, offer


def _ids(name):
    return {int(v) for v in request.form.getlist(name) if v.isdigit() and len(v) < 10}


@bp.route("/applications/<int:application_id>/offer/accept", methods=["GET", "POST"])
@trainee_required
def accept_offer(application_id):
    """Accept the offer after seeing its terms once more; the application becomes 채용 확정."""
    application, offer = _open_offer(application_id)
    form = AcceptForm()
    if not form.validate_on_submit():
        if offer.state != OfferState.OFFERED:
            return see_other(url_for("me.application", application_id=application.id))
        return render("me/offer_accept.html", application=application, offer=offer, form=form,
                      status=422 if form.is_submitted() else 200)
    try:
        offers.accept(offer, current_user._get_current_object())
        db.session.commit()
    except offers.OfferRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "warning")
        return see_other(url_for("me.application", application_id=application.id))
    flash(_("You accepted the offer of %(company)s. Congratulations!", company=application.opening.company.name),
          "success")
    return see_other(url_for("me.after_hire", application_id=application.id))


@bp.route("/applications/<int:application_id>/offer/decline", methods=["POST"])
@trainee_required
def decline_offer(application_id):
    """Decline the offer, with an optional reason the company reads."""
    application, offer = _open_offer(application_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return render("me/application.html", application=application, offer=offer, decline_form=form, status=422)
    try:
        offers.decline(offer, current_user._get_current_object(), form.reason.data)
        db.session.commit()
    except offers.OfferRefused as refused:
        db.session.rollback()
        flash(str(refused.message), "warning")
        return see_other(url_for("me.application", application_id=application.id))
    flash(_("You declined the offer; the company has been told."), "success")
    return see_other(url_for("me.applications"))


@bp.route("/applications/<int:application_id>/after-hire", methods=["GET", "POST"])
@trainee_required
def after_hire(application_id):
    """After accepting: which other applications, lunch-day places and proposals to withdraw (all chosen at first)."""
    application = own_application(application_id)
    if application.stage != Stage.HIRED:
        return see_other(url_for("me.application", application_id=application.id))
    found = open_elsewhere(current_trainee(), application.id)
    form = WithdrawOthersForm()
    if not form.validate_on_submit():
        return render("me/after_hire.html", application=application, found=found, form=form,
                      status=422 if form.is_submitted() else 200)
    try:
        done = withdraw_elsewhere(current_user._get_current_object(), found, _ids("application"), _ids("signup"),
                                  _ids("proposal"), reason=_("Accepted another offer"))
        db.session.commit()
    except (MoveRefused, LunchRefused, MatchRefused):
        # One of them changed meanwhile (a company decided, a lunch day began): nothing is withdrawn.
        db.session.rollback()
        flash(_("Something changed while you were choosing; nothing was withdrawn. Check the list again."), "warning")
        return see_other(url_for("me.after_hire", application_id=application.id))
    if done:
        flash(_("Withdrawn: %(num)s. The companies concerned see it.", num=done), "success")
    return see_other(url_for("me.applications"))
