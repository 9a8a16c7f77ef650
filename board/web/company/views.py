"""Views of the company workspace: its home, profile, registration and members."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from board.domain import companies
from board.web.company import bp
from board.web.company.forms import InviteForm, ProfileForm, RegistrationForm
from board.web.company.lunchdays import upcoming_invitations
from board.platform.database import unit_of_work
from board.platform.extensions import db, limiter
from board.platform.i18n import BOARD_NAME
from board.domain.mail import external_url, render_mail, send_mail
from board.models import CompanyInvitation, CompanyStatus
from board.models.accounts import set_active
from board.models.companies import invite_colleague
from board.models.types import utcnow
from board.web.security import approved_company_required, company_required, end_session
from board.domain.signup import existing_account, tell_invited_account
from board.platform.templating import render, see_other


def _home(invite_form=None, status=200):
    company = current_user.company
    invitations = db.session.scalars(select(CompanyInvitation).where(
        CompanyInvitation.company_id == company.id, CompanyInvitation.accepted_at.is_(None),
        CompanyInvitation.expires_at > utcnow()).order_by(CompanyInvitation.created_at.desc())).all()
    # Lunch-day pages are for approved companies only, so only they hear about invitations.
    lunch_invitations = upcoming_invitations(company.id) if company.is_approved else []
    return render("company/index.html", company=company, invitations=invitations, lunch_invitations=lunch_invitations,
                  invite_form=invite_form or InviteForm(), status=status)


@bp.route("/")
@company_required
def index():
    """The company's home: its standing with the committee, its members and what comes next."""
    return _home()


@bp.route("/profile", methods=["GET", "POST"])
@company_required
def profile():
    """Edit the company profile that trainees see; a company awaiting approval writes it for the committee first."""
    company = current_user.company
    if not company.may_edit_profile:
        flash(_("Your company can do this once the committee has approved it."), "warning")
        return see_other(url_for("company.index"))
    form = ProfileForm(obj=company)
    if form.validate_on_submit():
        company.description = form.description.data or ""
        company.website = form.website.data or ""
        db.session.commit()
        flash(_("The company profile is saved."), "success")
        return see_other(url_for("company.index"))
    status = 422 if form.is_submitted() else 200
    return render("company/profile.html", form=form, company=company, block="form", status=status)


@bp.route("/registration", methods=["GET", "POST"])
@company_required
def registration():
    """Correct a returned registration and ask the committee again."""
    company = current_user.company
    if company.status != CompanyStatus.RETURNED:
        flash(_("Your registration is not waiting for corrections."), "info")
        return see_other(url_for("company.index"))
    form = RegistrationForm(company_id=company.id, data={"company_name": company.name,
                                                          "registration_number": company.registration_number_display})
    if form.validate_on_submit():
        try:
            with unit_of_work():
                companies.resubmit(company, current_user._get_current_object(), form.company_name.data,
                                   "".join(c for c in form.registration_number.data if c.isdigit()))
        except companies.CompanyRefused:
            flash(_("Your registration is not waiting for corrections."), "info")
            return see_other(url_for("company.index"))
        flash(_("Sent to the committee again. You will see the decision here."), "success")
        return see_other(url_for("company.index"))
    return render("company/registration.html", form=form, company=company, status=422 if form.is_submitted() else 200)


@bp.route("/members/invite", methods=["POST"])
@approved_company_required
@limiter.limit("30 per hour", methods=["POST"])
def invite():
    """Invite a colleague by an emailed link that works once, for seven days."""
    form = InviteForm()
    if not form.validate_on_submit():
        return _home(form, status=422)
    inviter = current_user._get_current_object()
    # The invitation is kept (and listed) either way, so the page does not tell whether the email has an
    # account; an existing account's owner gets a notice instead of a link that could not work.
    token = invite_colleague(current_user.company, form.email.data, inviter)
    account = existing_account(form.email.data)
    if account is not None:
        tell_invited_account(account, inviter, current_user.company)
    else:
        subject = _("%(name)s invites you to the academy's recruiting board", name=current_user.name)
        text, html = render_mail("invitation", subject=subject, board_name=BOARD_NAME, inviter=current_user.name,
                                 company=current_user.company.name,
                                 link=external_url("accounts.accept_invitation", token=token))
        send_mail(form.email.data, subject, text, html=html)
    db.session.commit()  # the invitation and its message together
    flash(_("An invitation is on its way to %(email)s.", email=form.email.data), "success")
    return see_other(url_for("company.index"))


@bp.route("/members/leave", methods=["GET", "POST"])
@company_required
def leave():
    """Leave the company (after a confirmation page); the last member cannot."""
    company = current_user.company
    if len(company.active_members) <= 1:
        flash(_("You are the company's last member. Invite a colleague before you leave."), "warning")
        return see_other(url_for("company.index"))
    if request.method == "GET":
        return render("company/leave.html", company=company)
    user = current_user._get_current_object()
    set_active(user, False)
    db.session.commit()
    end_session()
    flash(_("You have left %(company)s. Your account is closed.", company=company.name), "info")
    return see_other(url_for("public.index"))
