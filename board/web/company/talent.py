"""The talent pool: trainees who agreed to be shown to companies, without contact details; requests to meet them.

A company sees a trainee's email and phone only once the committee approves its request
to meet (or through an application at 서류 검토), and never their gender or region.
"""
from flask import abort, current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from board.web.company import bp
from board.web.company.talent_forms import MeetRequestForm, TalentFilters
from board.platform.extensions import db
from board.domain.matching import MatchRefused, request_meeting
from board.models import Cohort, CohortClass, Decision, MeetRequest, Skill, Trainee, TraineeStatus, User
from board.models.trainees import trainee_skills
from board.web.ownership import own_meet_request
from board.domain.search import _like
from board.web.security import approved_company_required
from board.platform.templating import render, see_other


def talent_query(filters):
    """Consenting trainees (not dropped out) matching valid filters, by cohort, class and name."""
    query = (select(Trainee).join(User, User.id == Trainee.user_id).join(Cohort, Cohort.id == Trainee.cohort_id)
             .outerjoin(CohortClass, CohortClass.id == Trainee.class_id)
             .where(Trainee.visible_to_companies.is_(True), Trainee.status != TraineeStatus.DROPPED)
             .options(selectinload(Trainee.user), selectinload(Trainee.cohort), selectinload(Trainee.cohort_class),
                      selectinload(Trainee.skills))
             .order_by(Cohort.number.desc(), CohortClass.number, User.name, Trainee.id))
    data = filters.data
    if data.get("q"):
        pattern = _like(data["q"].lower())
        query = query.where(or_(func.lower(User.name).like(pattern, escape="\\"),
                                func.lower(Trainee.headline).like(pattern, escape="\\"),
                                func.lower(Trainee.introduction).like(pattern, escape="\\")))
    if data.get("cohort"):
        query = query.where(Cohort.number == int(data["cohort"]))
    if data.get("klass"):
        query = query.where(CohortClass.number == int(data["klass"]))
    for skill in getattr(filters, "skill_rows", []):
        query = query.where(exists().where(trainee_skills.c.trainee_id == Trainee.id,
                                           trainee_skills.c.skill_id == skill.id))
    return query


@bp.route("/talent")
@approved_company_required
def talent_pool():
    """Browse trainees who agreed to be shown: skills, cohort, class, headline and links; 20 a page."""
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.number.desc())).all()
    filters = TalentFilters(request.args, cohorts=cohorts)
    valid = filters.validate()
    query = talent_query(filters) if valid else talent_query(TalentFilters(cohorts=cohorts, formdata=None))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render("company/talent.html", block="results", filters=filters, valid=valid, page=page, args=args,
                  vocabulary=Skill.all_names())


def _visible_trainee(trainee_id):
    """The trainee if they agreed to be shown to companies; 404 otherwise."""
    trainee = db.session.get(Trainee, trainee_id)
    if trainee is None or not trainee.visible_to_companies or trainee.status == TraineeStatus.DROPPED:
        abort(404)
    return trainee


@bp.route("/talent/<int:trainee_id>/meet", methods=["GET", "POST"])
@approved_company_required
def request_meet(trainee_id):
    """Ask the committee to meet a trainee from the pool; it decides as it does on applications."""
    trainee = _visible_trainee(trainee_id)
    pending = db.session.scalar(select(MeetRequest).where(
        MeetRequest.company_id == current_user.company_id, MeetRequest.trainee_id == trainee.id,
        MeetRequest.status == Decision.PENDING))
    form = MeetRequestForm()
    if pending is None and form.validate_on_submit():
        try:
            meet = request_meeting(current_user.company, trainee, current_user._get_current_object(),
                                   form.message.data)
            db.session.commit()
        except MatchRefused:
            db.session.rollback()
            flash(_("Your company already asked to meet this trainee; the committee will decide."), "info")
            return see_other(url_for("company.talent_pool"))
        flash(_("Your request is with the committee. You will see the contact details here once it is approved."),
              "success")
        return see_other(url_for("company.meet_request", request_id=meet.id))
    status = 422 if request.method == "POST" and pending is None else 200
    return render("company/talent_meet.html", trainee=trainee, form=form, pending=pending, status=status)


@bp.route("/meet-requests/<int:request_id>")
@approved_company_required
def meet_request(request_id):
    """One of the company's requests to meet; the trainee's email and phone only once the committee approved it."""
    meet = own_meet_request(request_id)
    return render("company/meet_request.html", meet=meet, trainee=meet.trainee,
                  approved=meet.status == Decision.ACCEPTED)
