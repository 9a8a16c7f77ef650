"""The demo's notifications: what the demo trainee and company member would have been told, some read."""
from datetime import timedelta

from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, Opening, OpeningStatus, Stage, User
from board.models.types import utcnow
from board.domain.notifications import notify


def demo_notifications(trainee_user, member):
    """A few notifications for each demo account, written by notify() as the events would have; mails stay unsent."""
    now = utcnow()
    made = []
    applications = db.session.scalars(select(Application).where(Application.trainee_id == trainee_user.trainee.id)
                                      .order_by(Application.id)).all()
    for application in (a for a in applications if a.stage != Stage.SUBMITTED):
        made.append(notify(trainee_user, "application.stage", mail=False,
                           link=("me.application", {"application_id": application.id}),
                           params={"title": application.opening.title, "stage": application.stage.value}))
    passed = db.session.scalars(select(Application).join(Opening).where(
        Opening.company_id == member.company_id, Application.stage == Stage.COMPANY_REVIEW)
        .order_by(Application.id).limit(2)).all()
    for application in passed:
        made.append(notify(member, "application.passed", mail=False,
                           link=("company.application", {"application_id": application.id}),
                           params={"trainee": application.trainee.user.name, "title": application.opening.title}))
    opening = db.session.scalar(select(Opening).where(Opening.company_id == member.company_id,
                                                      Opening.status == OpeningStatus.PUBLISHED).order_by(Opening.id))
    if opening is not None:
        made.append(notify(member, "opening.published", mail=False,
                           link=("company.opening", {"opening_id": opening.id}), params={"title": opening.title}))
    company = member.company
    made.append(notify(member, "company.approved", mail=False, link=("company.index", {}),
                       params={"company": company.name}))
    made = [note for note in made if note is not None]
    # A day apart, the last made the newest; the two oldest are read.
    for age, note in enumerate(reversed(made)):
        note.created_at = now - timedelta(days=age, hours=2)
    for note in made[:2]:
        note.read_at = now - timedelta(hours=1)
    return made


def demo_accounts():
    trainee = db.session.scalar(select(User).where(User.email == "trainee@board.example"))
    member = db.session.scalar(select(User).where(User.email == "company@board.example"))
    return trainee, member
