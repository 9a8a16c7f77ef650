"""The company's view of an application the committee passed on: the trainee, their letter and resume."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from board.company import bp
from board.extensions import db
from board.models import Application, Opening
from board.pipeline import passed_to_company
from board.security import company_required
from board.templating import render


def company_application(application_id):
    """The application if it is to one of the member's openings and the committee passed it on; 404 otherwise."""
    application = db.session.scalar(
        select(Application).join(Opening, Opening.id == Application.opening_id)
        .where(Application.id == application_id, Opening.company_id == current_user.company_id, passed_to_company()))
    if application is None:
        abort(404)
    return application


@bp.route("/applications/<int:application_id>")
@company_required
def application(application_id):
    """One applicant: contact details (from 서류 검토 on), profile, letter, answers and the resume as sent.

    Gender and region are never shown to companies.
    """
    return render("company/application.html", application=company_application(application_id))
