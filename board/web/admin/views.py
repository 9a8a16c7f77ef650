"""Views of the administration area."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from board.web.admin import bp
from board.web.admin.forms import StaffAccountForm
from board.platform.extensions import db
from board.models import Role, User
from board.models.accounts import create_account, set_active
from board.platform.templating import render, see_other
from board.web.security import admin_required


@bp.route("/")
@admin_required
def index():
    """All accounts, searchable by name or email and filtered by role, 20 a page."""
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(User.email.like(pattern, escape="\\"), User.name.like(pattern, escape="\\")))
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("admin/index.html", page=page, q=q, role=role, roles=list(Role), block="results")


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    """Create a committee member's or administrator's account."""
    form = StaffAccountForm()
    if form.validate_on_submit():
        user = create_account(form.email.data, form.name.data, Role(form.role.data), form.password.data)
        db.session.commit()
        flash(_("The account for %(name)s is created.", name=user.name), "success")
        return see_other(url_for("admin.index"))
    status = 422 if form.is_submitted() else 200
    return render("admin/user_new.html", form=form, block="form", status=status)


@bp.route("/users/<int:user_id>/active", methods=["GET", "POST"])
@admin_required
def user_active(user_id):
    """Deactivate or reactivate an account, after a confirmation page."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "warning")
        return see_other(url_for("admin.index"))
    if request.method == "POST":
        set_active(user, not user.active)
        db.session.commit()
        message = _("%(name)s can sign in again.", name=user.name) if user.active else _("%(name)s is deactivated and signed out.", name=user.name)
        flash(message, "success")
        return see_other(url_for("admin.index"))
    return render("admin/user_active.html", user=user)
