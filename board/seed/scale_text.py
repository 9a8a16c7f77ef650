"""Korean text material for the scale seed: company names, job posts, letters and lunch days.

Built from parts, so 5,000 companies and 20,000 openings read like a real board and the
board's substring search finds realistic words (데이터, 자바, 인턴, 광주 ...) at realistic rates.
"""
from board.models import JobRole
from board.seed.openings import JOBS

# Company names: a place, a field, a form of company (빛고을 + 데이터 + 랩).
PLACES = ("빛고을 무등 영산 첨단 송정 양림 하남 상무 운암 치평 극락 풍암 서석 금남 지산 용봉 평동 광천 화정 본촌 "
          "효천 수완 문흥 오치 신창 장덕 충장 월곡 계림 봉선 진월 일곡 매곡 각화 두암 산수 동명 학동 방림 월산 "
          "나주 목포 여수 순천 전주 익산 군산 판교 성수 역삼 가산 구로 마곡 송도 대덕 오송 해운대 센텀 동탄 광교").split()
FIELDS = ("데이터 에이아이 비전 보이스 로보틱스 헬스케어 모빌리티 클라우드 핀테크 에듀테크 스마트팜 바이오 "
          "에너지 드론 리걸테크 커머스 미디어 게임 물류 세이프티 디지털트윈 문서AI 대화AI 소프트 인포 시스템").split()
FORMS = ("랩 테크 웍스 솔루션 연구소 주식회사 파트너스 네트웍스 컴퍼니 그룹 이노베이션 플랫폼").split()

COMPANY_LINES = (
    "제조 공정 영상에서 불량을 찾아내는 비전 검사 솔루션을 만듭니다.",
    "공공 데이터를 정제해 수요예측 모델을 만드는 데이터 분석 기업입니다.",
    "물류 창고용 자율주행 로봇과 관제 소프트웨어를 개발합니다.",
    "음성 대화를 분석해 위험 상황을 감지하는 음성 AI를 연구합니다.",
    "청각장애인을 위한 수어 통역 영상 인식 서비스를 운영합니다.",
    "의료 영상 판독을 돕는 AI와 병원용 클라우드를 제공합니다.",
    "작물 생육 데이터를 모아 재배 정보를 알려주는 농업 AI 기업입니다.",
    "AI 학습용 GPU 클라우드와 MLOps 플랫폼을 운영합니다.",
    "금융 거래 이상 탐지와 신용평가 모델을 개발합니다.",
    "영상 자막을 자동으로 만들고 번역하는 서비스를 운영합니다.",
    "스캔 문서를 읽어 데이터로 바꾸는 OCR 솔루션 기업입니다.",
    "학습 기록으로 맞춤 문제를 추천하는 교육 AI를 만듭니다.",
    "자바와 스프링으로 공공기관의 대용량 민원 시스템을 구축합니다.",
    "배송 경로 최적화와 물동량 예측 AI를 개발합니다.",
    "전기차 배터리 상태 진단 AI를 개발합니다.",
    "민원 상담 챗봇과 상담 대화 분석 서비스를 만듭니다.",
)

# Extra job titles beside the demo's twelve, so search terms like 자바 and 인턴 hit a realistic share.
MORE_JOBS = [
    ("자바 백엔드 개발자", JobRole.BACKEND, ["Java", "Spring", "MySQL"], ["Redis", "AWS"],
     "자바와 스프링으로 대용량 트래픽을 처리하는 API 서버를 개발합니다."),
    ("데이터 엔지니어 인턴", JobRole.DATA_ENGINEER, ["Python", "SQL"], ["Airflow", "Spark"],
     "데이터 수집과 정제 파이프라인 운영을 돕고 배웁니다."),
    ("AI 연구원 (시계열)", JobRole.AI_RESEARCHER, ["Python", "시계열 분석", "PyTorch"], ["강화학습"],
     "에너지 수요와 설비 고장을 예측하는 시계열 모델을 연구합니다."),
    ("영상 분할 엔지니어", JobRole.VISION, ["Python", "영상 분할", "PyTorch"], ["OpenCV", "Docker"],
     "의료 영상과 위성 영상에서 관심 영역을 분할하는 모델을 개발합니다."),
    ("LLM 서비스 개발자", JobRole.NLP, ["Python", "LLM", "LangChain"], ["FastAPI", "Docker"],
     "사내 문서를 검색해 답하는 LLM 서비스를 만들고 운영합니다."),
    ("클라우드 인프라 엔지니어", JobRole.MLOPS, ["AWS", "Kubernetes", "Linux"], ["Azure", "GCP"],
     "GPU 클러스터와 모델 서빙 인프라를 설계하고 운영합니다."),
]
ALL_JOBS = JOBS + MORE_JOBS

WORKPLACES = ("광주 북구 첨단과기로", "광주 남구 송암로", "광주 광산구 하남산단로", "광주 서구 상무중앙로",
              "광주 동구 금남로", "전남 나주시 빛가람로", "전남 목포시 남악로", "전북 전주시 기린대로",
              "서울 강남구 테헤란로", "서울 성동구 성수이로", "경기 성남시 판교역로", "경기 수원시 광교중앙로",
              "대전 유성구 대덕대로", "부산 해운대구 센텀중앙로")

DUTIES = (
    "팀과 함께 모델 성능을 측정하고 개선합니다.",
    "데이터 수집부터 전처리, 학습, 배포까지 전 과정을 경험합니다.",
    "현장 담당자와 함께 요구사항을 정리하고 프로토타입을 만듭니다.",
    "코드 리뷰와 문서화로 팀의 개발 문화를 함께 만듭니다.",
    "고객사의 데이터를 분석해 개선 방향을 제안합니다.",
    "서비스 지표를 모니터링하고 장애에 대응합니다.",
)
PERKS = (
    "광주 AI 집적단지의 GPU 자원을 씁니다.", "채용 연계 협약에 따라 수료생을 우대합니다.",
    "유연 근무제와 원격 근무를 함께 운영합니다.", "교육비와 학회 참가비를 지원합니다.",
    "수습 3개월 후 정규직 전환을 검토합니다.", "사내 스터디와 멘토링 프로그램이 있습니다.",
)

HEADLINES = ("컴퓨터비전 모델 경량화에 관심 있는 교육생", "데이터 파이프라인을 좋아하는 예비 데이터 엔지니어",
             "자연어처리와 LLM 서비스를 만들고 싶은 개발자", "MLOps와 클라우드 배포를 공부하는 교육생",
             "음성 AI로 안전한 일터를 만들고 싶은 교육생", "추천 시스템과 데이터 분석에 강한 교육생",
             "자바 백엔드와 AI 서빙을 함께 하는 개발자", "공공 데이터로 지역 문제를 푸는 분석가")
INTRODUCTIONS = ("AI 사관학교 교육생입니다. 팀 프로젝트에서 데이터 수집부터 모델 배포까지 맡았습니다.",
                 "기업과제로 수어 통역 서비스를 만들며 영상 인식 모델을 학습했습니다.",
                 "해커톤에서 수요 예측 모델로 수상했고, 현업 데이터에 관심이 많습니다.",
                 "비전공자로 시작해 파이썬과 SQL을 익히고 데이터 분석 프로젝트를 이끌었습니다.")
COVER_LETTERS = ("{company}의 {title} 자리에 지원합니다. 사관학교 프로젝트에서 비슷한 문제를 풀어 보았습니다.",
                 "{title} 공고를 보고 지원합니다. 팀 프로젝트에서 맡은 데이터 전처리 경험을 살리고 싶습니다.",
                 "{company}에서 일하며 현장의 문제를 AI로 풀고 싶습니다. 포트폴리오를 함께 보내드립니다.",
                 "교육 과정에서 익힌 모델 배포 경험으로 {title} 업무에 빠르게 기여하겠습니다.")

VENUES = ("광주 AI 집적단지 컨벤션홀", "국가 AI 데이터센터 세미나실", "광주과학기술원 오룡관", "김대중컨벤션센터 회의실",
          "전남대학교 정보마루", "광주 창업지원센터 라운지")
LUNCH_TITLES = ("리쿠르트 런치데이", "채용 연계 런치데이", "기업과제 런치데이", "수료 예정자 런치데이")
OUTSIDE_EMPLOYERS = ("한빛데이터시스템", "새솔정보통신", "다온에이아이", "온누리소프트", "미래로클라우드", "가람아이앤씨",
                     "바른데이터", "하늘빛소프트", "도담테크", "시온네트웍스")
PROJECT_TITLES = ("청각장애인을 위한 수어 통역 서비스", "음성 대화 기반 폭력 상황 감지", "음성 기반 출입 통제 시스템",
                  "지역 상권 수요 예측", "AI 농업 정보 시스템", "영상 자막 자동 번역", "공장 설비 고장 예측",
                  "드론 영상 시설물 균열 탐지")


def company_name(n):
    """A distinct name for the n-th company (0-based): place + field + form, numbered after every round."""
    place = PLACES[n % len(PLACES)]
    field = FIELDS[(n // len(PLACES)) % len(FIELDS)]
    form = FORMS[(n // (len(PLACES) * len(FIELDS))) % len(FORMS)]
    return f"{place}{field}{form}"


def opening_description(job, company, rng):
    """A posting's body in the board's markdown, with the job's skills in it (searchable)."""
    duties = rng.sample(DUTIES, 2)
    perks = rng.sample(PERKS, 2)
    return (f"## 하는 일\n- {job[4]}\n- {duties[0]}\n- {duties[1]}\n\n"
            f"## 이런 분을 찾습니다\n- AI 사관학교 수료(예정)자\n- {', '.join(job[2])} 경험이 있는 분\n\n"
            f"## {company}에서 일하면\n- {perks[0]}\n- {perks[1]}")
