"""The trainee's profile and resume: saving, bad input refused, and who may download a resume."""
import hashlib
import io
import unicodedata

import pytest
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from board.platform.extensions import db
from board.models import (
    Application, CareerLevel, Company, CompanyStatus, DeadlineKind, EmploymentType, JobRole, Opening, OpeningStatus,
    Resume, Role, Stage, StageChange, Trainee,
)
from board.domain.resumes import clean_filename
from tests.conftest import pdf_bytes

MB = 1024 * 1024


def profile_data(**overrides):
    data = {"headline": "컴퓨터비전 엔지니어를 꿈꾸는 2기 교육생", "skills": "python, PyTorch",
            "introduction": "제조 불량 검출 프로젝트를 했습니다.", "github_url": "https://github.com/kim-dev",
            "blog_url": "https://kim.example/blog", "demo_url": "https://demo.example/vision",
            "region": "광주", "gender": "female"}
    data.update(overrides)
    return data


def upload(client, content, filename="이력서.pdf", **kwargs):
    """Post a file as a browser would. The body is encoded here, in memory: the test client would spool
    one over 500 KB to a temporary file that it never closes (a ResourceWarning, an error in this suite)."""
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(),
                                       "resume": FileStorage(io.BytesIO(content), filename=filename)})
    return client.post("/me/resume", data=body, content_type=f"multipart/form-data; boundary={boundary}",
                       csrf=False, **kwargs)


def message(app, msgid):
    """A message as the page shows it: Korean once translated, and HTML-escaped."""
    with app.test_request_context():
        return str(escape(gettext(msgid)))


def trainee_of(app, user_id):
    with app.app_context():
        return db.session.scalar(select(Trainee).where(Trainee.user_id == user_id))


def resume_ids(app):
    with app.app_context():
        return db.session.scalars(select(Resume.id).order_by(Resume.id)).all()


@pytest.fixture
def trainee(as_role):
    return as_role(Role.TRAINEE)


def test_profile_is_saved_and_shown(app, trainee):
    response = trainee.post("/me/profile", data=profile_data(visible_to_companies="y"))
    assert response.status_code == 303 and response.headers["Location"] == "/me/profile"
    with app.app_context():
        saved = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id))
        assert saved.headline == "컴퓨터비전 엔지니어를 꿈꾸는 2기 교육생"
        assert sorted(s.name for s in saved.skills) == ["PyTorch", "Python"]
        assert (saved.github_url, saved.blog_url, saved.demo_url) == (
            "https://github.com/kim-dev", "https://kim.example/blog", "https://demo.example/vision")
        assert (saved.visible_to_companies, saved.region, saved.gender) == (True, "광주", "female")
    form = trainee.get("/me/profile").get_data(as_text=True)
    assert 'value="컴퓨터비전 엔지니어를 꿈꾸는 2기 교육생"' in form and "제조 불량 검출 프로젝트를 했습니다." in form
    assert '<option selected value="광주">' in form and '<option selected value="female">' in form
    home = trainee.get("/me/").get_data(as_text=True)
    assert "컴퓨터비전 엔지니어를 꿈꾸는 2기 교육생" in home and "<li>PyTorch</li>" in home
    assert message(app, "Yes: approved companies can see your profile") in home
    assert 'href="/me/profile"' in home


def test_consent_is_off_by_default_and_statistics_are_optional_and_explained(app, trainee):
    assert trainee_of(app, trainee.user_id).visible_to_companies is False
    form = trainee.get("/me/profile").get_data(as_text=True)
    assert 'name="visible_to_companies"' in form and "checked" not in form
    assert 'id="statistics-hint"' in form and message(
        app, "Region and gender are used only in the totals the committee reports. Nobody, companies included, sees yours.") in form
    assert message(app, "No: only the committee and the companies you apply to") in trainee.get("/me/").get_data(as_text=True)
    trainee.post("/me/profile", data=profile_data(visible_to_companies="y"))
    assert trainee.post("/me/profile", data=profile_data(region="", gender="")).status_code == 303
    saved = trainee_of(app, trainee.user_id)
    assert (saved.visible_to_companies, saved.region, saved.gender) == (False, None, None)


def test_unknown_skill_is_refused_by_name(app, trainee):
    response = trainee.post("/me/profile", data=profile_data(skills="Python, 양자마법"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="skills-error"' in page and "양자마법" in page.split('id="skills-error"')[1]
    saved = trainee_of(app, trainee.user_id)
    assert saved.headline == "" and saved.region is None


@pytest.mark.parametrize("field,value", [
    ("github_url", "javascript:alert(1)"),
    ("blog_url", "javascript:alert(1)"),
    ("demo_url", "javascript://example.com/%0aalert(1)"),
    ("demo_url", "data:text/html,<script>alert(1)</script>"),
    ("blog_url", "ftp://files.example/blog"),
    ("github_url", "https://gitlab.com/kim-dev"),
    ("headline", "가" * 121),
    ("introduction", "<script>alert(1)</script>"),
    ("region", "화성"),
    ("gender", "unknown"),
])
def test_bad_profile_input_is_refused_next_to_the_field(app, trainee, field, value):
    response = trainee.post("/me/profile", data=profile_data(**{field: value}))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    saved = trainee_of(app, trainee.user_id)
    assert saved.headline == "" and saved.github_url == "" and saved.blog_url == "" and saved.demo_url == ""


def test_profile_form_answers_htmx_with_the_form_alone(trainee):
    response = trainee.post("/me/profile", data=profile_data(blog_url="javascript:alert(1)"), headers={"HX-Request": "true"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith("<form") and "<html" not in page and 'id="blog_url-error"' in page


def test_real_pdf_is_stored_and_its_owner_downloads_it(app, trainee):
    content = pdf_bytes()
    response = upload(trainee, content, filename="홍길동 이력서.pdf")
    assert response.status_code == 303 and response.headers["Location"] == "/me/profile"
    with app.app_context():
        resume = db.session.scalar(select(Resume))
        assert resume.filename == "홍길동 이력서.pdf" and resume.size == len(content)
        assert resume.sha256 == hashlib.sha256(content).hexdigest()
        assert resume.trainee_id == trainee_of(app, trainee.user_id).id
        resume_id = resume.id
    page = trainee.get("/me/profile").get_data(as_text=True)
    assert f'href="/resumes/{resume_id}"' in page and "홍길동 이력서.pdf" in page
    assert "홍길동 이력서.pdf" in trainee.get("/me/").get_data(as_text=True)

    download = trainee.get(f"/resumes/{resume_id}")
    assert download.status_code == 200 and download.data == content
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''%ED%99%8D%EA%B8%B8%EB%8F%99%20%EC%9D%B4%EB%A0%A5%EC%84%9C.pdf" in disposition
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"


def test_htmx_upload_answers_with_the_resume_card(app, trainee):
    response = upload(trainee, pdf_bytes(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<section class="card wide-card" id="resume-card">') and "<html" not in page
    assert "이력서.pdf" in page and message(app, "Your resume is uploaded.") in page
    refused = upload(trainee, b"", headers={"HX-Request": "true"})
    assert refused.status_code == 422 and 'id="resume-error"' in refused.get_data(as_text=True)


def test_a_new_upload_becomes_current_and_earlier_ones_stay(app, trainee):
    assert upload(trainee, pdf_bytes(), filename="../../etc/passwd.pdf").status_code == 303
    upload(trainee, pdf_bytes(pages=2), filename="second.pdf")
    first, second = resume_ids(app)
    with app.app_context():
        assert db.session.scalar(select(Trainee).where(Trainee.user_id == trainee.user_id)).resume.id == second
        assert db.session.get(Resume, first).filename == "passwd.pdf"  # the path is dropped, the upload accepted
    assert trainee.get(f"/resumes/{first}").status_code == 200


@pytest.mark.parametrize("content,filename,msgid", [
    (b"Name: Kim\nSkills: Python\n", "resume.pdf", "This file is not a PDF. Save your resume as PDF and upload that file."),
    (b"%PDF-1.7\ngarbage, not a document\n%%EOF\n", "resume.pdf",
     "The PDF could not be read. It may be damaged; save it again and upload the new file."),
    (b"", "resume.pdf", "The file is empty. Choose your resume PDF again."),
    (pdf_bytes() + b"%" + b"0" * (6 * MB), "big.pdf", "The file is larger than 5 MB. Upload a smaller PDF."),
    (pdf_bytes(pages=0), "blank.pdf", "The PDF has no pages."),
])
def test_bad_uploads_get_a_clear_message_and_save_nothing(app, trainee, content, filename, msgid):
    response = upload(trainee, content, filename=filename)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="resume-error"' in page and message(app, msgid) in page
    assert resume_ids(app) == []


def test_an_upload_over_the_request_limit_is_refused_without_a_500(app, trainee):
    response = upload(trainee, pdf_bytes() + b"%" + b"0" * (9 * MB))
    assert response.status_code == 413
    assert resume_ids(app) == []


def test_uploads_are_limited_per_trainee(app, trainee, as_role):
    assert [upload(trainee, b"").status_code for _ in range(21)] == [422] * 20 + [429]
    assert upload(as_role(Role.TRAINEE), b"").status_code == 422  # a classmate at the same address is not held up


def test_upload_without_a_file_is_refused(app, trainee):
    response = trainee.post("/me/resume", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and message(app, "Choose a PDF file.") in response.get_data(as_text=True)
    assert resume_ids(app) == []


@pytest.mark.parametrize("sent,stored", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\kim\\이력서.pdf", "이력서.pdf"),
    ("", "resume.pdf"),
    ("..", "resume.pdf"),
    ("/", "resume.pdf"),
    ("이력\u202e서.pdf", "이력서.pdf"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ("resume", "resume.pdf"),
    (".hidden.PDF", "hidden.PDF"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    (unicodedata.normalize("NFD", "이력서.pdf"), "이력서.pdf"),
])
def test_clean_filename(sent, stored):
    assert clean_filename(sent) == stored


def _apply(app, trainee_user_id, company_id, resume_id, stage=Stage.COMPANY_REVIEW, history=()):
    """An application to a new opening of company_id, sent with resume_id, at stage (with earlier stages in its history)."""
    with app.app_context():
        opening = Opening(company_id=company_id, title="데이터 엔지니어", job_role=JobRole.DATA_ENGINEER,
                          employment_type=EmploymentType.FULL_TIME, career_level=CareerLevel.NEW, workplace="광주 북구",
                          description="데이터 파이프라인을 만듭니다.", deadline_kind=DeadlineKind.ROLLING,
                          status=OpeningStatus.PUBLISHED)
        db.session.add(opening)
        db.session.flush()
        trainee_id = db.session.scalar(select(Trainee.id).where(Trainee.user_id == trainee_user_id))
        application = Application(opening_id=opening.id, trainee_id=trainee_id, resume_id=resume_id,
                                  cover_letter="지원합니다.", answers={}, stage=stage)
        application.events = [StageChange(from_stage=None, to_stage=s) for s in history]
        db.session.add(application)
        db.session.commit()


def test_who_may_download_a_resume(app, trainee, as_role, client):
    upload(trainee, pdf_bytes())
    (resume_id,) = resume_ids(app)
    url = f"/resumes/{resume_id}"
    assert as_role(Role.TRAINEE).get(url).status_code == 404
    assert as_role(Role.COMPANY).get(url).status_code == 404
    assert as_role(Role.COMMITTEE).get(url).status_code == 200
    assert as_role(Role.ADMIN).get(url).status_code == 200
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert as_role(Role.COMMITTEE).get("/resumes/999999").status_code == 404


def test_a_company_reads_the_resume_sent_to_it_once_the_committee_passed_it_on(app, make, trainee, as_role):
    upload(trainee, pdf_bytes(), filename="sent.pdf")
    upload(trainee, pdf_bytes(pages=2), filename="later.pdf")
    sent, later = resume_ids(app)
    company_id = make.company()
    member, other = as_role(Role.COMPANY, company_id=company_id), as_role(Role.COMPANY)

    _apply(app, trainee.user_id, company_id, sent, stage=Stage.SUBMITTED)
    assert member.get(f"/resumes/{sent}").status_code == 404  # still with the committee

    _apply(app, trainee.user_id, company_id, sent, stage=Stage.COMPANY_REVIEW)
    response = member.get(f"/resumes/{sent}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert member.get(f"/resumes/{later}").status_code == 404  # not the one it was sent
    assert other.get(f"/resumes/{sent}").status_code == 404


def test_a_company_keeps_access_after_a_decision_until_it_is_suspended(app, make, trainee, as_role):
    upload(trainee, pdf_bytes())
    (resume_id,) = resume_ids(app)
    company_id = make.company()
    member = as_role(Role.COMPANY, company_id=company_id)
    _apply(app, trainee.user_id, company_id, resume_id, stage=Stage.REJECTED, history=(Stage.SUBMITTED, Stage.REJECTED))
    assert member.get(f"/resumes/{resume_id}").status_code == 404
    _apply(app, trainee.user_id, company_id, resume_id, stage=Stage.REJECTED,
           history=(Stage.SUBMITTED, Stage.COMPANY_REVIEW, Stage.REJECTED))
    assert member.get(f"/resumes/{resume_id}").status_code == 200
    with app.app_context():
        db.session.get(Company, company_id).status = CompanyStatus.SUSPENDED
        db.session.commit()
    assert member.get(f"/resumes/{resume_id}").status_code == 404


def test_profile_pages_are_the_trainees_own(app, make, trainee, as_role):
    other_id = make.user(Role.TRAINEE, name="다른교육생")
    with app.app_context():
        other = db.session.scalar(select(Trainee).where(Trainee.user_id == other_id))
        other.headline, other.region, other.gender = "남의 헤드라인", "제주", "male"
        db.session.commit()
    home = trainee.get("/me/").get_data(as_text=True)
    profile = trainee.get("/me/profile").get_data(as_text=True)
    for page in (home, profile):
        assert "다른교육생" not in page and "남의 헤드라인" not in page
    assert "제주" not in home
    trainee.post("/me/profile", data=profile_data(headline="내 헤드라인"))
    with app.app_context():
        assert db.session.scalar(select(Trainee.headline).where(Trainee.user_id == other_id)) == "남의 헤드라인"
        assert db.session.scalar(select(func.count()).select_from(Trainee).where(Trainee.headline == "내 헤드라인")) == 1
    for role in (Role.COMPANY, Role.COMMITTEE):
        assert as_role(role).get("/me/profile").status_code == 403
        assert as_role(role).post("/me/resume", data={}).status_code == 403
