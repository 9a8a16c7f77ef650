"""The world the hostile-input table runs in: one app and database for the module, an actor per role.

State changes a case makes (approving a company, deciding an application) go to a fresh
object per case: the table names them {fresh_...} and World makes them.
"""
import random
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import delete, select

from board import create_app
from board.platform.extensions import db, limiter
from board.models import Application, CompanyStatus, MeetRequest, Project, Role, Stage, StageChange, SurveyRound, Trainee, User
from board.models.matching import InterviewSlot
from board.models.offers import Offer, OfferState
from board.models.openings import EmploymentType, OpeningStatus
from board.models.types import board_today, utcnow
from tests.conftest import BoardClient, Factory, _empty_all_tables, board_test_config, sign_in

class World(SimpleNamespace):
    """The app, a signed-in client per actor, the ids the table names, and makers of fresh objects."""

    def ids(self):
        world = self

        class Ids(dict):
            def __missing__(self, key):
                value = getattr(world, key)() if key.startswith("fresh_") else world.params[key]
                self[key] = value
                return value
        return Ids()

    def _application(self, stage, trainee="trainee_a", with_slot=False):
        opening_id = self.make.opening(self.params["company_x"], title="엑스 공고")
        with self.app.app_context():
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == self.users[trainee]))
            # The trainee's earlier cases go: pages listing every application would grow with each case.
            db.session.execute(delete(Application).where(Application.trainee_id == trainee.id))
            application = Application(opening_id=opening_id, trainee_id=trainee.id, resume_id=self.params["resume_a"],
                                      cover_letter="지원합니다", stage=stage)
            db.session.add(application)
            db.session.flush()
            db.session.add(StageChange(application_id=application.id, to_stage=stage))
            if with_slot:
                db.session.add(InterviewSlot(application_id=application.id, starts_at=utcnow() + timedelta(days=3),
                                             place="본사"))
            db.session.commit()
            self.params["last_application"] = application.id
            return application.id

    def _add(self, make_row):
        with self.app.app_context():
            row = make_row()
            db.session.add(row)
            db.session.commit()
            return row.id

    def fresh_email(self):
        return f"fresh{self.make._next()}@example.kr"

    def fresh_registration_number(self):
        from board.seed.academy import _registration_number
        return _registration_number(random.Random(self.make._next()), set())

    def fresh_cohort_number(self):
        """A free number below the factory's (100 and up): cohorts that earlier cases created go first."""
        from board.models import Cohort
        with self.app.app_context():
            kept = db.session.get(Cohort, self.params["cohort_id"])
            db.session.execute(delete(Cohort).where(Cohort.number < 100, Cohort.id != kept.id))
            db.session.commit()
            return "2" if kept.number == 1 else "1"

    def fresh_company(self):
        return self.make.company()

    def fresh_pending_company(self):
        return self.make.company(status=CompanyStatus.PENDING)

    def fresh_suspended_company(self):
        return self.make.company(status=CompanyStatus.SUSPENDED)

    def fresh_submitted_opening(self):
        return self.make.opening(self.params["company_x"], status=OpeningStatus.SUBMITTED)

    def fresh_draft_opening(self):
        return self.make.opening(self.params["company_x"], status=OpeningStatus.DRAFT)

    def fresh_draft_project(self):
        return self._add(lambda: Project(company_id=self.params["company_x"], title="초안", description="설명",
                                         team_size=4, status=OpeningStatus.DRAFT))

    def fresh_published_opening(self):
        return self.make.opening(self.params["company_x"])

    fresh_open_opening = fresh_published_opening

    def fresh_submitted_project(self):
        return self._add(lambda: Project(company_id=self.params["company_x"], title="과제", description="설명",
                                         team_size=4, status=OpeningStatus.SUBMITTED))

    def fresh_review_application(self):
        return self._application(Stage.COMMITTEE_REVIEW)

    def fresh_company_application(self):
        return self._application(Stage.COMPANY_REVIEW)

    def fresh_interview_application(self):
        return self._application(Stage.INTERVIEW)

    def fresh_interview_application_a(self):
        return self._application(Stage.INTERVIEW, with_slot=True)

    def _with_offer(self, stage, state, starts_in_days=60):
        application_id = self._application(stage)
        with self.app.app_context():
            today = board_today()
            db.session.add(Offer(application_id=application_id, position="데이터 엔지니어", salary=3600, state=state,
                                 employment_type=EmploymentType.FULL_TIME,
                                 starts_on=today + timedelta(days=starts_in_days), answer_by=today))
            db.session.commit()
        return application_id

    def fresh_offer_application(self):
        return self._with_offer(Stage.OFFER, OfferState.OFFERED)

    def fresh_hired_application(self):
        return self._with_offer(Stage.HIRED, OfferState.ACCEPTED)

    def fresh_due_hire(self):
        """A hire that started 100 days ago: its 3-month employment check is due."""
        return self._with_offer(Stage.HIRED, OfferState.ACCEPTED, starts_in_days=-100)

    def fresh_due_offer(self):
        """The accepted offer of a hire whose 3-month check is due (the committee's forms are named after it)."""
        application_id = self.fresh_due_hire()
        with self.app.app_context():
            return db.session.scalar(select(Offer.id).where(Offer.application_id == application_id))

    def fresh_own_application(self):
        return self._application(Stage.SUBMITTED)

    def fresh_needs_changes_application(self):
        return self._application(Stage.NEEDS_CHANGES)

    def fresh_visible_trainee(self):
        user_id = self.make.user(Role.TRAINEE)
        with self.app.app_context():
            trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))
            trainee.visible_to_companies = True
            db.session.commit()
            return trainee.id

    def fresh_meet_request(self):
        trainee_id = self.fresh_visible_trainee()
        return self._add(lambda: MeetRequest(company_id=self.params["company_x"], trainee_id=trainee_id, message="만나요"))

    def fresh_reset_token(self):
        from board.web.accounts.tokens import make_reset_token
        user_id = self.make.user(Role.TRAINEE)
        with self.app.app_context():
            return make_reset_token(db.session.get(User, user_id))

    def fresh_invitation_token(self):
        from board.models.companies import Company, invite_colleague
        with self.app.app_context():
            token = invite_colleague(db.session.get(Company, self.params["company_x"]), self.fresh_email(), None)
            db.session.commit()
            return token

    def fresh_signup_token(self):
        """The token of a mailed company sign-up link, for a new company and a new email."""
        from board.domain.signup import _serializer
        with self.app.app_context():
            return _serializer().dumps({"c": "광주비전랩", "r": self.fresh_registration_number(), "n": "김담당",
                                        "e": self.fresh_email()})

    def fresh_welcome_token(self):
        from board.domain.roster import issue_invitation
        user_id = self.make.user(Role.TRAINEE, password=None)
        with self.app.app_context():
            token = issue_invitation(db.session.get(User, user_id))
            db.session.commit()
            return token

    # -- lunch days: a fresh one per case where a case changes it (an edit, a sign-up, a cancellation, publishing)
    def fresh_lunch_day(self):
        self.params["last_lunch_day"] = self.make.lunch_day(companies=[self.params["company_x"]])
        return self.params["last_lunch_day"]

    def fresh_signed_up_lunch_day(self):
        """A lunch day where trainee A holds a place (to cancel it)."""
        lunch_day_id = self.fresh_lunch_day()
        _seat(self.app, lunch_day_id, [self.params["trainee_a"]])
        return lunch_day_id

    def fresh_planned_lunch_day(self):
        """Companies X and Y at tables, trainees A and B seated, a plan without broken rules (to publish)."""
        return _planned_lunch_day(self.app, self.make, self.params)

    def close(self):
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def client(self, actor):
        """The actor's client and CSRF token; "fresh" is a new anonymous browser each time."""
        if actor == "fresh":
            client = self.app.test_client()
            client.set_cookie("session", self.anonymous_cookie)  # carries the CSRF secret of anonymous_token
            return client, self.anonymous_token
        return self.clients[actor], self.tokens[actor]


def _seat(app, lunch_day_id, trainee_ids):
    """Seated sign-ups of these trainees, in this order; returns their ids."""
    from board.models import LunchDay, LunchSignup, SignupStatus
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        signups = [LunchSignup(lunch_day_id=lunch_day_id, trainee_id=t, status=SignupStatus.SEATED, arrival=n)
                   for n, t in enumerate(trainee_ids, start=1)]
        lunch_day.arrivals = len(signups)
        db.session.add_all(signups)
        db.session.commit()
        return [s.id for s in signups]


def _planned_lunch_day(app, make, params, **when):
    """A lunch day with X's and Y's tables, trainees A and B seated and a generated plan; params get its ids."""
    from board.domain import seating
    from board.models import LunchCompany, LunchDay, LunchRound
    lunch_day_id = make.lunch_day(companies=[params["company_x"], params["company_y"]], **when)
    signups = _seat(app, lunch_day_id, [params["trainee_a"], params["trainee_b"]])
    with app.app_context():
        lunch_day = db.session.get(LunchDay, lunch_day_id)
        seating.generate_plan(lunch_day, None)
        db.session.commit()
        tables = dict(db.session.execute(select(LunchCompany.company_id, LunchCompany.id)
                                         .where(LunchCompany.lunch_day_id == lunch_day_id)).all())
        rounds = db.session.scalars(select(LunchRound.id).where(LunchRound.lunch_day_id == lunch_day_id)
                                    .order_by(LunchRound.number)).all()
    params.update(plan_signup=signups[0], plan_round=rounds[0], plan_table_y=tables[params["company_y"]])
    return lunch_day_id


def _lunch_days(app, make, params):
    """Three lunch days: one open for sign-up (X attends, A holds a place), one planned, one past and published."""
    from board.models import LunchCompany
    x = params["company_x"]
    lunch_open = make.lunch_day(companies=[x])
    _seat(app, lunch_open, [params["trainee_a"]])
    with app.app_context():
        table_x = db.session.scalar(select(LunchCompany.id).where(LunchCompany.lunch_day_id == lunch_open))
    lunch_plan = _planned_lunch_day(app, make, params)
    # Past and published: trainee B sat at X's table, so X may follow up and the committee may check B in.
    lunch_past = _planned_lunch_day(app, make, dict(params), opens_in=timedelta(days=-10),
                                    closes_in=timedelta(days=-2), starts_in=timedelta(minutes=-1), published=True)
    with app.app_context():
        from board.models import LunchSignup
        past_signup = db.session.scalar(select(LunchSignup.id).where(LunchSignup.lunch_day_id == lunch_past,
                                                                     LunchSignup.trainee_id == params["trainee_b"]))
    params.update(lunch_open=lunch_open, table_x=table_x, lunch_plan=lunch_plan, lunch_past=lunch_past,
                  past_signup=past_signup)


def make_world(database_url):
    """The board on an emptied database with two companies, a pending one, trainees and staff, all signed in."""
    app = create_app(board_test_config(database_url))
    app.test_client_class = BoardClient
    with app.app_context():
        _empty_all_tables()
        limiter.reset()
    make = Factory(app)
    x, y = make.company(name="엑스", partner=True), make.company(name="와이")
    pending = make.company(name="피", status=CompanyStatus.PENDING)
    users = {"member_x": make.user(Role.COMPANY, company_id=x), "member_y": make.user(Role.COMPANY, company_id=y),
             "member_pending": make.user(Role.COMPANY, company_id=pending), "trainee_a": make.user(Role.TRAINEE),
             "trainee_b": make.user(Role.TRAINEE), "changer": make.user(Role.TRAINEE),
             "committee": make.user(Role.COMMITTEE), "admin": make.user(Role.ADMIN)}
    make.user(Role.TRAINEE, email="t@example.kr")
    params = {"company_x": x, "company_y": y, "company_pending": pending, "opening_x": make.opening(x, title="엑스 공고"),
              "draft_opening": make.opening(x, status=OpeningStatus.DRAFT), "resume_a": make.resume(users["trainee_a"])}
    with app.app_context():
        trainee_b = db.session.scalar(select(Trainee).where(Trainee.user_id == users["trainee_b"]))
        draft_project = Project(company_id=x, title="초안 과제", description="설명", team_size=4, status=OpeningStatus.DRAFT)
        survey = SurveyRound(title="2026 하반기", deadline=board_today() + timedelta(days=10))
        db.session.add_all([draft_project, survey])
        trainee_b.visible_to_companies = True
        db.session.commit()
        params.update(trainee_b=trainee_b.id, cohort_id=trainee_b.cohort_id, draft_project=draft_project.id,
                      survey_id=survey.id)
        trainee_a = db.session.scalar(select(Trainee.id).where(Trainee.user_id == users["trainee_a"]))
        params.update(trainee_a=trainee_a)
        emails = {actor: db.session.get(User, user_id).email for actor, user_id in users.items()}
    _lunch_days(app, make, params)
    clients = {}
    for actor, email in emails.items():
        clients[actor] = app.test_client()
        assert sign_in(clients[actor], email).status_code == 303
    anonymous = app.test_client()
    world = World(app=app, make=make, users=users, params=params, clients=clients,
                  tokens={actor: client.csrf_token() for actor, client in clients.items()},
                  anonymous_token=anonymous.csrf_token(), anonymous_cookie=anonymous.get_cookie("session").value)
    return world
