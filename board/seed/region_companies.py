"""The rest of the region's AI firms, so the board counts its companies as the article does.

The article counts 16 firms that moved their HQ to the region, 26 founded there (42 in all)
and 46 regional offices and labs. board.seed.academy holds the firms the demo acts with;
these are the others: approved, of their kind, with a description, but with no members,
postings or agreement. A random generator of their own keeps the rest of the demo as it was.
"""
import random

from board.models import Company, CompanyKind, CompanyStatus
from board.models.types import utcnow
from board.seed.academy import _registration_number

# Approved companies of each kind the board must hold in all (the article's counts).
ARTICLE_KINDS = {CompanyKind.RELOCATED: 16, CompanyKind.FOUNDED: 26, CompanyKind.BRANCH: 46}
SEED = 2021_07_27

PLACES = ("첨단", "하남", "송암", "진곡", "평동", "본량", "임곡", "신가", "수완", "운남", "비아", "동림",
          "양산", "일곡", "매곡", "삼각", "용두", "충효", "금호", "풍암", "백운", "방림", "지원", "소태")
FIELDS = ("비전", "데이터", "로보틱스", "헬스", "모빌리티", "보이스", "에너지", "팜", "시큐리티", "클라우드",
          "메디컬", "핀테크", "리걸", "에듀", "미디어", "물류", "디지털트윈", "센서")
BRANCHES = ("광주연구소", "광주 AI센터", "호남지사", "광주사무소", "광주 R&D센터")
WHAT = {
    CompanyKind.RELOCATED: "본사를 광주로 옮겨 {field} 분야 AI 서비스를 개발합니다.",
    CompanyKind.FOUNDED: "광주에서 창업해 {field} 분야 AI 제품을 만듭니다.",
    CompanyKind.BRANCH: "{field} 분야 AI를 연구하는 지역 거점입니다.",
}


def region_companies(existing):
    """New approved companies that bring each kind up to the article's count, given the demo's companies."""
    rng = random.Random(SEED)
    taken = {c.registration_number for c in existing}
    names = {c.name for c in existing}
    approved = [c for c in existing if c.is_approved]
    rows, n = [], 0
    for kind, wanted in ARTICLE_KINDS.items():
        for _ in range(wanted - sum(c.kind == kind for c in approved)):
            place, trade = PLACES[n % len(PLACES)], FIELDS[(n * 7) % len(FIELDS)]
            name = (f"{place}{trade}AI" if kind != CompanyKind.BRANCH
                    else f"{trade}{place}테크 {BRANCHES[n % len(BRANCHES)]}")
            while name in names:
                name += "2"
            names.add(name)
            company = Company(name=name, registration_number=_registration_number(rng, taken), kind=kind,
                              description=WHAT[kind].format(field=trade), website=f"https://company-{n + 1:03d}.example",
                              # Approved as they come: firms of the region the demo never decides about.
                              status=CompanyStatus.APPROVED, approved_at=utcnow())
            rows.append(company)
            n += 1
    return rows
