"""Demo company projects (기업과제): the 2nd cohort's 19, mostly published, a few in review or returned."""
from datetime import timedelta

from sqlalchemy import select

from board.platform.extensions import db
from board.models import OpeningStatus, Project, ProjectVersion, Skill
from board.models.audit import audit
from board.models.types import utcnow
from board.seed.timeline import project_course_start

# (title, skills, the problem, what the company provides); the first three are the article's.
PROJECTS = [
    ("청각장애인을 위한 수어통역 솔루션", ["Python", "수어 인식", "컴퓨터비전"],
     "수어 영상을 인식해 문장으로 옮기고, 음성을 수어 아바타로 보여주는 통역 서비스를 만듭니다.",
     "수어 영상 1만 건과 문장 대응표"),
    ("음성대화 분석 기반 폭력상황 감지", ["Python", "음성인식", "PyTorch"],
     "상담 창구와 돌봄 현장의 음성 대화에서 폭언과 위협을 실시간으로 감지해 담당자에게 알립니다.",
     "비식별화한 상담 음성과 상황 라벨"),
    ("음성분석 출입관리 AI", ["Python", "음성인식", "FastAPI"],
     "화자 인식으로 사무실 출입을 관리하고, 녹음된 목소리를 이용한 위조 시도를 막습니다.",
     "직원 동의를 받은 음성 샘플과 출입 기록"),
    ("제조 불량 검출", ["Python", "PyTorch", "객체 탐지"],
     "사출 성형 부품 사진에서 찍힘, 변색, 미성형 같은 불량을 찾아내는 검사 모델을 만듭니다.",
     "라인 카메라 이미지 3만 장과 불량 유형 라벨"),
    ("태양광 발전량 예측", ["Python", "시계열 분석", "Pandas"],
     "기상 예보와 설비 데이터로 다음 날 시간대별 발전량을 예측해 전력 거래에 씁니다.",
     "발전소 3곳의 3년치 발전량과 기상 관측값"),
    ("자동차 부품 표면 결함 분할", ["Python", "영상 분할", "OpenCV"],
     "금속 부품 표면의 긁힘과 녹을 픽셀 단위로 분할해 결함 면적을 잽니다.",
     "고해상도 표면 이미지와 마스크 라벨"),
    ("민원 문서 자동 분류와 요약", ["Python", "자연어처리", "Hugging Face"],
     "접수된 민원을 담당 부서별로 분류하고 핵심 내용을 세 줄로 요약합니다.",
     "비식별화한 민원 10만 건과 처리 부서"),
    ("스마트팜 작물 생육 진단", ["Python", "컴퓨터비전", "TensorFlow"],
     "온실 카메라 사진으로 딸기 생육 단계와 병해를 진단하고 관리 방법을 알려줍니다.",
     "생육 단계별 작물 사진과 재배 일지"),
    ("의료 영상 판독 보조", ["Python", "PyTorch", "영상 분할"],
     "흉부 X-ray에서 의심 병변의 위치를 표시해 판독의를 돕는 보조 도구를 만듭니다.",
     "공개 의료 영상 데이터셋과 전문의 검수"),
    ("물류센터 수요 예측", ["Python", "시계열 분석", "SQL"],
     "상품별 주문량을 예측해 물류센터 인력과 재고 배치를 미리 계획합니다.",
     "2년치 주문 기록과 프로모션 일정"),
    ("상담 챗봇 의도 분류", ["Python", "LLM", "LangChain"],
     "고객 문의의 의도를 분류하고 자주 묻는 질문에는 근거 문서와 함께 답합니다.",
     "상담 로그와 FAQ 문서"),
    ("영상 자막 자동 번역", ["Python", "자연어처리", "음성인식"],
     "강의 영상의 음성을 받아 적고 영어와 베트남어 자막으로 번역합니다.",
     "강의 영상 200편과 사람이 만든 자막"),
    ("도로 파손 탐지", ["Python", "객체 탐지", "OpenCV"],
     "차량 블랙박스 영상에서 포트홀과 균열을 찾아 지도에 표시합니다.",
     "도로 주행 영상과 보수 기록"),
    ("에너지 사용량 이상 탐지", ["Python", "scikit-learn", "데이터 시각화"],
     "건물의 전력 사용 패턴에서 설비 고장과 낭비를 찾아 관리자에게 알립니다.",
     "건물 20곳의 15분 단위 전력 데이터"),
    ("손글씨 서식 OCR", ["Python", "OCR", "PyTorch"],
     "손으로 쓴 신청서에서 이름, 주소, 금액을 읽어 전산에 입력합니다.",
     "스캔한 신청서 5천 장과 입력값"),
    ("쇼핑몰 상품 추천", ["Python", "추천시스템", "Spark"],
     "구매와 조회 기록으로 지역 특산물 쇼핑몰의 상품 추천 모델을 만들고 효과를 측정합니다.",
     "1년치 구매·조회 로그"),
    ("MLOps 기반 모델 배포 자동화", ["Docker", "Kubernetes", "MLOps"],
     "학습한 모델을 검증하고 배포하고 성능을 감시하는 파이프라인을 구축합니다.",
     "사내 GPU 클러스터 계정과 예제 모델"),
    ("드론 영상 시설물 점검", ["Python", "컴퓨터비전", "객체 탐지"],
     "드론으로 찍은 교량과 송전탑 영상에서 균열과 부식을 찾아냅니다.",
     "드론 점검 영상과 점검 보고서"),
    ("공공 데이터 기반 상권 분석", ["Python", "빅데이터", "데이터 시각화"],
     "유동 인구와 카드 매출 데이터로 광주 상권의 변화를 분석하는 대시보드를 만듭니다.",
     "공공 데이터 포털 자료와 카드 매출 통계"),
]
SUBMITTED = (9, 14)
RETURNED = {12: "제공 데이터의 규모와 사용 조건(비식별화 여부)을 적어 주세요. 팀이 과제 범위를 가늠할 수 있어야 합니다."}


def _description(problem, data, company):
    return (f"## 해결할 문제\n{problem}\n\n"
            f"## 제공하는 데이터와 자원\n- {data}\n- {company.name} 담당자의 주 1회 멘토링\n\n"
            "## 좋은 결과란\n- 실제 데이터로 성능을 측정한 모델\n- 현장에서 써 볼 수 있는 시연")


def demo_projects(rng, companies, committee):
    """The projects, each with its first version, and the committee's publish and return decisions in the audit trail."""
    skills = {s.name: s for s in db.session.scalars(select(Skill))}
    approved = [c for c in companies if c.is_approved]
    projects = []
    for n, (title, names, problem, data) in enumerate(PROJECTS):
        company = approved[(n * 3) % len(approved)]
        status = (OpeningStatus.SUBMITTED if n in SUBMITTED else
                  OpeningStatus.RETURNED if n in RETURNED else OpeningStatus.PUBLISHED)
        # Published ones were posted before the project course began, so teams could pick them; the ones
        # still in review or returned came in late.
        since = project_course_start() if status == OpeningStatus.PUBLISHED else utcnow()
        created = since - timedelta(days=rng.randint(5, 40), hours=rng.randint(0, 23))
        project = Project(company=company, title=title, description=_description(problem, data, company),
                          team_size=rng.choice([3, 4, 5, 5, 6]), status=status, return_reason=RETURNED.get(n, ""),
                          skills=[skills[name] for name in names], created_at=created,
                          updated_at=created + timedelta(hours=2), submitted_at=created + timedelta(hours=2))
        if status == OpeningStatus.PUBLISHED:
            project.published_at = project.updated_at = created + timedelta(days=1)
        projects.append(project)
    db.session.add_all(projects)
    db.session.flush()  # the audit trail names each project by its id
    decisions = []
    for project in projects:
        # The version the company submitted; the published ones' is the approved one the next review compares with.
        decisions.append(ProjectVersion(project=project, number=1, content=project.snapshot(), created_at=project.submitted_at,
                                        approved_at=project.published_at))
        if project.status == OpeningStatus.PUBLISHED:
            entry = audit("project.publish", project, actor=committee, company_id=project.company_id)
            entry.at = project.published_at
            decisions.append(entry)
        elif project.status == OpeningStatus.RETURNED:
            decisions.append(audit("project.return", project, reason=project.return_reason, actor=committee,
                                   company_id=project.company_id))
    return projects + decisions
