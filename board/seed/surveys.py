"""Demo data for hiring-demand surveys: one open round, answered by about two thirds of the companies."""
from datetime import timedelta

from board.platform.extensions import db
from board.models import CompanyStatus, HiringTiming, JobRole, Skill, SurveyResponse, SurveyRound, SurveyRow
from board.models.audit import audit
from board.models.types import board_today, utcnow
from board.seed.timeline import survey_half


# What a role usually asks for; every name must be in the skill vocabulary the migration loads.
ROLE_SKILLS = {
    JobRole.VISION: ["Python", "PyTorch", "OpenCV", "컴퓨터비전", "객체 탐지", "영상 분할"],
    JobRole.NLP: ["Python", "PyTorch", "자연어처리", "Hugging Face", "LLM", "LangChain"],
    JobRole.SPEECH: ["Python", "PyTorch", "음성인식", "TensorFlow"],
    JobRole.ML_ENGINEER: ["Python", "PyTorch", "TensorFlow", "scikit-learn", "Pandas"],
    JobRole.AI_RESEARCHER: ["Python", "PyTorch", "강화학습", "LLM", "컴퓨터비전"],
    JobRole.DATA_ENGINEER: ["Python", "SQL", "Spark", "Kafka", "Airflow", "PostgreSQL"],
    JobRole.DATA_ANALYST: ["Python", "SQL", "Pandas", "통계", "데이터 시각화", "시계열 분석"],
    JobRole.MLOPS: ["Docker", "Kubernetes", "AWS", "MLOps", "Linux", "GCP"],
    JobRole.BACKEND: ["Python", "FastAPI", "Django", "Java", "Spring", "PostgreSQL", "Redis"],
    JobRole.FRONTEND: ["JavaScript", "TypeScript", "React", "Vue"],
    JobRole.PLANNER: ["LLM", "데이터 시각화", "SQL"],
}
# A company's main role follows what its description says it does; the first match wins.
KEYWORD_ROLES = [
    ("수어", JobRole.VISION, ["수어 인식"]), ("OCR", JobRole.VISION, ["OCR"]), ("음성", JobRole.SPEECH, []),
    ("로봇", JobRole.AI_RESEARCHER, ["강화학습", "C++"]), ("자율주행", JobRole.VISION, ["C++"]),
    ("게임", JobRole.AI_RESEARCHER, ["강화학습"]), ("영상", JobRole.VISION, []), ("비전", JobRole.VISION, []),
    ("감지", JobRole.VISION, ["객체 탐지"]), ("챗봇", JobRole.NLP, []), ("번역", JobRole.NLP, []),
    ("법률", JobRole.NLP, []), ("추천", JobRole.ML_ENGINEER, ["추천시스템"]), ("예측", JobRole.DATA_ANALYST, ["시계열 분석"]),
    ("예지", JobRole.DATA_ANALYST, ["시계열 분석"]), ("클라우드", JobRole.MLOPS, []), ("데이터", JobRole.DATA_ENGINEER, []),
]
# Roles companies add beside their main one.
SIDE_ROLES = [JobRole.BACKEND, JobRole.MLOPS, JobRole.DATA_ENGINEER, JobRole.ML_ENGINEER, JobRole.FRONTEND,
              JobRole.PLANNER]
HEADCOUNTS = [1, 1, 1, 2, 2, 2, 3, 3, 4, 5]
TIMINGS = [HiringTiming.NOW, HiringTiming.WITHIN_3_MONTHS, HiringTiming.WITHIN_3_MONTHS,
           HiringTiming.WITHIN_6_MONTHS, HiringTiming.WITHIN_6_MONTHS, HiringTiming.NEXT_YEAR]


def _vocabulary():
    """{name: Skill} for every name used here; a missing name is a bug in this module, so it fails loudly."""
    names = sorted({n for skills in ROLE_SKILLS.values() for n in skills} | {n for _k, _r, extra in KEYWORD_ROLES for n in extra})
    found, unknown = Skill.lookup(names)
    if unknown:
        raise ValueError(f"demo survey skills missing from the vocabulary: {', '.join(unknown)}")
    return {skill.name: skill for skill in found}


def _main_role(description):
    for keyword, role, extra in KEYWORD_ROLES:
        if keyword in (description or ""):
            return role, extra
    return JobRole.ML_ENGINEER, []


def _rows(rng, company, skills):
    """One to three rows: the company's main role first, then side roles, each with 2–4 fitting skills."""
    main, extra = _main_role(company.description)
    roles = [main] + rng.sample([r for r in SIDE_ROLES if r != main], rng.choice((0, 0, 1, 1, 2)))
    rows = []
    for i, role in enumerate(roles):
        names = rng.sample(ROLE_SKILLS[role], rng.randint(2, min(4, len(ROLE_SKILLS[role]))))
        if i == 0:
            names = list(dict.fromkeys(extra + names))
        rows.append(SurveyRow(job_role=role, headcount=rng.choice(HEADCOUNTS), timing=rng.choice(TIMINGS),
                              skills=[skills[n] for n in names]))
    return rows


def seed_demo_survey(companies, author, rng):
    """Add the round for the coming half year, e.g. "2027 상반기" (deadline in 30 days), answered by about
    two thirds of the approved companies.

    Adds to the session and flushes (the round needs an id for the audit trail); the caller commits.
    """
    approved = [c for c in companies if c.status == CompanyStatus.APPROVED]
    skills = _vocabulary()
    opened_at = utcnow() - timedelta(days=14)
    half = survey_half()
    survey = SurveyRound(title=half, deadline=board_today() + timedelta(days=30), created_at=opened_at,
                         note=f"{half.split()[1]} 채용 계획을 직무별로 알려 주세요. 교육 과정과 매칭 준비에 활용합니다.")
    db.session.add(survey)
    db.session.flush()
    survey.created_by_id = author.id
    # Opening a round is a committee decision, so the demo records it like the app does.
    audit("survey.open", survey, actor=author, title=survey.title, deadline=survey.deadline.isoformat())
    for company in rng.sample(approved, round(len(approved) * 2 / 3)):
        member = next((m for m in company.members if m.active), None)
        db.session.add(SurveyResponse(
            round=survey, company=company, rows=_rows(rng, company, skills),
            updated_at=opened_at + timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 9)),
            updated_by_id=member.id if member else None,
        ))
    return survey
