"""The trainee's profile and resume upload; downloads live in board/web/public/resumes.py."""
from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from board.domain import resumes
from board.platform.extensions import client_address, db, limiter
from board.web.me import bp
from board.web.me.profile_forms import ProfileForm, ResumeForm
from board.models import Skill
from board.web.security import trainee_required
from board.platform.templating import render, see_other, wants_fragment


def _own_trainee():
    """The signed-in trainee's academy record; an account not yet on the roster has no profile."""
    trainee = current_user.trainee
    if trainee is None:
        abort(404)
    return trainee


def _page(trainee, form=None, resume_form=None, resume=None, block=None, status=200, **extra):
    return render("me/profile.html", trainee=trainee, form=form or ProfileForm.for_trainee(trainee),
                  resume_form=resume_form or ResumeForm(), resume=resume or trainee.resume,
                  skills=Skill.all_names(), block=block, status=status, **extra)


@bp.route("/profile", methods=["GET", "POST"])
@trainee_required
def profile():
    """Edit the profile companies may see, and the region and gender asked only for statistics."""
    trainee = _own_trainee()
    form = ProfileForm.for_trainee(trainee)
    if form.validate_on_submit():
        form.fill(trainee)
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return see_other(url_for("me.profile"))
    return _page(trainee, form=form, block="form", status=422 if form.is_submitted() else 200)


def _upload_key():
    # Per person, not per address: a whole class uploads from the academy's one address.
    return f"resume:{current_user.id}" if current_user.is_authenticated else client_address()


@bp.route("/resume", methods=["POST"])
@trainee_required
@limiter.limit("20 per hour", key_func=_upload_key, methods=["POST"])
def upload_resume():
    """Upload a resume PDF; it becomes the current one, earlier ones stay with the applications that sent them."""
    trainee = _own_trainee()
    form = ResumeForm()
    if not form.validate_on_submit():
        return _page(trainee, resume_form=form, block="resume", status=422)
    resume = resumes.store(trainee, form.checked)
    db.session.commit()
    if wants_fragment():
        return _page(trainee, resume=resume, block="resume", uploaded=True)
    flash(_("Your resume is uploaded."), "success")
    return see_other(url_for("me.profile"))
