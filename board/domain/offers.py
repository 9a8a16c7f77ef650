"""Offers and hires (합격 통보, 채용 확정): the one function per action that every screen calls.

Moving an application to 합격 is making an offer with its terms; only an accepted offer
becomes 채용 확정 (the trainee accepts, or the committee records an acceptance made off the
board); a mistaken hire is reverted by the committee. Each function checks, changes state by
conditional UPDATE, audits, records the outcome and queues the mail; none commits.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from board.platform.extensions import db
from board.platform.i18n import BOARD_NAME
from board.domain.mail import external_url, send_after_commit
from board.models import Offer, OfferState, Outcome, Stage
from board.models.audit import audit
from board.models.matching import InterviewSlot
from board.models.openings import EmploymentType
from board.models.types import board_today, utcnow
from board.domain.pipeline import MoveRefused, move

MAX_SALARY = 100_000  # 만원 a year: ten billion won, far above any offer; a typo guard, not a policy
MAX_PROBATION = 12
TERMS = ("position", "employment_type", "starts_on", "salary", "salary_by_policy", "probation_months", "workplace",
         "note", "answer_by")


class OfferRefused(Exception):
    """The offer action is not possible (wrong stage, bad terms, already answered); message says why.

    errors maps a term's name to its own message, for a form to show beside the field.
    """

    def __init__(self, message, errors=None):
        super().__init__(str(message))
        self.message = message
        self.errors = dict(errors or {})


def term_problems(terms, today=None):
    """{term: message} for terms that cannot be offered; empty when the offer can be made."""
    today = today or board_today()
    problems = {}
    if not (terms.get("position") or "").strip():
        problems["position"] = _l("Write the position offered.")
    elif len(terms["position"].strip()) > 120:
        problems["position"] = _l("Use at most 120 characters.")
    if not isinstance(terms.get("employment_type"), EmploymentType):
        problems["employment_type"] = _l("Choose the type of employment.")
    if terms.get("starts_on") is None:
        problems["starts_on"] = _l("Enter the start date (입사 예정일).")
    answer_by = terms.get("answer_by")
    if answer_by is None:
        problems["answer_by"] = _l("Enter the date by which the trainee should answer.")
    elif answer_by < today:
        problems["answer_by"] = _l("The answer-by date cannot be in the past.")
    elif terms.get("starts_on") and answer_by > terms["starts_on"]:
        problems["answer_by"] = _l("The answer is needed before the start date.")
    salary = terms.get("salary")
    if terms.get("salary_by_policy"):
        if salary is not None:
            problems["salary"] = _l("Either a figure or 회사 내규, not both.")
    elif salary is None:
        problems["salary"] = _l("Enter the annual salary in 만원, or choose 회사 내규.")
    elif not isinstance(salary, int) or not 0 <= salary <= MAX_SALARY:
        problems["salary"] = _l("The annual salary is between 0 and 100,000 만원.")
    probation = terms.get("probation_months") or 0
    if not isinstance(probation, int) or not 0 <= probation <= MAX_PROBATION:
        problems["probation_months"] = _l("Probation is between 0 and 12 months.")
    if len(terms.get("workplace") or "") > 120:
        problems["workplace"] = _l("Use at most 120 characters.")
    if len(terms.get("note") or "") > 2000:
        problems["note"] = _l("Use at most 2,000 characters.")
    return problems


def interview_ahead(application, now=None):
    """The slot the trainee booked if its interview has not ended yet; None otherwise."""
    now = now or utcnow()
    slot = db.session.scalar(select(InterviewSlot).where(InterviewSlot.application_id == application.id,
                                                         InterviewSlot.chosen_at.is_not(None)))
    if slot is not None and slot.starts_at + timedelta(minutes=slot.minutes or 0) > now:
        return slot
    return None


def current_offer(application):
    """The application's newest offer, or None."""
    return db.session.scalar(select(Offer).where(Offer.application_id == application.id)
                             .order_by(Offer.created_at.desc(), Offer.id.desc()).limit(1))


def is_overdue(offer, today=None):
    """An offer still waiting for its answer after its answer-by date (shown as 기한 지남, never stored)."""
    return offer.state == OfferState.OFFERED and offer.answer_by < (today or board_today())


def _move(application, to, actor, reason="", expected_version=None):
    try:
        move(application, to, actor, reason=reason, expected_version=expected_version, offer=True)
    except MoveRefused as refused:
        if refused.reason == "stale":
            raise OfferRefused(_l("Someone changed this application while you were looking; reload it.")) from None
        raise OfferRefused(_l("That is not possible at “%(stage)s”.", stage=application.stage.label)) from None


def make_offer(application, actor, terms, *, interview_took_place=False, expected_version=None):
    """합격: offer the job on these terms (a dict of TERMS); the application moves 면접 → 합격.

    Refused before the interview the trainee booked has ended unless the company says it took place.
    """
    if application.stage != Stage.INTERVIEW:
        raise OfferRefused(_l("An offer can be made only at the interview stage."))
    problems = term_problems(terms)
    if problems:
        raise OfferRefused(_l("The offer was not made. Check the marked fields."), problems)
    if interview_ahead(application) is not None and not interview_took_place:
        raise OfferRefused(_l("The interview the trainee booked has not taken place yet. Make the offer after it, "
                              "or confirm that the interview already took place."),
                           {"interview_took_place": _l("Confirm only if the interview really took place.")})
    _move(application, Stage.OFFER, actor, expected_version=expected_version)
    offer = Offer(application_id=application.id, made_by_id=actor.id, state=OfferState.OFFERED,
                  interview_confirmed=bool(interview_took_place),
                  **{name: terms.get(name) for name in TERMS if name not in ("probation_months", "workplace", "note")},
                  probation_months=terms.get("probation_months") or 0, workplace=(terms.get("workplace") or "").strip(),
                  note=(terms.get("note") or "").strip())
    offer.position = offer.position.strip()
    if offer.salary_by_policy:
        offer.salary = None
    db.session.add(offer)
    db.session.flush()
    audit("offer.make", offer, actor=actor, application_id=application.id, starts_on=offer.starts_on.isoformat(),
          salary=offer.salary, answer_by=offer.answer_by.isoformat(), interview_took_place=bool(interview_took_place))
    _mail_trainee(offer, "made")
    return offer


def _answer(offer, state, actor, decline_reason=""):
    """Offered → state by one conditional UPDATE: of two racing answers exactly one is applied."""
    result = db.session.execute(
        update(Offer).where(Offer.id == offer.id, Offer.state == OfferState.OFFERED)
        .values(state=state, answered_by_id=actor.id, answered_at=utcnow(), decline_reason=decline_reason)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.refresh(offer)
        raise OfferRefused({
            OfferState.ACCEPTED: _l("This offer has already been accepted."),
            OfferState.DECLINED: _l("This offer has already been declined."),
            OfferState.WITHDRAWN: _l("The company has withdrawn this offer."),
        }.get(offer.state, _l("This offer can no longer be answered.")))
    db.session.refresh(offer)


def _own(offer, trainee_user):
    if offer.application.trainee.user_id != trainee_user.id:
        raise OfferRefused(_l("This offer was not made to you."))


def _hire(offer, actor):
    """The outcome that follows a hire: employed at the company from the start date, through the board."""
    from board.domain.outcomes import record_hire
    _move(offer.application, Stage.HIRED, actor)
    return record_hire(offer.application, actor, started_on=offer.starts_on)


def accept(offer, trainee_user):
    """The trainee accepts: the offer is accepted and the application becomes 채용 확정, with its outcome."""
    _own(offer, trainee_user)
    _answer(offer, OfferState.ACCEPTED, trainee_user)
    _hire(offer, trainee_user)
    audit("offer.accept", offer, actor=trainee_user, application_id=offer.application_id)
    _mail_company(offer, "accepted")
    return offer


def decline(offer, trainee_user, reason=""):
    """The trainee declines, with an optional reason the company reads; the application is withdrawn."""
    _own(offer, trainee_user)
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise OfferRefused(_l("Use at most 500 characters."), {"reason": _l("Use at most 500 characters.")})
    _answer(offer, OfferState.DECLINED, trainee_user, decline_reason=reason)
    _move(offer.application, Stage.WITHDRAWN, trainee_user, reason=reason)
    audit("offer.decline", offer, reason=reason, actor=trainee_user, application_id=offer.application_id)
    _mail_company(offer, "declined")
    return offer


def withdraw_offer(offer, actor, reason):
    """The company takes its offer back before the answer (with a reason the trainee reads); back to 면접."""
    reason = (reason or "").strip()
    if not reason:
        raise OfferRefused(_l("Write a reason; the trainee reads it."), {"reason": _l("Write a reason.")})
    result = db.session.execute(update(Offer).where(Offer.id == offer.id, Offer.state == OfferState.OFFERED)
                                .values(state=OfferState.WITHDRAWN).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise OfferRefused(_l("The trainee has already answered this offer."))
    db.session.refresh(offer)
    _move(offer.application, Stage.INTERVIEW, actor, reason=reason)
    audit("offer.withdraw", offer, reason=reason, actor=actor, application_id=offer.application_id)
    _mail_trainee(offer, "withdrawn", reason=reason)
    return offer


def record_hire(offer, actor, reason):
    """The committee records an acceptance made off the board (by phone, in person), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise OfferRefused(_l("Write how the acceptance was made; it is kept in the audit log."),
                           {"reason": _l("Write a reason.")})
    _answer(offer, OfferState.ACCEPTED, actor)
    _hire(offer, actor)
    audit("offer.record_hire", offer, reason=reason, actor=actor, application_id=offer.application_id)
    _mail_company(offer, "accepted")
    return offer


def revert_hire(application, actor, reason):
    """The committee undoes a mistaken hire: back to 합격 with the offer open again, and the outcome it made removed."""
    reason = (reason or "").strip()
    if not reason:
        raise OfferRefused(_l("Write why the hire is reverted; it is kept in the audit log."),
                           {"reason": _l("Write a reason.")})
    if application.stage != Stage.HIRED:
        raise OfferRefused(_l("Only a hire can be reverted."))
    offer = current_offer(application)
    _move(application, Stage.OFFER, actor, reason=reason)
    if offer is not None:
        db.session.execute(update(Offer).where(Offer.id == offer.id, Offer.state == OfferState.ACCEPTED)
                           .values(state=OfferState.OFFERED, answered_by_id=None, answered_at=None)
                           .execution_options(synchronize_session=False))
    removed = db.session.scalars(select(Outcome).where(Outcome.application_id == application.id)).all()
    # The hire's outcome was wrong, so it leaves the figures; the audit entry keeps what it said.
    db.session.execute(delete(Outcome).where(Outcome.application_id == application.id))
    audit("hire.revert", application, reason=reason, actor=actor, offer_id=offer.id if offer else None,
          outcomes=[{"id": o.id, "kind": o.kind.value, "company_id": o.company_id,
                     "started_on": o.started_on.isoformat() if o.started_on else None} for o in removed])
    db.session.flush()
    if offer is not None:
        db.session.refresh(offer)
    return application


def _locale(user):
    config = current_app.config
    return user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def _mail_trainee(offer, what, reason=""):
    application = offer.application
    user, company = application.trainee.user, application.opening.company
    with force_locale(_locale(user)):
        if what == "made":
            subject = gettext("Offer from %(company)s", company=company.name)
            lines = [gettext("Dear %(name)s,", name=user.name), "",
                     gettext("%(company)s offers you the position “%(position)s”.", company=company.name,
                             position=offer.position),
                     gettext("Please answer by %(date)s on the board.", date=offer.answer_by.isoformat())]
        else:
            subject = gettext("%(company)s has withdrawn its offer", company=company.name)
            lines = [gettext("Dear %(name)s,", name=user.name), "",
                     gettext("%(company)s has withdrawn its offer for “%(position)s”.", company=company.name,
                             position=offer.position), reason]
        lines += ["", gettext("Your application: %(url)s",
                              url=external_url("me.application", application_id=application.id)), "", str(BOARD_NAME)]
    send_after_commit(user.email, subject, "\n".join(lines))


def _mail_company(offer, what):
    application = offer.application
    trainee = application.trainee.user
    for member in application.opening.company.active_members:
        with force_locale(_locale(member)):
            if what == "accepted":
                subject = gettext("%(name)s accepted your offer", name=trainee.name)
            else:
                subject = gettext("%(name)s declined your offer", name=trainee.name)
            lines = [subject, gettext("Position: %(position)s", position=offer.position)]
            if what == "declined" and offer.decline_reason:
                lines += [gettext("Reason: %(reason)s", reason=offer.decline_reason)]
            lines += ["", external_url("company.application", application_id=application.id), "", str(BOARD_NAME)]
        send_after_commit(member.email, subject, "\n".join(lines))
