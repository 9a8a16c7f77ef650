"""Demo trainee profiles, resumes and applications at every stage of the pipeline."""
import hashlib
import io
from datetime import timedelta

from pypdf import PdfWriter
from sqlalchemy import select

from board.extensions import db
from board.models import Application, OpeningStatus, Resume, Role, Skill, Stage, StageChange, TraineeStatus
from board.models.types import utcnow
from board.pipeline import MOVES

HEADLINES = ["컴퓨터비전 모델 경량화에 관심 있는 교육생", "데이터 파이프라인을 좋아하는 예비 데이터 엔지니어",
             "자연어처리와 LLM 서비스를 만들고 싶은 개발자", "MLOps와 클라우드 배포를 공부하는 교육생",
             "음성 AI로 안전한 일터를 만들고 싶은 교육생", "추천 시스템과 데이터 분석에 강한 교육생"]
SKILL_SETS = [["Python", "PyTorch", "컴퓨터비전", "OpenCV"], ["Python", "SQL", "Airflow", "Spark"],
              ["Python", "자연어처리", "Hugging Face", "LLM"], ["Docker", "Kubernetes", "MLOps", "AWS"],
              ["Python", "음성인식", "PyTorch"], ["Python", "Pandas", "추천시스템", "SQL"]]
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


def _application(trainee, opening, resume, stage, actors, when):
    """An application that has walked the legal path to stage, each move by someone allowed to make it."""
    application = Application(opening=opening, trainee=trainee, resume=resume, stage=stage,
                              cover_letter=f"{opening.company.name}의 {opening.title} 자리에 지원합니다. "
                                           "사관학교 프로젝트에서 비슷한 문제를 풀어 보았습니다.",
                              created_at=when, stage_changed_at=when, version=1 + len(PATHS[stage]))
    if stage == Stage.NEEDS_CHANGES:
        application.advice = "자기소개서에 프로젝트에서 맡은 역할과 결과를 구체적으로 적어 보세요."
    events = [StageChange(application=application, at=when, actor=trainee.user, from_stage=None, to_stage=Stage.SUBMITTED)]
    previous = Stage.SUBMITTED
    for step, to_stage in enumerate(PATHS[stage], start=1):
        roles = MOVES[(previous, to_stage)]
        actor = next(user for role, user in actors.items() if role in roles)
        at = when + timedelta(days=2 * step)
        events.append(StageChange(application=application, at=at, actor=actor, from_stage=previous, to_stage=to_stage))
        application.stage_changed_at = at
        previous = to_stage
    return [application, *events]


def demo_applications(rng, trainees, openings, committee, company_members):
    """Profiles and resumes for cohort-2 trainees, and applications spread over the pipeline."""
    skills = {s.name: s for s in db.session.scalars(select(Skill))}
    content = _pdf()
    cohort2 = [t for t in trainees if t.status == TraineeStatus.TRAINING]
    demo = next(t for t in cohort2 if t.user.email == "trainee@board.example")
    rows = []
    profiled = [demo] + [t for t in cohort2 if t is not demo][:59]
    resumes = {}
    for i, trainee in enumerate(profiled):
        trainee.headline = HEADLINES[i % len(HEADLINES)]
        trainee.skills = [skills[name] for name in SKILL_SETS[i % len(SKILL_SETS)]]
        trainee.visible_to_companies = i % 3 != 2
        trainee.introduction = "광주 AI 사관학교 2기 교육생입니다. 팀 프로젝트에서 데이터 수집부터 모델 배포까지 맡았습니다."
        trainee.github_url = f"https://github.com/demo-trainee-{i:03d}"
        resumes[trainee.id] = _resume(trainee, content)
        rows.append(resumes[trainee.id])
    db.session.add_all(rows)
    db.session.flush()

    published = [o for o in openings if o.status == OpeningStatus.PUBLISHED]
    members = {m.company_id: m for m in company_members}
    now = utcnow()
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
    return rows
