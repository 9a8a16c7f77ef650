"""The committee's work on companies: approval, return, suspension, agreements."""
from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from board.domain import companies as companies_domain
from board.web.committee import bp
from board.web.committee.forms import AgreementForm, ApproveCompanyForm, ReasonForm, ReviewEditsForm
from board.platform.extensions import db
from board.models import Agreement, Application, AuditEntry, Company, CompanyKind, CompanyStatus, Opening, Stage, StageChange
from board.models.audit import audit
from board.web.security import committee_required
from board.platform.templating import render, see_other


@bp.route("/companies")
@committee_required
def companies():
    """Companies by status; the pending ones, oldest first, are the approval queue."""
    status = request.args.get("status", CompanyStatus.PENDING.value)
    if status not in {s.value for s in CompanyStatus}:
        status = CompanyStatus.PENDING.value
    query = (select(Company).where(Company.status == CompanyStatus(status))
             .options(selectinload(Company.members), selectinload(Company.agreements)))
    query = query.order_by(Company.created_at, Company.id) if status == "pending" else query.order_by(Company.name)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(select(Company.status, func.count()).group_by(Company.status)).all())
    return render("committee/companies.html", page=page, state=status, counts=counts, statuses=list(CompanyStatus))


def _company_page(found, status=200, **forms):
    """The company's page for the committee; a form that failed validation is passed in to show its messages."""
    agreement = found.agreements[-1] if found.agreements else None
    deeds = {"openings": db.session.scalar(select(func.count()).select_from(Opening).where(
        Opening.company_id == found.id, Opening.published_at.is_not(None)))}
    # Interviews and hires: applications to the company's openings that ever reached the stage.
    reached = dict(db.session.execute(
        select(StageChange.to_stage, func.count(func.distinct(StageChange.application_id)))
        .join(Application, Application.id == StageChange.application_id).join(Opening, Opening.id == Application.opening_id)
        .where(Opening.company_id == found.id, StageChange.to_stage.in_([Stage.INTERVIEW, Stage.HIRED]))
        .group_by(StageChange.to_stage)).all())
    deeds["interviews"], deeds["hires"] = reached.get(Stage.INTERVIEW, 0), reached.get(Stage.HIRED, 0)
    history = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "companies", AuditEntry.subject_id == found.id)
                                 .order_by(AuditEntry.at.desc()).limit(20)).all()
    forms.setdefault("approve_form", ApproveCompanyForm(kind=found.kind.value if found.kind else None))
    forms.setdefault("reason_form", ReasonForm())
    forms.setdefault("agreement_form", AgreementForm(obj=agreement))
    forms.setdefault("review_form", ReviewEditsForm(review_edits=found.review_edits))
    return render("committee/company.html", company=found, agreement=agreement, deeds=deeds, history=history,
                  status=status, **forms)


@bp.route("/companies/<int:company_id>")
@committee_required
def company(company_id):
    """Everything the committee needs to decide on a company, and its pledges against its deeds."""
    return _company_page(db.get_or_404(Company, company_id))


def _refused(refused):
    """The Korean message for a decision someone else took first, or one the company's status does not allow."""
    found = refused.company
    # From the member's point of view a decision on a page someone acted on since is the same race,
    # whether the status changed before this request loaded the company or during it.
    if refused.decided_by is not None:
        flash(_("%(person)s decided on %(name)s first: it is now “%(status)s”. Nothing was changed.",
                person=refused.decided_by.name, name=found.name, status=refused.status.label), "warning")
    elif refused.reason == "stale":
        flash(_("Someone decided on %(name)s first: it is now “%(status)s”. Nothing was changed.",
                name=found.name, status=refused.status.label), "warning")
    else:
        flash(_("That is not possible while %(name)s is “%(status)s”.", name=found.name,
                status=refused.status.label), "warning")
    return see_other(url_for("committee.company", company_id=found.id))


def _decided(found, decide, message):
    """Make the decision (a companies.* function); commit it, or roll back and say who decided first."""
    try:
        decide()
        db.session.commit()
    except companies_domain.CompanyRefused as refused:
        db.session.rollback()
        return _refused(refused)
    flash(message % {"name": found.name}, "success")
    return None


@bp.route("/companies/<int:company_id>/approve", methods=["POST"])
@committee_required
def approve_company(company_id):
    """Approve a pending company, recording its kind."""
    found = db.get_or_404(Company, company_id)
    form = ApproveCompanyForm()
    if not form.validate_on_submit():
        return _company_page(found, 422, approve_form=form)
    actor = current_user._get_current_object()
    return _decided(found, lambda: companies_domain.approve(found, actor, CompanyKind(form.kind.data)),
                    _("%(name)s is approved.")) or see_other(url_for("committee.companies"))


def _with_reason(company_id, decide, message):
    found = db.get_or_404(Company, company_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _company_page(found, 422, reason_form=form)
    actor = current_user._get_current_object()
    return (_decided(found, lambda: decide(found, actor, form.reason.data), message)
            or see_other(url_for("committee.company", company_id=found.id)))


@bp.route("/companies/<int:company_id>/return", methods=["POST"])
@committee_required
def return_company(company_id):
    """Send a registration back with a reason the company sees."""
    return _with_reason(company_id, companies_domain.return_, _("%(name)s is returned with your reason."))


@bp.route("/companies/<int:company_id>/suspend", methods=["POST"])
@committee_required
def suspend_company(company_id):
    """Suspend a company: its postings leave the board at once; nothing is deleted."""
    return _with_reason(company_id, companies_domain.suspend, _("%(name)s is suspended; its postings are hidden."))


@bp.route("/companies/<int:company_id>/reinstate", methods=["POST"])
@committee_required
def reinstate_company(company_id):
    """Lift a suspension."""
    found = db.get_or_404(Company, company_id)
    actor = current_user._get_current_object()
    return (_decided(found, lambda: companies_domain.reinstate(found, actor), _("%(name)s is active again."))
            or see_other(url_for("committee.company", company_id=found.id)))


@bp.route("/companies/<int:company_id>/agreement", methods=["POST"])
@committee_required
def save_agreement(company_id):
    """Record or update the company's partner agreement (채용 연계 협약)."""
    found = db.get_or_404(Company, company_id)
    form = AgreementForm()
    if not form.validate_on_submit():
        return _company_page(found, 422, agreement_form=form)
    agreement = found.agreements[-1] if found.agreements else Agreement(company=found)
    form.populate_obj(agreement)
    db.session.add(agreement)
    db.session.flush()
    audit("company.agreement", found, signed_on=form.signed_on.data.isoformat(),
          pledged_interviews=form.pledged_interviews.data, pledged_hires=form.pledged_hires.data)
    db.session.commit()
    flash(_("The agreement with %(name)s is saved.", name=found.name), "success")
    return see_other(url_for("committee.company", company_id=found.id))


@bp.route("/companies/<int:company_id>/review-edits", methods=["POST"])
@committee_required
def review_edits(company_id):
    """Turn review of edits to the company's published openings on or off."""
    found = db.get_or_404(Company, company_id)
    form = ReviewEditsForm()
    if not form.validate_on_submit():
        return _company_page(found, 422, review_form=form)
    found.review_edits = bool(form.review_edits.data)
    audit("company.review_edits", found, on=found.review_edits)
    db.session.commit()
    flash(_("Edits of this company's openings are now reviewed.") if found.review_edits
          else _("Edits of this company's openings are no longer reviewed."), "success")
    return see_other(url_for("committee.company", company_id=found.id))

