"""Demo trainee profiles, resumes and applications at every stage of the pipeline."""
import hashlib
import io
from datetime import timedelta

from pypdf import PdfWriter
from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, OpeningStatus, Resume, Role, Skill, Stage, StageChange, TraineeStatus
from board.models.types import utcnow
from board.seed.academy import PROFILED
from board.domain.pipeline import MOVES

# Per skill set: the skills, the role a trainee aims at, what they did or like, and their project course's team.
SKILL_SETS = [["Python", "PyTorch", "컴퓨터비전", "OpenCV"], ["Python", "SQL", "Airflow", "Spark"],
              ["Python", "자연어처리", "Hugging Face", "LLM"], ["Docker", "Kubernetes", "MLOps", "AWS"],
              ["Python", "음성인식", "PyTorch"], ["Python", "Pandas", "추천시스템", "SQL"]]
AIMS = ["컴퓨터비전 엔지니어", "데이터 엔지니어", "자연어처리 엔지니어", "MLOps 엔지니어", "음성 AI 엔지니어", "데이터 분석가"]
INTERESTS = [
    ["모델 경량화에 관심 있는", "제조 불량 검출 모델을 만들어 본", "객체 탐지를 현장 카메라에 올려 본", "OpenCV 전처리부터 배포까지 해 본"],
    ["데이터 파이프라인을 좋아하는", "Airflow로 수집 작업을 자동화해 본", "공공 데이터를 모아 정제해 본", "Spark로 대용량 로그를 다뤄 본"],
    ["LLM 서비스를 만들고 싶은", "민원 문서 분류 모델을 학습해 본", "Hugging Face 모델을 미세조정해 본", "챗봇의 근거 검색을 연구하는"],
    ["클라우드 배포를 공부하는", "Kubernetes로 모델 서빙을 해 본", "학습부터 배포까지 자동화하고 싶은", "GPU 클러스터 운영에 관심 있는"],
    ["음성 AI로 안전한 일터를 만들고 싶은", "화자 인식 모델을 만들어 본", "상담 음성에서 위험 상황을 감지해 본", "음성인식 자막 생성에 관심 있는"],
    ["추천 시스템과 데이터 분석에 강한", "쇼핑몰 추천 모델을 실험해 본", "SQL로 서비스 지표를 설계해 본", "수요 예측 분석을 좋아하는"],
]
PROJECT_TEAMS = ["제조 불량 검출", "물류센터 수요 예측", "민원 문서 자동 분류와 요약", "MLOps 기반 모델 배포 자동화",
                 "음성대화 분석 기반 폭력상황 감지", "쇼핑몰 상품 추천"]
PARTS = ["데이터 수집과 전처리를", "모델 학습과 평가를", "API 서버와 배포를", "시연 화면을"]


def _kind(i):
    """The i-th profile's skill set; shifted by i // 6 so a class (i % 6) mixes all six, not one track each."""
    return (i + i // len(SKILL_SETS)) % len(SKILL_SETS)


def headline(i, trainee):
    """The i-th profile's one-line introduction, from its skill set, the role it aims at and its class.

    Within a skill set every i has its own i // 6, which walks interests (4) and endings (5) together;
    4 and 5 being coprime, the first twenty in a set all differ.
    """
    kind, j = _kind(i), i // len(SKILL_SETS)
    aim, cohort, klass = AIMS[kind], trainee.cohort.number, trainee.cohort_class.number
    endings = [f"예비 {aim}", f"{aim} 지망생", f"{cohort}기 {klass}반 교육생", f"신입 {aim}", f"{cohort}기 교육생"]
    return f"{INTERESTS[kind][j % 4]} {endings[j % 5]}"


def introduction(i, trainee):
    kind = _kind(i)
    return (f"광주 AI 사관학교 {trainee.cohort.number}기 {trainee.cohort_class.number}반 교육생입니다. "
            f"프로젝트 과정에서 기업과제 '{PROJECT_TEAMS[kind]}' 팀의 {PARTS[(i // 6) % len(PARTS)]} 맡고 있습니다.")


# The path an application takes to reach each stage, from submission.
PATHS = {
    Stage.SUBMITTED: [],
    Stage.COMMITTEE_REVIEW: [Stage.COMMITTEE_REVIEW],
    Stage.NEEDS_CHANGES: [Stage.COMMITTEE_REVIEW, Stage.NEEDS_CHANGES],
    Stage.COMPANY_REVIEW: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW],
    Stage.LUNCH_MEETING: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.LUNCH_MEETING],
    Stage.INTERVIEW: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW],
    Stage.OFFER: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER],
    Stage.HIRED: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED],
    Stage.REJECTED: [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.REJECTED],
    Stage.WITHDRAWN: [Stage.COMMITTEE_REVIEW, Stage.WITHDRAWN],
}
DEMO_TRAINEE_STAGES = [Stage.SUBMITTED, Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW]
OTHER_STAGES = [Stage.SUBMITTED] * 6 + [Stage.NEEDS_CHANGES] * 2 + [Stage.COMMITTEE_REVIEW] * 5 + [Stage.COMPANY_REVIEW] * 6 + \
    [Stage.LUNCH_MEETING] * 3 + [Stage.INTERVIEW] * 4 + [Stage.OFFER] * 2 + [Stage.HIRED] * 2 + \
    [Stage.REJECTED] * 3 + [Stage.WITHDRAWN] * 2


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resume(trainee, content):
    return Resume(trainee_id=trainee.id, filename=f"{trainee.user.name}_이력서.pdf", size=len(content),
                  sha256=hashlib.sha256(content).hexdigest(), content=content)


# One application whose offer the trainee declined: 면접 → 합격 → (declined) 지원 취소.
DECLINED_PATH = [Stage.COMMITTEE_REVIEW, Stage.COMPANY_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.WITHDRAWN]


def _application(trainee, opening, resume, stage, actors, when, path=None):
    """An application that has walked the legal path to stage, each move by someone allowed to make it."""
    application = Application(opening=opening, trainee=trainee, resume=resume, stage=stage,
                              cover_letter=f"{opening.company.name}의 {opening.title} 자리에 지원합니다. "
                                           "사관학교 프로젝트에서 비슷한 문제를 풀어 보았습니다.",
                              created_at=when, stage_changed_at=when, version=1 + len(path or PATHS[stage]))
    if stage == Stage.NEEDS_CHANGES:
        application.advice = "자기소개서에 프로젝트에서 맡은 역할과 결과를 구체적으로 적어 보세요."
    events = [StageChange(application=application, at=when, actor=trainee.user, from_stage=None, to_stage=Stage.SUBMITTED)]
    previous = Stage.SUBMITTED
    for step, to_stage in enumerate(path or PATHS[stage], start=1):
        roles = MOVES[(previous, to_stage)]
        # The trainee answers an offer (accepts it, or declines it); the company made it.
        answer = previous == Stage.OFFER and Role.TRAINEE in roles
        actor = actors[Role.TRAINEE] if answer else next(user for role, user in actors.items() if role in roles)
        at = when + timedelta(days=2 * step)
        events.append(StageChange(application=application, at=at, actor=actor, from_stage=previous, to_stage=to_stage))
        application.stage_changed_at = at
        previous = to_stage
    return [application, *events]


def demo_applications(rng, trainees, openings, committee, company_members):
    """Profiles and resumes for cohort-2 trainees, and applications spread over the pipeline."""
    skills = {s.name: s for s in db.session.scalars(select(Skill))}
    content = _pdf()
    # Only trainees who joined (set a password) can write a profile and apply.
    cohort2 = [t for t in trainees if t.status == TraineeStatus.TRAINING and t.user.password_hash]
    demo = next(t for t in cohort2 if t.user.email == "trainee@board.example")
    rows = []
    profiled = [demo] + [t for t in cohort2 if t is not demo][:PROFILED - 1]
    resumes = {}
    now = utcnow()
    for i, trainee in enumerate(profiled):
        trainee.headline = headline(i, trainee)
        trainee.skills = [skills[name] for name in SKILL_SETS[_kind(i)]]
        trainee.visible_to_companies = i % 3 != 2
        trainee.introduction = introduction(i, trainee)
        trainee.github_url = f"https://github.com/demo-trainee-{i:03d}"
        resumes[trainee.id] = _resume(trainee, content)
        # Uploaded as the project course began, after joining and before the first application.
        resumes[trainee.id].uploaded_at = now - timedelta(days=45 + i % 10, hours=i % 7)
        rows.append(resumes[trainee.id])
    db.session.add_all(rows)
    db.session.flush()

    published = [o for o in openings if o.status == OpeningStatus.PUBLISHED]
    members = {m.company_id: m for m in company_members}
    for stage, opening in zip(DEMO_TRAINEE_STAGES, published):
        actors = {Role.COMMITTEE: committee, Role.COMPANY: members.get(opening.company_id, committee), Role.TRAINEE: demo.user}
        rows += _application(demo, opening, resumes[demo.id], stage, actors, now - timedelta(days=rng.randint(10, 20)))
    others = profiled[1:]
    for n, stage in enumerate(OTHER_STAGES):
        trainee = others[n % len(others)]
        opening = published[(n * 7 + 5) % len(published)]
        actors = {Role.COMMITTEE: committee, Role.COMPANY: members.get(opening.company_id, committee), Role.TRAINEE: trainee.user}
        # A few applications sit untouched for over a week, so the pipeline has stale cards.
        age = rng.randint(12, 30) if n % 5 == 0 else rng.randint(1, 6)
        rows += _application(trainee, opening, resumes[trainee.id], stage, actors, now - timedelta(days=age + 2 * len(PATHS[stage])))
    trainee, opening = others[1], published[3]
    actors = {Role.COMMITTEE: committee, Role.COMPANY: members.get(opening.company_id, committee), Role.TRAINEE: trainee.user}
    rows += _application(trainee, opening, resumes[trainee.id], Stage.WITHDRAWN, actors, now - timedelta(days=14),
                         path=DECLINED_PATH)
    return rows
