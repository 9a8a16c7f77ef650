"""A trainee from the roster joins the board: the invitation link lets them choose a password once."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from board.web.accounts import bp, signed_in_home
from board.web.forms import new_password_fields
from board.domain.roster import find_account_invitation, use_invitation
from board.web.security import end_session, home_for, start_session
from board.platform.templating import render


class WelcomeForm(FlaskForm):
    password, confirm = new_password_fields()


def _spent():
    flash(_("This link has expired or has already been used. Ask the employment committee to send you a new one."), "warning")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def welcome(token):
    """Choose a password through a roster invitation; the trainee is then signed in."""
    invitation = find_account_invitation(token)
    if invitation is None:
        return _spent()
    form = WelcomeForm()
    if form.validate_on_submit():
        user = invitation.user
        # Hash before the first write: the invitation's UPDATE starts the write transaction.
        user.set_password(form.password.data)
        if not use_invitation(invitation):
            return _spent()
        # Whoever was signed in on this browser is not the person the link was sent to; the page
        # said so, and only this accepting POST ends their session (opening the link does not).
        end_session()
        start_session(user)
        flash(_("Welcome, %(name)s. Your password is set and you are signed in.", name=user.name), "success")
        return redirect(url_for(home_for(user)), code=303)
    return render("accounts/welcome.html", form=form, user=invitation.user, signed_in_home=signed_in_home(),
                  status=422 if form.is_submitted() else 200)
