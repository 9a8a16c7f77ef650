"""Views of the company workspace."""
from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from board.company import bp
from board.company.forms import ProfileForm
from board.extensions import db
from board.security import approved_company_required, company_required
from board.templating import render, see_other


@bp.route("/")
@company_required
def index():
    """The company's home: its standing with the committee, its members and what comes next."""
    return render("company/index.html", company=current_user.company)


@bp.route("/profile", methods=["GET", "POST"])
@approved_company_required
def profile():
    """Edit the company profile that trainees see."""
    company = current_user.company
    form = ProfileForm(obj=company)
    if form.validate_on_submit():
        company.description = form.description.data or ""
        company.website = form.website.data or ""
        db.session.commit()
        flash(_("The company profile is saved."), "success")
        return see_other(url_for("company.index"))
    status = 422 if form.is_submitted() else 200
    return render("company/profile.html", form=form, company=company, block="form", status=status)
