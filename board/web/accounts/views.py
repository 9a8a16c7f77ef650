"""Views for signing in and out, passwords and company sign-up."""
from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from board.domain import signup
from board.web.accounts import bp, signed_in_home
from board.web.accounts.attempts import count_attempt, password_matches
from board.web.accounts.forms import (
    AcceptInvitationForm, CompanySignupForm, CompleteSignupForm, LoginForm, PasswordChangeForm, ResetForm, ResetRequestForm,
)
from board.web.accounts.tokens import make_reset_token, user_for_reset_token
from board.platform.database import before_slow_work
from board.platform.extensions import client_address, db, limiter
from board.platform.i18n import BOARD_NAME
from board.domain.mail import external_url, render_mail, send_mail
from board.models import Role, User
from board.models.accounts import create_account, email_taken, normalise_email
from board.models.companies import find_invitation
from board.models.types import utcnow
from board.web.security import end_session, home_for, restart_sessions, safe_next, start_session
from board.platform.templating import render, see_other

INVALID_STATUS = 422


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for(home_for(current_user)), code=303)
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        # Counted before the password is checked, so parallel guesses cannot all pass (board/web/accounts/attempts.py).
        attempt = count_attempt(email)
        if attempt is None:
            abort(429)
        user = db.session.scalar(select(User).where(User.email == email))
        before_slow_work()  # the password check below takes ~0.2 s: no transaction, no lock, meanwhile
        if password_matches(user, form.password.data):
            start_session(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            target = form.next.data if form.next.data else url_for(home_for(user))
            return attempt.succeeded(redirect(safe_next(target), code=303))
        # One message for an unknown email, a wrong password and a deactivated account.
        form.password.errors.append(_("The email or password is not correct."))
        return render("accounts/login.html", form=form, status=401)
    status = INVALID_STATUS if form.is_submitted() else 200
    return render("accounts/login.html", form=form, status=status)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out; the session is ended on the server too (CSRF-checked like every POST)."""
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.index"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password_change():
    """Change one's own password; every other session of the account ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("The current password is not correct."))
        else:
            user = current_user._get_current_object()
            user.set_password(form.password.data)
            restart_sessions(user)
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for(home_for(user)), code=303)
    status = INVALID_STATUS if form.is_submitted() else 200
    return render("accounts/password_change.html", form=form, status=status)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit("10 per hour", key_func=client_address, methods=["POST"])
def reset_request():
    """Ask for a password-reset link by email."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == normalise_email(form.email.data)))
        if user is not None and user.is_active:
            subject = _("Reset your password")
            text, html = render_mail("password_reset", subject=subject, board_name=BOARD_NAME,
                                     link=external_url("accounts.reset", token=make_reset_token(user)))
            send_mail(user.email, subject, text, html=html)
            db.session.commit()  # the message is in the outbox; a consumer sends it
        # The same answer whether or not the account exists.
        flash(_("If an account exists for that email, a link to reset the password is on its way."), "info")
        return redirect(url_for("accounts.login"), code=303)
    status = INVALID_STATUS if form.is_submitted() else 200
    return render("accounts/reset_request.html", form=form, status=status)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset(token):
    """Choose a new password through a reset link; the link works once."""
    user = user_for_reset_token(token)
    if user is None:
        flash(_("This link has expired or has already been used. Ask for a new one."), "warning")
        return redirect(url_for("accounts.reset_request"), code=303)
    form = ResetForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        restart_sessions(user)
        flash(_("Your new password is set and you are signed in."), "success")
        return redirect(url_for(home_for(user)), code=303)
    status = INVALID_STATUS if form.is_submitted() else 200
    return render("accounts/reset.html", form=form, status=status)


@bp.route("/signup/company", methods=["GET", "POST"])
@limiter.limit("20 per hour", key_func=client_address, methods=["POST"])
def signup_company():
    """Register a company: a link to finish goes by mail; the answer never says who is registered."""
    if current_user.is_authenticated:
        return redirect(url_for(home_for(current_user)), code=303)
    form = CompanySignupForm()
    if form.validate_on_submit():
        signup.request_signup(form.company_name.data, form.registration_number.data, form.name.data, form.email.data,
                              lambda token: external_url("accounts.finish_signup", token=token))
        db.session.commit()  # nothing but the messages in the outbox
        # The same answer for a new company, a registered number and an email with an account.
        flash(_("We sent a message to %(email)s. Open the link in it to finish registering your company.",
                email=form.email.data), "info")
        return see_other(url_for("public.index"))
    status = INVALID_STATUS if form.is_submitted() else 200
    return render("accounts/signup_company.html", form=form, block="form", status=status)


@bp.route("/signup/company/<token>", methods=["GET", "POST"])
def finish_signup(token):
    """The emailed sign-up link: choose a password; the company and its first member are created together."""
    pending = signup.signup_for_token(token)
    if pending is None or signup.is_spent(pending):
        flash(_("This link has expired or has already been used. Sign in, or register again."), "warning")
        return redirect(url_for("accounts.login"), code=303)
    form = CompleteSignupForm()
    if form.validate_on_submit():
        try:
            user = signup.complete_signup(pending, form.password.data)
        except signup.SignupRefused as refused:
            # Told only to whoever holds the link, that is the mailbox's owner.
            if refused.reason == "email":
                flash(_("This link has expired or has already been used. Sign in, or register again."), "warning")
                return redirect(url_for("accounts.login"), code=303)
            form.password.errors.append(_("This company was registered a moment ago. Ask a colleague to invite you."))
            return render("accounts/signup_finish.html", form=form, pending=pending, signed_in_home=signed_in_home(),
                          status=409)
        end_session()  # whoever was signed in on this browser chose, on the page, to leave for the new account
        start_session(user)
        flash(_("Your company is registered. The committee will review it; until then you can look around."), "success")
        return redirect(url_for("company.index"), code=303)
    return render("accounts/signup_finish.html", form=form, pending=pending, signed_in_home=signed_in_home(),
                  status=INVALID_STATUS if form.is_submitted() else 200)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    """Join a company through a colleague's invitation: choose a name and password."""
    invitation = find_invitation(token)
    if invitation is None:
        flash(_("This invitation has expired or has already been used. Ask your colleague for a new one."), "warning")
        return redirect(url_for("public.index"), code=303)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        if email_taken(invitation.email):
            flash(_("An account with this email already exists. Sign in instead."), "warning")
            return redirect(url_for("accounts.login"), code=303)
        user = create_account(invitation.email, form.name.data, Role.COMPANY, form.password.data, invitation.company)
        invitation.accepted_at = utcnow()
        db.session.flush()
        # Whoever was signed in on this browser chose, on the page, to leave for the new account.
        end_session()
        start_session(user)
        flash(_("Welcome to %(company)s on the board.", company=invitation.company.name), "success")
        return redirect(url_for("company.index"), code=303)
    return render("accounts/invitation.html", form=form, invitation=invitation, signed_in_home=signed_in_home(),
                  status=INVALID_STATUS if form.is_submitted() else 200)
