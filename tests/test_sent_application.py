"""What the trainee sent and where they stand: the home card, the sent application, its answers in words."""
import re

from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, Role, Stage, User
from board.domain.pipeline import move
from tests.test_applications import QUESTIONS, _apply, setup  # noqa: F401  (setup is a fixture)


def _only_application(app):
    with app.app_context():
        return db.session.scalar(select(Application.id))


def _home_card(page):
    return page.split(">내 지원 현황</h2>")[1].split("</section>")[0]


def test_the_home_card_lists_the_applications_and_their_stages(app, setup, make):
    trainee = setup["trainee"]
    assert "아직 지원한 채용공고가 없습니다" in _home_card(trainee.get("/me/").get_data(as_text=True))
    _apply(trainee, setup["opening"], setup["answers"])
    second = make.opening(title="데이터 분석가")
    _apply(trainee, second, {})
    card = _home_card(trainee.get("/me/").get_data(as_text=True))
    assert "아직 지원한 채용공고가 없습니다" not in card
    assert "컴퓨터비전 엔지니어" in card and "데이터 분석가" in card and "badge-stage-submitted" in card
    assert 'href="/me/applications"' in card


def test_the_home_card_shows_a_withdrawn_application_as_withdrawn(app, setup, make):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    application_id = _only_application(app)
    trainee.post(f"/me/applications/{application_id}/withdraw")
    card = _home_card(trainee.get("/me/").get_data(as_text=True))
    assert "badge-stage-withdrawn" in card and "지원 취소" in card


def test_the_trainee_sees_what_they_sent(app, setup):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    application_id = _only_application(app)
    listing = trainee.get("/me/applications").get_data(as_text=True)
    assert f'href="/me/applications/{application_id}"' in listing
    page = trainee.get(f"/me/applications/{application_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "비전 모델을 만들고 싶습니다." in html
    # Each answer under its question, a yes/no answer in words.
    for _, prompt, _ in QUESTIONS:
        assert prompt in html
    answers = html.split("사전 질문")[1]
    assert "<dd>예</dd>" in answers and "즉시" in answers and "수어 인식 앱" in answers
    assert ">yes<" not in html
    assert f'href="/resumes/{setup["resume"]}"' in html and "이력서.pdf" in html
    assert "컴퓨터비전 엔지니어" in html


def test_the_sent_page_keeps_the_resume_as_sent_after_a_new_upload(app, setup, make):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    application_id = _only_application(app)
    newer = make.resume(trainee.user_id, filename="새 이력서.pdf")
    html = trainee.get(f"/me/applications/{application_id}").get_data(as_text=True)
    assert f'href="/resumes/{setup["resume"]}"' in html and f'href="/resumes/{newer}"' not in html
    download = trainee.get(f"/resumes/{setup['resume']}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"


def test_another_trainees_application_is_not_found(app, setup, as_role):
    _apply(setup["trainee"], setup["opening"], setup["answers"])
    application_id = _only_application(app)
    other = as_role(Role.TRAINEE)
    assert other.get(f"/me/applications/{application_id}").status_code == 404
    assert other.get("/me/applications/999999").status_code == 404


def test_yes_no_answers_read_as_words_for_the_committee_and_the_company(app, setup, make, as_role):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    application_id = _only_application(app)
    committee = as_role(Role.COMMITTEE)
    review = committee.get(f"/committee/review/{application_id}").get_data(as_text=True)
    assert "<dd>예</dd>" in review and ">yes<" not in review
    with app.app_context():
        application = db.session.get(Application, application_id)
        move(application, Stage.COMPANY_REVIEW, db.session.get(User, committee.user_id))
        company_id = application.opening.company_id
        db.session.commit()
    member = as_role(Role.COMPANY, company_id=company_id)
    page = member.get(f"/company/applications/{application_id}").get_data(as_text=True)
    assert "<dd>예</dd>" in page and ">yes<" not in page


def test_a_withdrawn_application_is_not_shown_as_applied_on_the_opening(app, setup):
    trainee = setup["trainee"]
    _apply(trainee, setup["opening"], setup["answers"])
    application_id = _only_application(app)
    applied = trainee.get(f"/openings/{setup['opening']}").get_data(as_text=True)
    assert "지원 완료" in applied
    trainee.post(f"/me/applications/{application_id}/withdraw")
    page = trainee.get(f"/openings/{setup['opening']}").get_data(as_text=True)
    row = page.split('class="actions apply-row"')[1].split("</p>")[0]
    assert "지원 완료" not in row
    # Withdrawing is final for this opening (one application per trainee and opening).
    assert "지원을 취소했습니다" in row and re.search(r"다시 지원할 수 없습니다", row)
    assert f"/me/openings/{setup['opening']}/apply" not in row
