"""Public pages that travel: link previews, JobPosting data, sitemap, robots, icons, canonical addresses.

The pages are asked for at http://localhost while BOARD_URL says https://board.example.kr, so an
address built from the request instead of the configured origin shows up as localhost.
"""
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from board.platform.extensions import db
from board.models import Company, CompanyStatus, Project, Role, User
from board.models.types import utcnow
from board.models.openings import EmploymentType, OpeningStatus
from tests.conftest import sign_in

ORIGIN = "https://board.example.kr"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.ld, self._in_ld = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link":
            self.links[attrs.get("rel")] = attrs.get("href")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.ld[-1] += data


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = Head()
    parser.feed(response.get_data(as_text=True))
    return parser


def postings(head):
    return [json.loads(block) for block in head.ld]


@pytest.fixture(autouse=True)
def public_origin(app):
    # Set after start-up: the trusted hosts stay those of the test client.
    app.config["BOARD_URL"] = ORIGIN


@pytest.fixture
def world(app, make):
    company = make.company(name="광주데이터랩", partner=True)
    with app.app_context():
        found = db.session.get(Company, company)
        found.website = "https://datalab.example.kr"
        found.description = "광주의 **데이터** 회사입니다."
        db.session.commit()
    return {
        "company": company,
        "opening": make.opening(company_id=company, title="데이터 엔지니어", deadline_days=12,
                                description="## 하는 일\n\n- 파이프라인 **구축**\n- 모델 서빙"),
        "rolling": make.opening(company_id=company, title="AI 연구 인턴", deadline_days=None,
                                employment_type=EmploymentType.INTERN),
        "draft": make.opening(company_id=company, title="초안 공고", status=OpeningStatus.DRAFT),
        "closed": make.opening(company_id=company, title="마감된 공고", status=OpeningStatus.CLOSED),
        "past": make.opening(company_id=company, title="기한 지난 공고", deadline_days=-3),
    }


@pytest.mark.parametrize("path", ["/", "/openings", "/projects", "/login", "/signup/company", "opening", "company"])
def test_every_public_page_has_a_description_and_a_preview_built_from_board_url(client, world, path):
    url = {"opening": f"/openings/{world['opening']}", "company": f"/companies/{world['company']}"}.get(path, path)
    head = head_of(client, url)
    for name in ("description", "og:title", "og:description", "og:url", "og:image", "og:locale", "og:type",
                 "twitter:card"):
        assert head.meta.get(name), (url, name)
    assert head.meta["og:locale"] == "ko_KR"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:url"] == ORIGIN + url
    assert head.meta["og:image"] == ORIGIN + "/static/img/board-card.png"
    assert "robots" not in head.meta
    with client.get("/static/img/board-card.png") as card:
        assert card.status_code == 200


def test_an_openings_preview_says_company_title_workplace_type_and_d_day_in_korean(client, world):
    head = head_of(client, f"/openings/{world['opening']}")
    assert head.meta["og:title"] == "데이터 엔지니어 · 광주데이터랩"
    assert head.meta["og:description"].startswith("광주데이터랩 · 데이터 엔지니어 · 광주 북구 · 정규직 · D-12")
    # The description's words, without its Markdown.
    assert "하는 일 파이프라인 구축 모델 서빙" in head.meta["description"]
    rolling = head_of(client, f"/openings/{world['rolling']}")
    assert rolling.meta["og:description"].startswith("광주데이터랩 · AI 연구 인턴 · 광주 북구 · 인턴 · 상시채용")


def test_a_company_page_previews_its_introduction(client, world):
    head = head_of(client, f"/companies/{world['company']}")
    assert head.meta["og:title"].startswith("광주데이터랩")
    assert head.meta["og:description"] == "광주의 데이터 회사입니다."


def test_a_published_opening_carries_a_job_posting_with_googles_required_fields(client, world):
    [posting] = postings(head_of(client, f"/openings/{world['opening']}"))
    assert posting["@context"].startswith("https://schema.org") and posting["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "hiringOrganization", "validThrough"):
        assert posting.get(required), required
    assert posting["title"] == "데이터 엔지니어"
    assert "<" not in posting["description"] and "**" not in posting["description"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", posting["datePosted"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT23:59:59\+09:00", posting["validThrough"])
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["hiringOrganization"] == {
        "@type": "Organization", "name": "광주데이터랩", "url": f"{ORIGIN}/companies/{world['company']}",
        "sameAs": "https://datalab.example.kr"}
    address = posting["jobLocation"]["address"]
    assert address["@type"] == "PostalAddress" and address["addressCountry"] == "KR"
    assert address["addressLocality"] == "광주 북구" and address["addressRegion"] == "광주"
    # The board stores 만원 a year; search engines read won.
    assert posting["baseSalary"] == {"@type": "MonetaryAmount", "currency": "KRW", "value": {
        "@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 30_000_000, "maxValue": 40_000_000}}
    assert posting["url"] == f"{ORIGIN}/openings/{world['opening']}"


def test_a_rolling_internship_has_no_valid_through_and_maps_its_type(client, world):
    [posting] = postings(head_of(client, f"/openings/{world['rolling']}"))
    assert "validThrough" not in posting
    assert posting["employmentType"] == "INTERN"


@pytest.mark.parametrize("which", ["draft", "closed", "past"])
def test_closed_and_unpublished_openings_carry_no_job_posting(app, client, make, world, which):
    committee = make.user(Role.COMMITTEE)
    with app.app_context():
        email = db.session.get(User, committee).email
    assert sign_in(client, email).status_code == 303
    page = client.get(f"/openings/{world[which]}")
    assert page.status_code == 200
    assert "application/ld+json" not in page.get_data(as_text=True)


def test_a_title_cannot_close_the_json_ld_block(app, client, make, world):
    title = "</script><script>alert(1)</script> & <b>"
    opening = make.opening(company_id=world["company"], title=title)
    body = client.get(f"/openings/{opening}").get_data(as_text=True)
    block = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["title"] == title
    assert "<script>alert(1)</script>" not in body


def test_the_sitemap_lists_every_public_page_and_no_unpublished_one(client, world, make):
    project_company = world["company"]
    with client.application.app_context():
        db.session.add_all([
            Project(company_id=project_company, title="수어 통역", status=OpeningStatus.PUBLISHED, published_at=utcnow()),
            Project(company_id=project_company, title="비공개 과제", status=OpeningStatus.DRAFT)])
        db.session.commit()
        projects = {p.title: p.id for p in db.session.scalars(db.select(Project))}
    hidden_company = make.company(status=CompanyStatus.PENDING)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())
    entries = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    for page in ("/", "/openings", "/projects"):
        assert ORIGIN + page in entries
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entries[ORIGIN + page])
    for which in ("opening", "rolling"):
        assert entries[f"{ORIGIN}/openings/{world[which]}"]
    for which in ("draft", "closed", "past"):
        assert f"{ORIGIN}/openings/{world[which]}" not in entries
    assert entries[f"{ORIGIN}/companies/{world['company']}"]
    assert f"{ORIGIN}/companies/{hidden_company}" not in entries
    assert entries[f"{ORIGIN}/projects/{projects['수어 통역']}"]
    assert f"{ORIGIN}/projects/{projects['비공개 과제']}" not in entries
    assert all(loc.startswith(ORIGIN + "/") for loc in entries)


def test_robots_points_to_the_sitemap_and_keeps_private_areas_and_searches_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    for path in ("/me/", "/company/", "/committee/", "/admin/", "/openings?"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines


def test_signed_in_pages_say_noindex_and_public_ones_do_not(app, client, make):
    assert "X-Robots-Tag" not in client.get("/openings").headers
    trainee = make.user(Role.TRAINEE)
    with app.app_context():
        email = db.session.get(User, trainee).email
    assert sign_in(client, email).status_code == 303
    page = client.get("/me/")
    assert page.headers["X-Robots-Tag"] == "noindex"
    parser = Head()
    parser.feed(page.get_data(as_text=True))
    assert parser.meta["robots"] == "noindex"


def test_a_filtered_board_names_the_plain_board_as_canonical(client, world):
    head = head_of(client, "/openings?q=데이터&type=full_time&partner=y&page=1")
    assert head.links["canonical"] == f"{ORIGIN}/openings"
    assert head.meta["og:url"] == f"{ORIGIN}/openings"
    opening = head_of(client, f"/openings/{world['opening']}?utm_source=kakao")
    assert opening.links["canonical"] == f"{ORIGIN}/openings/{world['opening']}"


def test_pages_link_an_apple_touch_icon_and_a_korean_manifest(client):
    head = head_of(client, "/")
    with client.get(head.links["apple-touch-icon"]) as response:
        icon = response.get_data()
    assert icon[:8] == b"\x89PNG\r\n\x1a\n" and icon[16:24] == (180).to_bytes(4, "big") * 2
    response = client.get(head.links["manifest"])
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["name"] == "AI 사관학교 채용 연계 보드"
    assert manifest["short_name"] and manifest["theme_color"] == "#1f4fd1"
    assert manifest["background_color"] == "#f6f7f9"
    for icon in manifest["icons"]:
        with client.get(icon["src"].removeprefix(ORIGIN)) as response:
            assert response.status_code == 200

