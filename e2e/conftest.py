"""Browser tests against the real board: gunicorn in a subprocess, Chromium through Playwright.

The server is started once per run (see e2e/server.py) on a database of its own, with
the demo seed and CSRF on. Every browser context aborts requests that leave the live
server, so the htmx CDN fails at once and pages use the vendored copy, as they would
offline. A failing test's report carries what the server logged (errors only) meanwhile.

    .venv/bin/pytest e2e -q                      # SQLite in a temporary directory
    TEST_DATABASE_URL=postgresql://.../board_test .venv/bin/pytest e2e -q   # uses board_test_e2e
"""
from pathlib import Path

import pytest

from e2e.helpers import switch_language
from e2e.server import LiveServer, launch_args


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    """Debian's Chromium (Playwright's own download does not work here), or Playwright's default."""
    if browser_name not in (None, "chromium"):
        return browser_type_launch_args
    return {**browser_type_launch_args, **launch_args()}


LIVE_SERVER = pytest.StashKey()
LOG_OFFSET = pytest.StashKey()


@pytest.fixture(scope="session")
def live_server(request, tmp_path_factory):
    server = LiveServer(workdir=tmp_path_factory.mktemp("live-server"))
    server.start()
    request.config.stash[LIVE_SERVER] = server
    yield server
    server.cleanup()


@pytest.fixture(autouse=True)
def _server_log_mark(request, live_server):
    """Remember where the server log stood, so a failing test can show what the server said meanwhile."""
    request.node.stash[LOG_OFFSET] = live_server.log_size()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    server = item.config.stash.get(LIVE_SERVER, None)
    offset = item.stash.get(LOG_OFFSET, None)
    if report.failed and server is not None and offset is not None:
        errors = server.log_since(offset, errors_only=True)
        if errors:
            report.sections.append(("live server errors", errors))
    return report


@pytest.fixture(scope="session")
def base_url(live_server):
    """page.goto("/login") goes to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 800},
        "locale": "ko-KR",
        "timezone_id": "Asia/Seoul",
    }


def _prepare_context(context, base_url):
    """Abort every request that does not go to the live server (the htmx CDN above all) and note it; record CSP violations."""
    context.blocked = []

    def is_outside(url):
        return not url.startswith(base_url + "/") and url != base_url

    def abort(route):
        context.blocked.append(route.request.url)
        route.abort()

    context.route(is_outside, abort)
    # Content-Security-Policy violations, as the page itself sees them (init scripts are exempt from the CSP).
    context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        "  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));"
        "});"
    )
    return context


@pytest.fixture
def make_context(new_context, base_url):
    """A further browser context (another person), with the same outside requests aborted."""
    def _make(**kwargs):
        return _prepare_context(new_context(**kwargs), base_url)
    return _make


@pytest.fixture
def context(make_context):
    return make_context()


class ConsoleWatch:
    """Errors a page reports: console errors, uncaught exceptions and CSP violations."""

    def __init__(self, page):
        self.errors = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message):
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        # The aborted CDN copy of htmx is expected to fail; the loader then loads the vendored one.
        if source.startswith("https://cdn.jsdelivr.net/"):
            return
        self.errors.append(f"console: {message.text} ({source})")


@pytest.fixture
def console(page):
    return ConsoleWatch(page)


@pytest.fixture
def english(page, live_server):
    """The page in English: the board's default is Korean."""
    page.goto("/")
    switch_language(page, "English", "en")
    return page


def pytest_collection_modifyitems(items):
    # Under pytest-xdist (`--dist loadgroup`) the browser tests stay on one worker: one gunicorn and one
    # Chromium for all of them, as in a serial run, while the other worker runs tests/.
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.xdist_group("browser"))
