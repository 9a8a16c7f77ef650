"""The pipeline board: columns and cards per role, moves through board/domain/pipeline.py, conflicts, privacy and SQL count."""
import re
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import event, select

from board.platform.extensions import db
from board.models import Application, Opening, Role, Stage, Trainee, User
from board.models.types import utcnow
from board.domain.pipeline import apply, move
from tests.conftest import sign_in
from tests.offer_world import advance

HX = {"HX-Request": "true"}
STALE_MESSAGE = "다른 사람이 먼저 이 카드를 옮겼습니다. 지금은 ‘{stage}’ 단계에 있습니다."
PATH_TO_COMPANY = (Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW)


@pytest.fixture
def world(app, make, as_role):
    """Company X (with a signed-in member) and company Y, an opening each, a trainee, and the committee."""
    x, y = make.company(name="엑스랩"), make.company(name="와이소프트")
    committee = as_role(Role.COMMITTEE, name="위원김")
    member = as_role(Role.COMPANY, company_id=x, name="담당이")
    trainee_id = make.user(Role.TRAINEE, name="박교육", email="park.trainee@example.kr")
    return {"x": x, "y": y, "committee": committee, "member": member, "trainee": trainee_id,
            "opening_x": make.opening(x, title="비전 엔지니어"), "opening_y": make.opening(y, title="데이터 분석가")}


def _card_of(app, world, *path, opening="opening_x", trainee=None):
    """An application to an opening (a key of world, or an id) that the committee member moved along path."""
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == (trainee or world["trainee"])))
        opening = db.session.get(Opening, world[opening] if isinstance(opening, str) else opening)
        application = apply(trainee, opening, "지원합니다.", {}, trainee.user)
        db.session.flush()
        for stage in path:
            advance(application, stage, db.session.get(User, world["committee"].user_id))
        db.session.commit()
        return application.id


def _state(app, application_id):
    with app.app_context():
        a = db.session.get(Application, application_id)
        return a.stage, a.version, len(a.events)


def _age(app, application_id, days):
    with app.app_context():
        db.session.get(Application, application_id).stage_changed_at = utcnow() - timedelta(days=days)
        db.session.commit()


def _post_move(client, area, application_id, to, version, headers=None, query="", **extra):
    return client.post(f"/{area}/pipeline/{application_id}/move{query}", headers=headers or {},
                       data={"to": to.value, "version": str(version), "from_stage": extra.pop("shown", ""), **extra})


def _column(page, stage):
    """The HTML of one column, from its opening tag to the next column's (or the end)."""
    match = re.search(rf'<section class="pipeline-column" id="column-{stage.value}".*?</section>', page, re.DOTALL)
    assert match, f"no column {stage.value}"
    return match.group(0)


def _card(page, application_id):
    match = re.search(rf'<article [^>]*id="card-{application_id}".*?</article>', page, re.DOTALL)
    assert match, f"no card {application_id}"
    return match.group(0)


def test_committee_moves_a_card_through_legal_stages_and_history_shows_who_and_when(app, world):
    committee = world["committee"]
    application_id = _card_of(app, world)
    path = [*PATH_TO_COMPANY, Stage.LUNCH_MEETING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
    for to in path[:-2]:
        stage, version, _ = _state(app, application_id)
        response = _post_move(committee, "committee", application_id, to, version, shown=stage.value)
        assert response.status_code == 303 and response.headers["Location"] == "/committee/pipeline"
        assert _state(app, application_id)[0] == to
    # 합격 is an offer with its terms, never a bare move of the card.
    stage, version, _ = _state(app, application_id)
    refused = _post_move(committee, "committee", application_id, Stage.OFFER, version, shown=stage.value)
    assert refused.status_code == 422 and "합격 통보" in refused.get_data(as_text=True)
    assert _state(app, application_id)[0] == Stage.INTERVIEW
    with app.app_context():
        application = db.session.get(Application, application_id)
        for to in path[-2:]:
            advance(application, to, db.session.get(User, committee.user_id))
        db.session.commit()
    with app.app_context():
        events = db.session.get(Application, application_id).events
        assert [e.to_stage for e in events] == [Stage.SUBMITTED, *path]
        assert all(e.actor_id == committee.user_id for e in events[1:])
        assert all(earlier.at <= later.at for earlier, later in pairwise(events))
    page = committee.get("/committee/pipeline").get_data(as_text=True)
    card = _card(_column(page, Stage.HIRED), application_id)
    history = card.split('class="card-history"')[1]
    assert history.count("위원김") == len(path)
    for label in ("매칭 검토", "서류 검토", "런치데이 면담", "면접", "합격", "채용 확정"):
        assert label in history
    assert len(re.findall(r'class="when">\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}<', history)) == len(path) + 1


def test_company_moves_its_own_card_from_document_review_to_interview(app, world):
    application_id = _card_of(app, world, *PATH_TO_COMPANY)
    member = world["member"]
    page = member.get("/company/pipeline").get_data(as_text=True)
    assert f'id="card-{application_id}"' in _column(page, Stage.COMPANY_REVIEW)
    response = _post_move(member, "company", application_id, Stage.INTERVIEW, 3, shown="company_review")
    assert response.status_code == 303 and response.headers["Location"] == "/company/pipeline"
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.stage == Stage.INTERVIEW and application.events[-1].actor_id == member.user_id
    page = member.get("/company/pipeline").get_data(as_text=True)
    assert f'id="card-{application_id}"' in _column(page, Stage.INTERVIEW)


def test_company_gets_404_for_another_companys_card_and_for_one_not_passed_on(app, world, make):
    theirs = _card_of(app, world, *PATH_TO_COMPANY, opening="opening_y")
    submitted = _card_of(app, world, trainee=make.user(Role.TRAINEE))
    for application_id, version in ((theirs, 3), (submitted, 1)):
        before = _state(app, application_id)
        assert _post_move(world["member"], "company", application_id, Stage.INTERVIEW, version).status_code == 404
        assert _post_move(world["member"], "company", application_id, Stage.REJECTED, version,
                          rejection_code="skills", reason="맞지 않음").status_code == 404
        assert _state(app, application_id) == before


def test_a_trainee_can_see_neither_board_nor_move_a_card(app, world, make):
    trainee = app.test_client()
    with app.app_context():
        email = db.session.get(User, world["trainee"]).email
    assert sign_in(trainee, email).status_code == 303
    application_id = _card_of(app, world, *PATH_TO_COMPANY)
    before = _state(app, application_id)
    assert trainee.get("/committee/pipeline").status_code == 403
    assert trainee.get("/company/pipeline").status_code == 403
    for area in ("committee", "company"):
        assert _post_move(trainee, area, application_id, Stage.INTERVIEW, 3).status_code == 403
        assert _post_move(trainee, area, application_id, Stage.WITHDRAWN, 3).status_code == 403
    assert _state(app, application_id) == before


@pytest.mark.parametrize("headers", [{}, HX])
def test_submitted_straight_to_hired_is_refused(app, world, headers):
    application_id = _card_of(app, world)
    response = _post_move(world["committee"], "committee", application_id, Stage.HIRED, 1, headers=headers,
                          shown="submitted")
    assert response.status_code == 422
    assert "‘지원’ 단계의 카드는 ‘채용 확정’ 단계로 옮길 수 없습니다" in response.get_data(as_text=True)
    assert _state(app, application_id) == (Stage.SUBMITTED, 1, 1)


@pytest.mark.parametrize("headers", [{}, HX])
def test_a_stale_form_gets_409_and_sees_the_card_where_it_is_now(app, world, make, headers):
    application_id = _card_of(app, world, Stage.COMMITTEE_REVIEW)
    other = make.user(Role.COMMITTEE)
    with app.app_context():
        move(db.session.get(Application, application_id), Stage.COMPANY_REVIEW, db.session.get(User, other),
             expected_version=2)
        db.session.commit()
    # The first person's page still shows version 2 in 매칭 검토; both a now-illegal and a still-legal move are stale.
    for to in (Stage.COMPANY_REVIEW, Stage.REJECTED):
        response = _post_move(world["committee"], "committee", application_id, to, 2, headers=headers,
                              shown="committee_review", rejection_code="skills", reason="역량 부족")
        assert response.status_code == 409
        page = response.get_data(as_text=True)
        assert STALE_MESSAGE.format(stage="서류 검토") in page
        assert f'id="card-{application_id}"' in _column(page, Stage.COMPANY_REVIEW)
        assert f'id="card-{application_id}"' not in _column(page, Stage.COMMITTEE_REVIEW)
        assert ("<html" in page) is not bool(headers)
        assert _state(app, application_id) == (Stage.COMPANY_REVIEW, 3, 3)
    with app.app_context():
        assert db.session.get(Application, application_id).rejection_code is None


def test_a_forged_application_id_is_404(app, world):
    for client, area in ((world["committee"], "committee"), (world["member"], "company")):
        assert _post_move(client, area, 987654, Stage.COMPANY_REVIEW, 1).status_code == 404


def test_the_htmx_move_answers_with_only_the_two_columns(app, world):
    application_id = _card_of(app, world, Stage.COMMITTEE_REVIEW)
    response = _post_move(world["committee"], "committee", application_id, Stage.COMPANY_REVIEW, 2, headers=HX,
                          shown="committee_review")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<html" not in page and "<body" not in page
    assert page.count("hx-swap-oob") == 2
    columns = re.findall(r'<section class="pipeline-column" id="column-(\w+)"', page)
    assert columns == ["committee_review", "company_review"]
    assert re.search(rf'id="card-{application_id}"[^>]*autofocus', _column(page, Stage.COMPANY_REVIEW))
    assert "박교육 카드를 ‘서류 검토’ 단계로 옮겼습니다." in page.split("<section")[0]
    assert _state(app, application_id)[0] == Stage.COMPANY_REVIEW


@pytest.mark.parametrize("area,path,to,code", [
    ("company", PATH_TO_COMPANY, Stage.REJECTED, "experience"),
    ("committee", (Stage.COMMITTEE_REVIEW,), Stage.NEEDS_CHANGES, None),
])
def test_a_rejection_or_a_send_back_needs_a_reason_the_trainee_reads(app, world, area, path, to, code):
    application_id = _card_of(app, world, *path)
    client, before = world["member" if area == "company" else "committee"], _state(app, application_id)
    refused = _post_move(client, area, application_id, to, before[1], headers=HX, shown=path[-1].value)
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert _state(app, application_id) == before
    done = _post_move(client, area, application_id, to, before[1], shown=path[-1].value,
                      rejection_code=code or "", reason="프로젝트에서 맡은 역할을 적어 주세요.")
    assert done.status_code == 303
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.stage, application.rejection_code) == (to, code)
        assert application.events[-1].reason == "프로젝트에서 맡은 역할을 적어 주세요."
        assert application.advice == ("" if code else "프로젝트에서 맡은 역할을 적어 주세요.")


def test_cards_without_a_move_for_7_days_are_marked_stale(app, world, make):
    old = _card_of(app, world, Stage.COMMITTEE_REVIEW)
    fresh = _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y")
    hired = _card_of(app, world, *PATH_TO_COMPANY, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED,
                     trainee=make.user(Role.TRAINEE))
    _age(app, old, 8)
    _age(app, fresh, 6)
    _age(app, hired, 30)
    page = world["committee"].get("/committee/pipeline").get_data(as_text=True)
    assert "data-stale" in _card(page, old) and "이 단계로 온 지 8일" in _card(page, old)
    assert "data-stale" not in _card(page, fresh) and "이 단계로 온 지 6일" in _card(page, fresh)
    # A final stage waits for nothing.
    assert "data-stale" not in _card(page, hired)


def test_filters_narrow_the_committee_board_and_stay_in_the_url(app, world, make):
    committee = world["committee"]
    in_x = _card_of(app, world, Stage.COMMITTEE_REVIEW)
    in_y = _card_of(app, world, Stage.COMMITTEE_REVIEW, opening="opening_y")
    other_x = make.opening(world["x"], title="음성 인식 연구원")
    stuck = _card_of(app, world, opening=other_x, trainee=make.user(Role.TRAINEE))
    _age(app, stuck, 10)

    def cards(query):
        response = committee.get(f"/committee/pipeline{query}")
        assert response.status_code == 200
        return {int(i) for i in re.findall(r'<article [^>]*data-application="(\d+)"', response.get_data(as_text=True))}

    assert cards("") == {in_x, in_y, stuck}
    assert cards(f"?company={world['x']}") == {in_x, stuck}
    assert cards(f"?opening={world['opening_y']}") == {in_y}
    assert cards("?stale=y") == {stuck}
    assert cards(f"?company={world['x']}&stale=y") == {stuck}
    page = committee.get(f"/committee/pipeline?company={world['x']}").get_data(as_text=True)
    assert f'action="/committee/pipeline/{in_x}/move?company={world["x"]}"' in page
    assert f'<option selected value="{world["x"]}">엑스랩' in page
    moved = _post_move(committee, "committee", in_x, Stage.COMPANY_REVIEW, 2, query=f"?company={world['x']}",
                       shown="committee_review")
    assert moved.status_code == 303 and moved.headers["Location"] == f"/committee/pipeline?company={world['x']}"
    assert committee.get("/committee/pipeline?company=nope").status_code == 422


def test_the_company_board_never_shows_contact_gender_region_or_unpassed_applications(app, world, make):
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == world["trainee"]))
        trainee.phone, trainee.gender, trainee.region = "010-9876-5432", "논바이너리", "울릉도독도"
        db.session.commit()
    passed = _card_of(app, world, *PATH_TO_COMPANY)
    waiting = _card_of(app, world, Stage.COMMITTEE_REVIEW, trainee=make.user(Role.TRAINEE, name="대기중교육생"))
    refused = _card_of(app, world, Stage.COMMITTEE_REVIEW, Stage.REJECTED,
                       trainee=make.user(Role.TRAINEE, name="위원회불합격"))
    page = world["member"].get("/company/pipeline").get_data(as_text=True)
    assert "박교육" in page and f'id="card-{passed}"' in page
    for secret in ("park.trainee@example.kr", "010-9876-5432", "논바이너리", "울릉도독도", "대기중교육생", "위원회불합격",
                   f'card-{waiting}"', f'card-{refused}"'):
        assert secret not in page
    assert [s for s in re.findall(r'id="column-(\w+)"', page)] == [
        "company_review", "lunch_meeting", "interview", "offer", "hired", "rejected"]


@pytest.mark.parametrize("area", ["committee", "company"])
def test_the_board_runs_the_same_number_of_statements_for_3_and_30_cards(app, world, make, area):
    openings = [world["opening_x"], make.opening(world["x"], title="MLOps 엔지니어"), make.opening(world["x"], title="백엔드")]
    # One application of each trainee waits for the committee; the company sees the other two.
    paths = [PATH_TO_COMPANY, PATH_TO_COMPANY + (Stage.INTERVIEW,), (Stage.COMMITTEE_REVIEW,)]
    client = world["committee"] if area == "committee" else world["member"]

    def add(n):
        for _ in range(n // len(openings)):
            trainee = make.user(Role.TRAINEE)
            for opening, path in zip(openings, paths):
                _card_of(app, world, *path, opening=opening, trainee=trainee)

    def statements():
        client.get(f"/{area}/pipeline")
        counted = []
        with app.app_context():
            engine = db.engine

        def count(*args):
            counted.append(args[2])
        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(f"/{area}/pipeline")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return counted, response.get_data(as_text=True).count('class="pipeline-card')

    add(3)
    few, shown_few = statements()
    add(27)
    many, shown_many = statements()
    assert shown_many > shown_few >= 2
    assert len(few) == len(many), "\n".join(many)
    print(f"{area} board: {len(many)} SQL statements for {shown_many} cards")


def test_a_column_shows_at_most_its_limit_waiting_ones_oldest_first_final_ones_latest_first(app, world, make):
    from board.domain.pipeline_board import COMMITTEE_COLUMNS, load_board
    trainees = [make.user(Role.TRAINEE) for _ in range(3)]
    waiting = [_card_of(app, world, Stage.COMMITTEE_REVIEW, trainee=t) for t in trainees]
    rejected = [_card_of(app, world, *PATH_TO_COMPANY, Stage.REJECTED, opening="opening_y", trainee=t)
                for t in trainees]
    for days, (w, r) in zip((5, 9, 2), zip(waiting, rejected)):
        _age(app, w, days)
        _age(app, r, days)
    with app.app_context():
        board = load_board(Role.COMMITTEE, COMMITTEE_COLUMNS, [], limit=2)
        assert board.counts[Stage.COMMITTEE_REVIEW] == board.counts[Stage.REJECTED] == 3
        assert [a.id for a in board.cards[Stage.COMMITTEE_REVIEW]] == [waiting[1], waiting[0]]
        assert [a.id for a in board.cards[Stage.REJECTED]] == [rejected[2], rejected[0]]
    page = world["committee"].get("/committee/pipeline").get_data(as_text=True)
    assert all(f'id="card-{i}"' in page for i in waiting + rejected)
