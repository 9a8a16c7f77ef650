"""The authorization matrix over objects in several states, not one.

tests/test_authorization.py sees one application (already with the company), approved and
pending companies and open postings. Here the same routes meet an application before and
after the committee passes it on, a company suspended after approval, and a closed opening.
"""
import pytest
from sqlalchemy import func, select

from board.platform.extensions import db
from board.models import Application, Company, CompanyStatus, Opening, OpeningStatus, Stage
from tests.test_authorization import ACTORS, SPEC, _outcome, _rules, _url, world  # noqa: F401  (world is a fixture)

COMPANY_APPLICATION_PAGES = ("company.application", "company.offer_slots", "company.record_feedback",
                             "company.reject", "company.pipeline_move")


def _set(app, model, object_id, **values):
    with app.app_context():
        thing = db.session.get(model, object_id)
        for name, value in values.items():
            setattr(thing, name, value)
        db.session.commit()


def _new_application(app, world, stage):
    """A second application of trainee A, to another opening of company X, at this stage."""
    from tests.conftest import Factory
    make = Factory(app)
    make._n = 900  # clear of the numbers the world's factory used
    with app.app_context():
        company_id = db.session.get(Opening, world["params"]["opening_id"]).company_id
    opening_id = make.opening(company_id, title="두 번째 공고")
    with app.app_context():
        trainee_id = world["params"]["trainee_id"]
        application = Application(opening_id=opening_id, trainee_id=trainee_id, resume_id=world["params"]["resume_id"],
                                  cover_letter="두 번째 지원", stage=stage)
        db.session.add(application)
        db.session.commit()
        return application.id


def _company_outcomes(app, world, application_id):
    params = {**world["params"], "application_id": application_id}
    got = {}
    for rule, method in _rules(app):
        if rule.endpoint not in COMPANY_APPLICATION_PAGES:
            continue
        url = _url(rule, params)
        client = world["clients"]["member_x"]
        response = client.get(url) if method == "GET" else client.post(url, data={})
        got[f"{method} {rule.endpoint}"] = _outcome(response)
    return got


@pytest.mark.parametrize("stage", [Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, Stage.NEEDS_CHANGES])
def test_the_company_sees_an_application_only_after_the_committee_passes_it_on(app, world, stage):
    application_id = _new_application(app, world, stage)
    before = _company_outcomes(app, world, application_id)
    assert set(before.values()) == {"404"}, before
    # The trainee and the committee see it all along.
    assert world["clients"]["trainee_a"].get(f"/me/applications/{application_id}").status_code == 200
    assert world["clients"]["committee"].get(f"/committee/review/{application_id}").status_code == 200
    assert "두 번째 지원" not in world["clients"]["member_x"].get("/company/pipeline").get_data(as_text=True)
    if stage == Stage.NEEDS_CHANGES:
        return  # back with the trainee: nothing for the committee to pass on until it is resubmitted
    with app.app_context():
        version = db.session.get(Application, application_id).version
    response = world["clients"]["committee"].post(f"/committee/review/{application_id}/pass",
                                                  data={"version": str(version)})
    assert response.status_code in (200, 303), response.status_code
    with app.app_context():
        assert db.session.get(Application, application_id).stage == Stage.COMPANY_REVIEW
    page = world["clients"]["member_x"].get(f"/company/applications/{application_id}")
    assert page.status_code == 200 and "두 번째 지원" in page.get_data(as_text=True)


def test_a_suspended_company_can_do_nothing_an_approved_one_can(app, world):
    # Every route the approved member X may use and a pending company may not: once X is suspended,
    # X gets what the pending company gets, on GET and POST alike.
    company_id = world["params"]["company_id"]
    _set(app, Company, company_id, status=CompanyStatus.SUSPENDED)
    checked = []
    for rule, method in _rules(app):
        outcomes = dict(zip(ACTORS, SPEC[rule.endpoint].split()))
        if not (outcomes["member_x"] == "ok" and outcomes["member_pending"] == "pending"):
            continue
        url = _url(rule, world["params"])
        client = world["clients"]["member_x"]
        response = client.get(url) if method == "GET" else client.post(url, data={})
        assert _outcome(response) == "pending", f"suspended: {method} {url} answered {response.status_code}"
        checked.append(rule.endpoint)
    assert len(set(checked)) > 20
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.SUSPENDED


def test_a_suspended_companys_postings_leave_the_board(app, world):
    _set(app, Company, world["params"]["company_id"], status=CompanyStatus.SUSPENDED)
    opening_id = world["params"]["opening_id"]
    for actor in ("anon", "trainee_b"):
        assert world["clients"][actor].get(f"/openings/{opening_id}").status_code == 404
    assert world["clients"]["trainee_b"].get(f"/me/openings/{opening_id}/apply").status_code in (303, 404)


def _application_count(app, opening_id):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application)
                                 .where(Application.opening_id == opening_id))


def test_a_trainee_cannot_apply_to_a_closed_opening(app, world):
    opening_id = world["params"]["opening_id"]
    _set(app, Opening, opening_id, status=OpeningStatus.CLOSED)
    client = world["clients"]["trainee_b"]
    assert client.get(f"/me/openings/{opening_id}/apply").status_code == 303
    response = client.post(f"/me/openings/{opening_id}/apply", data={"cover_letter": "지원합니다"})
    assert response.status_code == 303 and response.headers["Location"] == "/openings"
    assert _application_count(app, opening_id) == 1  # trainee A's, from before it closed
    # The refusal is said in Korean on the page it sends them to.
    assert "이 채용공고는 더 이상 지원을 받지 않습니다." in client.get("/openings").get_data(as_text=True)
