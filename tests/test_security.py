"""Headers, CSRF, cookies, role gates, fragments and configuration safety."""
import pytest

from board import create_app
from board.platform.config import ConfigError
from board.models import Role
from tests.conftest import board_test_config

PAGES = ["/", "/openings", "/projects", "/login", "/signup/company", "/password-reset", "/no-such-page"]
AREA_PAGES = {Role.TRAINEE: "/me/", Role.COMPANY: "/company/", Role.COMMITTEE: "/committee/", Role.ADMIN: "/admin/"}


def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    # Only the one htmx file from the CDN, not everything the CDN serves.
    assert script_src.split()[1:] == ["'self'", "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.parametrize("path", PAGES + ["/healthz", "/static/css/board.css"])
def test_security_headers_on_public_responses(client, path):
    with client.get(path) as response:
        _assert_security_headers(response)


def test_security_headers_on_every_role_area_and_error(as_role):
    for role, area in AREA_PAGES.items():
        c = as_role(role)
        response = c.get(area)
        assert response.status_code == 200
        _assert_security_headers(response)
        assert "no-store" in response.headers["Cache-Control"]
        other = next(p for r, p in AREA_PAGES.items() if r != role and not (role == Role.ADMIN and r == Role.COMMITTEE))
        _assert_security_headers(c.get(other))


def test_post_without_csrf_token_is_refused_and_changes_nothing(app, make):
    from board.platform.extensions import db
    from board.models import Company
    from tests.conftest import sign_in
    company_id = make.company()
    user_id = make.user(Role.COMPANY, company_id=company_id, email="member@example.kr")
    client = app.test_client()
    sign_in(client, "member@example.kr")
    response = client.post("/company/profile", data={"description": "바뀐 소개", "website": ""}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Company, company_id).description == ""
    assert user_id


def test_login_without_csrf_token_is_refused(app, make, client):
    make.user(Role.TRAINEE, email="t@example.kr")
    response = client.post("/login", data={"email": "t@example.kr", "password": "x"}, csrf=False)
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_session_cookie_flags(app, make, client):
    from tests.conftest import sign_in
    make.user(Role.TRAINEE, email="t@example.kr")
    response = sign_in(client, "t@example.kr")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_requires_a_secret_key_and_uses_secure_cookies(monkeypatch, database_url):
    monkeypatch.setenv("BOARD_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("BOARD_URL", raising=False)
    with pytest.raises(ConfigError, match="BOARD_URL"):
        create_app()
    monkeypatch.setenv("BOARD_URL", "https://board.example")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt:65536:8:1"
    response = app.test_client().get("/login", base_url="https://board.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_local_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from board.platform.config import _secret_key
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = _secret_key(tmp_path, production=False)
    assert len(first) >= 40
    assert _secret_key(tmp_path, production=False) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("role,path,expected", [
    (None, "/me/", 302), (None, "/company/", 302), (None, "/committee/", 302), (None, "/admin/", 302),
    (Role.TRAINEE, "/company/", 403), (Role.TRAINEE, "/committee/", 403), (Role.TRAINEE, "/admin/", 403),
    (Role.COMPANY, "/me/", 403), (Role.COMPANY, "/committee/", 403), (Role.COMPANY, "/admin/", 403),
    (Role.COMMITTEE, "/me/", 403), (Role.COMMITTEE, "/company/", 403), (Role.COMMITTEE, "/admin/", 403),
    (Role.ADMIN, "/committee/", 200), (Role.ADMIN, "/me/", 403),
])
def test_each_area_admits_only_its_role(client, as_role, role, path, expected):
    c = as_role(role) if role else client
    response = c.get(path)
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/login?next=")
    if expected == 403:
        assert "403" in response.get_data(as_text=True)


def test_htmx_request_gets_a_fragment_and_plain_request_the_full_page(as_role):
    admin = as_role(Role.ADMIN)
    full = admin.get("/admin/?q=admin")
    fragment = admin.get("/admin/?q=admin", headers={"HX-Request": "true"})
    boosted = admin.get("/admin/?q=admin", headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = admin.get("/admin/?q=admin", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert full.get_data(as_text=True).startswith("<!doctype html>")
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and "<nav" not in body.split("pagination")[0]
    assert "<html" in boosted.get_data(as_text=True)
    assert "<html" in restore.get_data(as_text=True)
    for response in (full, fragment, boosted):
        assert "HX-Request" in response.headers["Vary"]


def test_invalid_form_under_htmx_rerenders_only_the_form_with_messages(client):
    response = client.post("/signup/company", headers={"HX-Request": "true"}, data={
        "company_name": "", "registration_number": "1234567890", "name": "", "email": "bad", "password": "x", "confirm": "y"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<form id="signup-form"')
    assert body.count('class="error"') >= 4


def test_healthz_tells_visitors_only_whether_the_board_is_up(client, as_role):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    for role in (Role.TRAINEE, Role.COMPANY, Role.COMMITTEE):
        assert as_role(role).get("/healthz").json == {"status": "ok"}


def test_healthz_gives_the_administrator_the_database_detail(as_role, database_url):
    response = as_role(Role.ADMIN).get("/healthz")
    assert response.status_code == 200
    engine = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    detail = dict(response.json)
    # The queue's figures (board/domain/outbox.queue_health) come with it; tests/test_queue.py checks them.
    assert isinstance(detail.pop("queue"), dict)
    assert detail == {"status": "ok", "database": "ok", "engine": engine}


def test_healthz_answers_503_without_detail_when_the_database_is_down(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError
    from board.platform.extensions import db

    def refuse(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    with app.app_context():
        monkeypatch.setattr(db.session, "execute", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error"}


def test_personal_pages_stay_out_of_htmx_history(as_role, client):
    assert 'hx-history="false"' in as_role(Role.TRAINEE).get("/me/").get_data(as_text=True)
    assert 'hx-history="false"' not in client.get("/").get_data(as_text=True)


def test_htmx_loads_from_the_cdn_with_integrity_and_a_local_fallback_without_blocking(client):
    import base64
    import hashlib
    from pathlib import Path
    page = client.get("/").get_data(as_text=True)
    local = Path(client.application.static_folder) / "vendor/htmx-2.0.11.min.js"
    digest = "sha384-" + base64.b64encode(hashlib.sha384(local.read_bytes()).digest()).decode()
    # The loader (static/js/htmx-loader.js) asks the CDN asynchronously; no script tag waits for it.
    assert f'data-cdn="https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js" data-integrity="{digest}"' in page
    assert 'data-src="/static/vendor/htmx-2.0.11.min.js"' in page
    assert '<script src="https://cdn.jsdelivr.net' not in page
    with client.get("/static/vendor/htmx-2.0.11.min.js") as response:
        assert response.status_code == 200


def test_user_text_is_escaped(app, make, as_role):
    company_id = make.company(name="<script>alert(1)</script>")
    page = as_role(Role.TRAINEE).get(f"/companies/{company_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_board_test_config_is_what_tests_use(database_url):
    # Guards against a fixture silently running on the developer's own database.
    assert board_test_config(database_url)["SQLALCHEMY_DATABASE_URI"] == database_url


def test_list_pages_with_state_filters_answer_200(as_role):
    # A list filter passed to render() as `status` once became the HTTP status line.
    committee = as_role(Role.COMMITTEE)
    for path in ("/committee/companies", "/committee/companies?status=approved", "/committee/openings"):
        assert committee.get(path).status_code == 200
    company = as_role(Role.COMPANY)
    for path in ("/company/openings", "/company/openings?status=draft"):
        assert company.get(path).status_code == 200


@pytest.mark.parametrize("path,field", [("/openings", "skills"), ("/company/openings/new", "required_skills")])
def test_user_text_inside_translated_error_messages_is_escaped(as_role, path, field):
    # Flask-Babel's lazy strings count as safe HTML in Jinja; a user's words put into one
    # must still come out escaped.
    payload = '<img src=x onerror="alert(1)">'
    client = as_role(Role.COMPANY)
    if path == "/openings":
        page = client.get(path, query_string={field: payload}).get_data(as_text=True)
    else:
        page = client.post(path, data={field: payload, "title": "x"}).get_data(as_text=True)
    assert payload not in page
    assert "&lt;img src=x onerror=" in page


def test_errors_answer_htmx_with_the_message_only(as_role):
    trainee = as_role(Role.TRAINEE)
    fragment = trainee.get("/committee/", headers={"HX-Request": "true"})
    assert fragment.status_code == 403
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div class="error-message" role="alert">') and "<html" not in body
    full = trainee.get("/committee/")
    assert full.status_code == 403 and full.get_data(as_text=True).startswith("<!doctype html>")
