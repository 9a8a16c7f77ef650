"""Demo academy: the 2021 article's cohorts and trainees, its partner companies and the demo accounts.

Dates are the article's, moved onto today's calendar (board.seed.timeline).
"""
from datetime import date, time, timedelta

from board.models import (
    Agreement, Cohort, CohortClass, Company, CompanyKind, CompanyStatus, Role, Trainee, TraineeStatus, User,
)
from board.models.companies import registration_number_is_valid
from board.models.types import utcnow
from board.platform.seoul_time import seoul_time
from board.seed.timeline import moved

# In the article's calendar: the agreement was signed while cohort 2 trained.
AGREEMENT_DAY = date(2021, 7, 27)
GWANGJU = "광주"

# Where the 155 graduates of cohort 1 lived, as the article counts them.
COHORT1_REGIONS = {"광주": 73, "서울": 30, "경기": 22, "전남북": 15, "충청": 4, "인천": 4,
                   "경남북": 3, "대구": 2, "부산": 2}
# The article gives only "129 from Gwangju, 51 from elsewhere"; this spread follows cohort 1's.
COHORT2_OTHER_REGIONS = {"서울": 12, "경기": 10, "전남북": 14, "충청": 4, "인천": 3, "경남북": 3,
                         "대구": 2, "부산": 2, "강원": 1}
COHORT1_DROPPED_REGIONS = {"광주": 10, "서울": 6, "경기": 4, "전남북": 3, "충청": 1, "인천": 1}

# Weighted roughly by how common the surnames are, so 김, 이 and 박 dominate as in a real roster.
SURNAMES = ("김" * 21 + "이" * 15 + "박" * 8 + "최" * 5 + "정" * 5 + "강" * 2 + "조" * 2 + "윤" * 2
            + "장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진")
# Whole common given names: free syllable pairs produce names no parent would choose (박지진).
MALE_NAMES = ("민준 서준 도윤 예준 시우 하준 주원 지호 지후 준우 준서 건우 현우 우진 선우 연우 민재 현준 "
              "유준 정우 승우 승현 시윤 준혁 은우 지환 승민 민성 준영 시후 진우 지훈 성민 재윤 성현 현수 "
              "동현 태윤 민혁 재현 상우 영훈 성훈 동욱 정훈 준호 태민").split()
FEMALE_NAMES = ("서연 서윤 지우 서현 민서 하은 하윤 윤서 지민 지유 채원 지윤 은서 수아 다은 예은 수빈 지아 "
                "소윤 예린 서영 민지 유진 수민 하린 지원 예원 채은 가은 유나 수연 지현 은지 혜원 소영 미진 "
                "지은 나연 다인 수진").split()

# Fictional firms in the article's groups; the first 28 signed the agreement of 27 July 2021.
COMPANIES = [
    ("빛고을에이아이", "bitgoeul-ai", CompanyKind.LOCAL, "제조 공정 영상에서 불량을 찾아내는 비전 검사 솔루션을 만듭니다."),
    ("무등데이터랩", "mudeung-datalab", CompanyKind.FOUNDED, "공공 데이터를 정제해 수요예측 모델을 만드는 데이터 분석 기업입니다."),
    ("영산강로보틱스", "yeongsan-robotics", CompanyKind.RELOCATED, "물류 창고용 자율주행 로봇과 관제 소프트웨어를 개발합니다."),
    ("첨단소리AI", "cheomdan-sori", CompanyKind.FOUNDED, "음성 대화를 분석해 폭력 상황을 감지하는 음성 AI를 연구합니다."),
    ("손말이음테크", "sonmal-tech", CompanyKind.FOUNDED, "청각장애인을 위한 수어 통역 영상 인식 서비스를 운영합니다."),
    ("양림헬스케어AI", "yangnim-health", CompanyKind.RELOCATED, "의료 영상 판독을 돕는 AI와 병원용 클라우드를 제공합니다."),
    ("남도스마트팜", "namdo-smartfarm", CompanyKind.LOCAL, "작물 생육 데이터를 모아 재배 정보를 알려주는 농업 AI 기업입니다."),
    ("하남모빌리티랩", "hanam-mobility", CompanyKind.BRANCH, "자율주행 차량의 센서 데이터를 처리하는 연구소입니다."),
    ("송정클라우드", "songjeong-cloud", CompanyKind.RELOCATED, "AI 학습용 GPU 클라우드와 MLOps 플랫폼을 운영합니다."),
    ("광산에너지AI", "gwangsan-energy", CompanyKind.FOUNDED, "태양광 발전량 예측과 에너지 관리 시스템을 만듭니다."),
    ("월곡비전", "wolgok-vision", CompanyKind.FOUNDED, "CCTV 영상 속 이상 행동을 알려주는 지능형 관제 솔루션 기업입니다."),
    ("상무핀테크랩", "sangmu-fintech", CompanyKind.RELOCATED, "금융 거래 이상 탐지와 신용평가 모델을 개발합니다."),
    ("운암자막번역", "unam-subtitle", CompanyKind.FOUNDED, "영상 자막을 자동으로 만들고 번역하는 서비스를 운영합니다."),
    ("치평문서AI", "chipyeong-docs", CompanyKind.LOCAL, "스캔 문서를 읽어 데이터로 바꾸는 OCR 솔루션 기업입니다."),
    ("극락강에듀테크", "geukrak-edutech", CompanyKind.FOUNDED, "학습 기록으로 맞춤 문제를 추천하는 교육 AI를 만듭니다."),
    ("대촌바이오인포", "daechon-bioinfo", CompanyKind.BRANCH, "유전체 데이터를 분석하는 바이오 인포매틱스 연구소입니다."),
    ("풍암보이스", "pungam-voice", CompanyKind.RELOCATED, "음성으로 직원을 확인하는 출입관리 AI 솔루션을 공급합니다."),
    ("서석디지털트윈", "seoseok-twin", CompanyKind.BRANCH, "산업단지 설비의 디지털 트윈과 고장 예측을 연구합니다."),
    ("금남커머스AI", "geumnam-commerce", CompanyKind.FOUNDED, "온라인 쇼핑몰의 상품 추천과 수요 예측 엔진을 만듭니다."),
    ("지산리걸테크", "jisan-legal", CompanyKind.FOUNDED, "판례 검색과 계약서 검토를 돕는 법률 AI 서비스입니다."),
    ("용봉메디데이터", "yongbong-medidata", CompanyKind.LOCAL, "진료 기록을 비식별화해 분석하는 의료 데이터 플랫폼입니다."),
    ("평동스마트제조", "pyeongdong-mfg", CompanyKind.LOCAL, "금형·부품 공장의 설비 예지 정비 솔루션을 제공합니다."),
    ("광천로지스", "gwangcheon-logis", CompanyKind.RELOCATED, "배송 경로 최적화와 물동량 예측 AI를 개발합니다."),
    ("화정게임랩", "hwajeong-gamelab", CompanyKind.FOUNDED, "게임 속 캐릭터 행동과 밸런스를 조정하는 AI를 만듭니다."),
    ("본촌드론웍스", "bonchon-droneworks", CompanyKind.FOUNDED, "드론 영상으로 시설물 균열을 찾는 점검 서비스입니다."),
    ("효천세이프티", "hyocheon-safety", CompanyKind.RELOCATED, "건설 현장의 안전모 착용과 위험구역 진입을 감지합니다."),
    ("수완기상연구소", "suwan-weather", CompanyKind.BRANCH, "국지 기상 예측 모델을 연구하는 지역 연구소입니다."),
    ("문흥대화AI", "munheung-dialog", CompanyKind.FOUNDED, "민원 상담 챗봇과 상담 대화 분석 서비스를 만듭니다."),
    ("오치모빌리티", "ochi-mobility", CompanyKind.RELOCATED, "전기차 배터리 상태 진단 AI를 개발합니다."),
    ("신창미디어AI", "sinchang-media", CompanyKind.LOCAL, "방송 영상의 장면을 분류하고 요약하는 미디어 AI 기업입니다."),
    # Pending: they signed up and wait in the committee's approval queue.
    ("첨단그린데이터", "cheomdan-green", CompanyKind.FOUNDED, "도시 녹지와 대기질 데이터를 분석합니다."),
    ("장덕비전랩", "jangdeok-visionlab", CompanyKind.BRANCH, "위성 영상 분석을 연구하는 지역 연구소입니다."),
]
PARTNERS = 28
PENDING = 2
# Cohort 2's trainees with a profile and a resume (the demo trainee and the next 59 on the roster).
PROFILED = 60


def _name(rng, gender):
    """A Korean full name such as 김민준."""
    return rng.choice(SURNAMES) + rng.choice(MALE_NAMES if gender == "male" else FEMALE_NAMES)


def _registration_number(rng, taken):
    """A fresh 10-digit business registration number with a correct check digit."""
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    while True:
        # Shaped like a Gwangju corporation's number: tax-office code, then 81/86-88 for a company HQ.
        office, kind, serial = rng.choice((408, 409, 410)), rng.choice((81, 86, 87, 88)), rng.randrange(10**4)
        head = [int(c) for c in f"{office}{kind}{serial:04d}"]
        total = sum(d * w for d, w in zip(head, weights)) + head[8] * 5 // 10
        number = "".join(map(str, head)) + str((10 - total % 10) % 10)
        if number not in taken:
            assert registration_number_is_valid(number)
            taken.add(number)
            return number


def _spread(counts):
    """A list with each key repeated as often as counted."""
    return [key for key, n in counts.items() for _ in range(n)]


def _cohorts(rng):
    """The two cohorts of the article, each with six classes and their staff."""
    c1 = Cohort(number=1, starts_on=moved(date(2020, 5, 11)), ends_on=moved(date(2020, 11, 27)),
                applicants=1045, selected=180, completed=155, hours=960)
    # Cohort 2 is in its project course (its last two months), so it has no completion figure yet.
    c2 = Cohort(number=2, starts_on=moved(date(2021, 6, 1)), ends_on=moved(date(2021, 12, 31)),
                applicants=609, selected=180, completed=None, hours=1120)
    for cohort in (c1, c2):
        cohort.classes = [
            CohortClass(number=n, instructor=_name(rng, rng.choice(("male", "female"))),
                        assistant=_name(rng, rng.choice(("male", "female"))))
            for n in range(1, 7)
        ]
    return c1, c2


def _at_nine(day):
    """09:00 in Seoul on day, as an aware UTC datetime."""
    return seoul_time(day, time(9, 0))


def _trainee(rng, cohort, index, status, region, gender, email=None, name=None):
    """A trainee with an account that has no password yet (they join through an invitation)."""
    user = User(email=email or f"trainee-c{cohort.number}-{index + 1:03d}@board.example",
                name=name or _name(rng, gender), role=Role.TRAINEE)
    trainee = Trainee(user=user, cohort=cohort, cohort_class=cohort.classes[index % 6],
                      status=status, region=region, gender=gender)
    return user, trainee


def _cohort1_trainees(rng, cohort):
    """180 selected: 155 graduates in the article's regions and genders, and 25 who dropped out."""
    regions = _spread(COHORT1_REGIONS)
    genders = ["male"] * 110 + ["female"] * 45
    rng.shuffle(genders)
    people = [(TraineeStatus.COMPLETED, r, g) for r, g in zip(regions, genders)]
    dropped = _spread(COHORT1_DROPPED_REGIONS)
    people += [(TraineeStatus.DROPPED, r, "male" if i % 3 else "female") for i, r in enumerate(dropped)]
    rng.shuffle(people)
    rows = []
    for i, (status, region, gender) in enumerate(people):
        rows.extend(_trainee(rng, cohort, i, status, region, gender))
    return rows


def has_joined(index):
    """Whether cohort 2's trainee at index has set a password: the 60 with profiles, and most of the rest."""
    return index < PROFILED or index % 4 != 3


def _cohort2_trainees(rng, cohort, password_hash):
    """180 in training, 129 from Gwangju; the first is the demo trainee in class 1.

    The roster was imported a week before the course began and the trainees joined in its first weeks.
    """
    others = [GWANGJU] * 128 + _spread(COHORT2_OTHER_REGIONS)
    rng.shuffle(others)
    regions = [GWANGJU] + others
    imported = _at_nine(cohort.starts_on - timedelta(days=7))
    rows = []
    for i, region in enumerate(regions):
        gender = "female" if i == 0 or rng.random() < 0.33 else "male"
        if i == 0:
            user, trainee = _trainee(rng, cohort, i, TraineeStatus.TRAINING, region, gender,
                                     email="trainee@board.example", name="정하은")
        else:
            user, trainee = _trainee(rng, cohort, i, TraineeStatus.TRAINING, region, gender)
        user.created_at = imported
        if has_joined(i):
            _give_password(user, password_hash, at=imported + timedelta(days=7 + i % 21, hours=i % 8))
        rows += [user, trainee]
    return rows


def _give_password(user, password_hash, at=None):
    """Set the shared demo hash, computed once because the production method is slow on purpose."""
    user.password_hash = password_hash
    user.password_changed_at = at or utcnow()


def _companies(rng, password_hash):
    """The companies, their agreements, and a member with a password for each pending company."""
    taken, companies, members = set(), [], []
    for i, (name, slug, kind, description) in enumerate(COMPANIES):
        company = Company(name=name, registration_number=_registration_number(rng, taken), kind=kind,
                          description=description, website=f"https://{slug}.example")
        if i < len(COMPANIES) - PENDING:
            company.status = CompanyStatus.APPROVED  # a new record: approved as it is made, dated below
            # They registered and were approved in the weeks before signing the agreement.
            company.created_at = _at_nine(moved(AGREEMENT_DAY) - timedelta(days=21)) + timedelta(hours=i % 8, days=i // 8)
            company.approved_at = company.created_at + timedelta(days=2)
        else:
            company.status = CompanyStatus.PENDING
            # Spread sign-up times so the approval queue has a visible order.
            company.created_at = utcnow() - timedelta(days=len(COMPANIES) - i)
            member = User(email=f"recruit@{slug}.example", name=_name(rng, rng.choice(("male", "female"))),
                          role=Role.COMPANY, company=company)
            _give_password(member, password_hash)
            members.append(member)
        if i < PARTNERS:
            # What each partner pledged per cohort: one to three hires, three to six interviews.
            company.agreements = [Agreement(signed_on=moved(AGREEMENT_DAY), note="채용 연계 협약 (취업지원위원회 참여기업)",
                                            pledged_hires=1 + i % 3, pledged_interviews=3 + i % 4)]
        companies.append(company)
    return companies, members


def demo_academy(rng, password_hash):
    """Cohorts, trainees, companies and the four demo accounts, not yet added to the session."""
    c1, c2 = _cohorts(rng)
    companies, company_members = _companies(rng, password_hash)
    staff = [
        User(email="admin@board.example", name="관리자 김하늘", role=Role.ADMIN),
        User(email="committee@board.example", name="위원 박민호", role=Role.COMMITTEE),
        User(email="company@board.example", name="담당자 이서연", role=Role.COMPANY, company=companies[0]),
    ]
    # The board opened a month before cohort 2 began; cohort 1's roster came in then, for its outcomes.
    opened = _at_nine(c2.starts_on - timedelta(days=30))
    for user in staff:
        user.created_at = user.company.created_at if user.company else opened
        _give_password(user, password_hash, at=user.created_at)
    cohort1 = _cohort1_trainees(rng, c1)
    for row in cohort1:
        if isinstance(row, User):
            row.created_at = opened
    rows = [c1, c2, *companies, *company_members, *staff, *cohort1, *_cohort2_trainees(rng, c2, password_hash)]
    return rows, companies, staff
