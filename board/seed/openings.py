"""Demo openings in every moderation state, spread over the approved companies."""
from datetime import timedelta

from sqlalchemy import select

from board.platform.extensions import db
from board.models import (
    CareerLevel, DeadlineKind, Education, EmploymentType, JobRole, Opening, OpeningStatus, QuestionKind, ScreeningQuestion,
    Skill,
)
from board.models.audit import audit
from board.models.openings import OpeningVersion
from board.models.types import board_today, utcnow

# (title, role, required skills, preferred skills, what the job is)
JOBS = [
    ("컴퓨터비전 엔지니어", JobRole.VISION, ["Python", "PyTorch", "컴퓨터비전"], ["OpenCV", "객체 탐지"],
     "카메라 영상에서 불량과 이상 상황을 찾아내는 모델을 만들고 현장 장비에 배포합니다."),
    ("자연어처리 연구원", JobRole.NLP, ["Python", "자연어처리", "Hugging Face"], ["LLM", "LangChain"],
     "상담 기록, 민원, 판례, 자막 같은 텍스트를 다루는 언어 모델을 학습하고 평가합니다."),
    ("음성 AI 엔지니어", JobRole.SPEECH, ["Python", "음성인식", "PyTorch"], ["Docker"],
     "음성 인식과 화자 인식 모델을 개발하고 현장에서 모은 음성으로 개선합니다."),
    ("데이터 엔지니어", JobRole.DATA_ENGINEER, ["Python", "SQL", "Airflow"], ["Spark", "Kafka", "AWS"],
     "여러 기관의 데이터를 모아 정제하는 파이프라인을 설계하고 운영합니다."),
    ("데이터 분석가", JobRole.DATA_ANALYST, ["SQL", "Pandas", "통계"], ["데이터 시각화", "R"],
     "서비스 이용 데이터를 분석해 수요를 예측하고 의사결정을 돕습니다."),
    ("MLOps 엔지니어", JobRole.MLOPS, ["Docker", "Kubernetes", "MLOps"], ["AWS", "GCP"],
     "모델 학습과 배포를 자동화하고 GPU 클러스터를 운영합니다."),
    ("AI 백엔드 개발자", JobRole.BACKEND, ["Python", "FastAPI", "PostgreSQL"], ["Redis", "Docker"],
     "AI 모델을 서비스하는 API 서버와 데이터베이스를 개발합니다."),
    ("추천 시스템 머신러닝 엔지니어", JobRole.ML_ENGINEER, ["Python", "scikit-learn", "추천시스템"], ["Spark"],
     "이용 기록으로 상품과 콘텐츠를 추천하는 모델을 개발하고 A/B 테스트로 개선합니다."),
    ("수어 인식 연구원", JobRole.AI_RESEARCHER, ["Python", "수어 인식", "컴퓨터비전"], ["TensorFlow"],
     "청각장애인을 위한 수어 통역 서비스의 인식 모델을 연구합니다."),
    ("문서 AI 엔지니어", JobRole.ML_ENGINEER, ["Python", "OCR", "PyTorch"], ["자연어처리"],
     "스캔 문서에서 정보를 추출하는 OCR 모델을 개발합니다."),
    ("AI 서비스 기획자", JobRole.PLANNER, ["데이터 시각화"], ["SQL"],
     "AI 기능이 들어간 서비스를 기획하고 개발팀과 함께 출시합니다."),
    ("프론트엔드 개발자", JobRole.FRONTEND, ["JavaScript", "React"], ["TypeScript"],
     "AI 분석 결과를 보여주는 관제 대시보드를 개발합니다."),
]
# Each approved company's first opening is for what it does (in the order of board.seed.academy.COMPANIES);
# its second is one of the roles every company hires for.
SPECIALTIES = ["컴퓨터비전 엔지니어", "데이터 분석가", "프론트엔드 개발자", "음성 AI 엔지니어", "수어 인식 연구원",
               "MLOps 엔지니어", "데이터 엔지니어", "데이터 엔지니어", "MLOps 엔지니어", "데이터 분석가",
               "컴퓨터비전 엔지니어", "데이터 분석가", "자연어처리 연구원", "문서 AI 엔지니어", "추천 시스템 머신러닝 엔지니어",
               "데이터 엔지니어", "음성 AI 엔지니어", "데이터 분석가", "추천 시스템 머신러닝 엔지니어", "자연어처리 연구원",
               "데이터 엔지니어", "데이터 분석가", "AI 백엔드 개발자", "AI 백엔드 개발자", "컴퓨터비전 엔지니어",
               "컴퓨터비전 엔지니어", "데이터 분석가", "자연어처리 연구원", "데이터 분석가", "컴퓨터비전 엔지니어"]
GENERAL = ["데이터 엔지니어", "MLOps 엔지니어", "AI 백엔드 개발자", "AI 서비스 기획자", "프론트엔드 개발자", "데이터 분석가"]
WORKPLACES = ["광주 북구 첨단과기로", "광주 남구 송암로", "광주 광산구 하남산단로", "광주 서구 상무중앙로", "광주 동구 금남로", "전남 나주시 빛가람로"]
RETURN_REASONS = ["연봉 범위를 구체적으로 적어 주세요. 회사 내규라면 그렇게 표시해 주세요.",
                  "담당 업무가 너무 짧습니다. 입사 후 맡을 일을 3가지 이상 적어 주세요.",
                  "마감일이 교육 수료일보다 빠릅니다. 수료 이후로 조정해 주세요."]


def _description(job, company):
    duty = job[4]
    return (f"## 하는 일\n- {duty}\n- 팀과 함께 모델 성능을 측정하고 개선합니다.\n\n"
            f"## 이런 분을 찾습니다\n- AI 사관학교 수료(예정)자\n- {', '.join(job[2])} 경험이 있는 분\n\n"
            f"## {company.name}에서 일하면\n- 광주 AI 집적단지의 GPU 자원을 씁니다.\n- 채용 연계 협약에 따라 수료생을 우대합니다.")


def _job(n, companies):
    """The n-th opening's job: the company's specialty first, then a general role other than it."""
    by_title = {job[0]: job for job in JOBS}
    specialty = SPECIALTIES[n % companies % len(SPECIALTIES)]
    if n < companies:
        return by_title[specialty]
    general = [title for title in GENERAL if title != specialty]
    return by_title[general[n % len(general)]]


def demo_openings(rng, companies):
    """Openings for the approved companies: mostly published, some in review, returned, closed or drafted."""
    today = board_today()
    skills = {s.name: s for s in db.session.scalars(select(Skill))}
    approved = [c for c in companies if c.is_approved]
    rows, n = [], 0
    plan = [OpeningStatus.PUBLISHED] * 40 + [OpeningStatus.SUBMITTED] * 5 + [OpeningStatus.RETURNED] * 3 + \
        [OpeningStatus.CLOSED] * 4 + [OpeningStatus.DRAFT] * 3
    for status in plan:
        company = approved[n % len(approved)]
        job = _job(n, len(approved))
        n += 1
        career = CareerLevel.NEW if n % 3 else rng.choice([CareerLevel.EXPERIENCED, CareerLevel.ANY])
        by_policy = n % 7 == 0
        low = rng.choice([2800, 3000, 3200, 3400, 3600])
        kind = DeadlineKind.DATE if n % 4 else rng.choice([DeadlineKind.ROLLING, DeadlineKind.UNTIL_FILLED])
        opening = Opening(
            company=company, title=f"{job[0]}{' (신입)' if career == CareerLevel.NEW else ''}", job_role=job[1],
            employment_type=EmploymentType.INTERN if n % 11 == 0 else EmploymentType.FULL_TIME,
            career_level=career, education=rng.choice([Education.ANY, Education.BACHELOR, Education.ANY]),
            workplace=rng.choice(WORKPLACES), salary_by_policy=by_policy,
            salary_min=None if by_policy else low, salary_max=None if by_policy else low + rng.choice([400, 800, 1200]),
            headcount=rng.choice([1, 1, 2, 2, 3, 5]), description=_description(job, company), deadline_kind=kind,
            deadline=today + timedelta(days=rng.choice([2, 5, 6, 12, 20, 30, 45])) if kind == DeadlineKind.DATE else None,
            status=status, created_by_id=None,
        )
        opening.set_skills([skills[s] for s in job[2]], [skills[s] for s in job[3]])
        if n % 2:
            opening.questions = [ScreeningQuestion(position=1, kind=QuestionKind.YES_NO, prompt="광주에서 근무할 수 있나요?")]
        age = timedelta(days=rng.randint(1, 40))
        opening.created_at = opening.updated_at = utcnow() - age
        if status != OpeningStatus.DRAFT:
            opening.submitted_at = opening.created_at + timedelta(hours=2)
        if status in (OpeningStatus.PUBLISHED, OpeningStatus.CLOSED):
            opening.published_at = opening.submitted_at + timedelta(days=1)
        if status == OpeningStatus.CLOSED:
            opening.closed_at = utcnow() - timedelta(days=1)
        if status == OpeningStatus.RETURNED:
            opening.return_reason = RETURN_REASONS[n % len(RETURN_REASONS)]
        rows.append(opening)
    return rows


def record_history(openings, committee):
    """First versions and the committee's decisions, once the openings have ids."""
    for opening in openings:
        approved = opening.published_at if opening.status in (OpeningStatus.PUBLISHED, OpeningStatus.CLOSED) else None
        yield OpeningVersion(opening=opening, number=1, content=opening.snapshot(), created_at=opening.created_at,
                             approved_at=approved)
        if approved:
            yield audit("opening.publish", opening, actor=committee, company_id=opening.company_id)
        elif opening.status == OpeningStatus.RETURNED:
            yield audit("opening.return", opening, reason=opening.return_reason, actor=committee, company_id=opening.company_id)
