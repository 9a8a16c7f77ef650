"""Security headers on every kind of response, not only on pages.

tests/test_security.py checks the policy on the public pages and each role's area; here the
same full set of headers is required of fragments, downloads, calendar files, redirects,
every error page the board renders (400 to 500), JSON, static files, HEAD and OPTIONS,
signed in and out, and HSTS on each of them in production.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

from board.platform.extensions import db
from board.models import Application, Role, Stage, Trainee
from board.models.matching import InterviewSlot
from board.models.types import utcnow
from tests.conftest import sign_in

EXPECTED_CSP = {
    "default-src": ["'self'"], "script-src": ["'self'", "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"], "style-src": ["'self'"],
    "img-src": ["'self'", "data:"], "font-src": ["'self'"], "connect-src": ["'self'"], "object-src": ["'none'"],
    "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
}
SAME_ON_EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY", "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_headers(response, signed_in=False, production=False):
    csp = dict((d.split()[0], d.split()[1:]) for d in response.headers["Content-Security-Policy"].split("; "))
    assert csp == EXPECTED_CSP
    for name, value in SAME_ON_EVERY_RESPONSE.items():
        assert response.headers.get(name) == value, name
    assert "HX-Request" in response.headers.get("Vary", "")
    if signed_in:
        assert "no-store" in response.headers.get("Cache-Control", "")
        assert response.headers.get("X-Robots-Tag") == "noindex"
    hsts = response.headers.get("Strict-Transport-Security")
    assert (hsts == "max-age=31536000; includeSubDomains") if production else hsts is None


@pytest.fixture
def things(app, make):
    """A trainee with a resume applied to company X and has an interview slot; X's member signed in."""
    company_id = make.company(name="엑스")
    trainee_user = make.user(Role.TRAINEE, email="trainee@example.kr")
    make.user(Role.COMPANY, company_id=company_id, email="member@example.kr")
    opening_id = make.opening(company_id)
    resume_id = make.resume(trainee_user)
    with app.app_context():
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == trainee_user))
        application = Application(opening_id=opening_id, trainee_id=trainee.id, resume_id=resume_id,
                                  cover_letter="지원합니다", stage=Stage.INTERVIEW)
        db.session.add(application)
        db.session.flush()
        slot = InterviewSlot(application_id=application.id, starts_at=utcnow() + timedelta(days=3), place="본사")
        db.session.add(slot)
        db.session.commit()
        ids = {"application": application.id, "slot": slot.id, "resume": resume_id}
    trainee_client, member = app.test_client(), app.test_client()
    assert sign_in(trainee_client, "trainee@example.kr").status_code == 303
    assert sign_in(member, "member@example.kr").status_code == 303
    return {"trainee": trainee_client, "member": member, **ids}


# (what, who, how) -> the status and a piece of Content-Type it must come with
RESPONSES = {
    "full page": ("anon", lambda c, t: c.get("/openings"), 200, "text/html"),
    "signed-in page": ("trainee", lambda c, t: c.get("/me/"), 200, "text/html"),
    "htmx fragment": ("anon", lambda c, t: c.get("/openings?q=데이터", headers={"HX-Request": "true"}), 200, "text/html"),
    "boosted page": ("trainee", lambda c, t: c.get("/me/applications", headers={"HX-Request": "true", "HX-Boosted": "true"}),
                     200, "text/html"),
    "resume PDF": ("trainee", lambda c, t: c.get(f"/resumes/{t['resume']}"), 200, "application/pdf"),
    "company's .ics": ("member", lambda c, t: c.get(f"/company/applications/{t['application']}/slots/{t['slot']}.ics"),
                       200, "text/calendar"),
    "trainee's .ics": ("trainee", lambda c, t: c.get(f"/me/applications/{t['application']}/slots/{t['slot']}.ics"),
                       200, "text/calendar"),
    "healthz JSON": ("anon", lambda c, t: c.get("/healthz"), 200, "application/json"),
    "sitemap": ("anon", lambda c, t: c.get("/sitemap.xml"), 200, "application/xml"),
    "robots.txt": ("anon", lambda c, t: c.get("/robots.txt"), 200, "text/plain"),
    "web manifest": ("anon", lambda c, t: c.get("/manifest.webmanifest"), 200, "application/manifest+json"),
    "static CSS": ("anon", lambda c, t: c.get("/static/css/board.css"), 200, "text/css"),
    "static JS": ("anon", lambda c, t: c.get("/static/vendor/htmx-2.0.11.min.js"), 200, "javascript"),
    "HEAD": ("anon", lambda c, t: c.head("/"), 200, "text/html"),
    "OPTIONS": ("anon", lambda c, t: c.options("/login"), 200, ""),
    "redirect to sign in": ("anon", lambda c, t: c.get("/me/"), 302, "text/html"),
    "redirect after a form": ("trainee", lambda c, t: c.post("/language", data={"lang": "en", "next": "/"}), 303, "text/html"),
    "400 without CSRF": ("trainee", lambda c, t: c.post("/logout", csrf=False), 400, "text/html"),
    "403": ("trainee", lambda c, t: c.get("/committee/"), 403, "text/html"),
    "403 to htmx": ("trainee", lambda c, t: c.get("/committee/", headers={"HX-Request": "true"}), 403, "text/html"),
    "404": ("anon", lambda c, t: c.get("/no-such-page"), 404, "text/html"),
    "404 for another's file": ("member", lambda c, t: c.get("/resumes/999999"), 404, "text/html"),
    "404 static": ("anon", lambda c, t: c.get("/static/no-such.css"), 404, "text/html"),
    "405": ("anon", lambda c, t: c.get("/logout"), 405, "text/html"),
    "413": ("trainee", lambda c, t: c.post("/me/resume", data=b"0" * (9 << 20), csrf=False,
                                              content_type="multipart/form-data; boundary=x"), 413, "text/html"),
    "422 form": ("anon", lambda c, t: c.post("/signup/company", data={"email": "bad"}), 422, "text/html"),
    "401 sign-in": ("anon", lambda c, t: c.post("/login", data={"email": "x@example.kr", "password": "wrong-password"}),
                    401, "text/html"),
}
SIGNED_IN = {"trainee", "member"}


@pytest.mark.parametrize("what", RESPONSES)
def test_every_kind_of_response_carries_the_security_headers(app, things, what):
    who, send, status, content_type = RESPONSES[what]
    client = things[who] if who in SIGNED_IN else app.test_client()
    with send(client, things) as response:  # static files are streamed: close them
        _check(response, who, what, status, content_type)


def _check(response, who, what, status, content_type):
    assert response.status_code == status
    assert content_type in response.headers.get("Content-Type", "")
    assert_headers(response, signed_in=who in SIGNED_IN and status != 404 or what == "resume PDF")


def test_throttled_sign_in_429_carries_the_headers_and_retry_after(app, make, client):
    make.user(Role.TRAINEE, email="t@example.kr")
    answers = [client.post("/login", data={"email": "t@example.kr", "password": "wrong-password"}) for _ in range(6)]
    assert answers[-1].status_code == 429
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert_headers(answers[-1])


@pytest.fixture
def other_app(make_board):
    """other_app(**config): the board with a route that raises, answered by the 500 page as in production."""
    def _make(**config):
        other = make_board(PROPAGATE_EXCEPTIONS=False, **config)

        @other.route("/test-only/boom")
        def boom():
            raise RuntimeError("a bug")
        return other
    return _make


@pytest.mark.parametrize("htmx", [False, True])
def test_server_error_page_carries_the_headers(other_app, htmx):
    client = other_app().test_client()
    response = client.get("/test-only/boom", headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "a bug" not in body and "Traceback" not in body
    assert ("<html" in body) is not htmx
    assert_headers(response)


@pytest.mark.parametrize("path,status", [("/", 200), ("/me/", 302), ("/no-such-page", 404), ("/healthz", 200),
                                         ("/static/css/board.css", 200), ("/test-only/boom", 500)])
def test_production_adds_hsts_to_every_kind_of_response(other_app, path, status):
    client = other_app(BOARD_ENV="production", BOARD_URL="https://board.example").test_client()
    with client.get(path, base_url="https://board.example") as response:
        assert response.status_code == status
        assert_headers(response, production=True)


def test_htmx_loaded_from_the_vendored_copy_keeps_the_cdn_out_of_the_policy(other_app):
    response = other_app(HTMX_FROM_CDN=False).test_client().get("/")
    script_src = next(d for d in response.headers["Content-Security-Policy"].split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    page = response.get_data(as_text=True)
    assert "cdn.jsdelivr.net" not in page
    assert 'data-src="/static/vendor/htmx-2.0.11.min.js"' in page
