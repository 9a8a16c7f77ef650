"""The real board under gunicorn for concurrency and crash tests, and plain HTTP visitors to load it.

BoardServer is e2e/server.py's LiveServer with several workers, migrated but without the
demo seed (tests add their own data through the models, pointed at the same database),
and a crash(): kill -9 of the whole process group, after which start() serves the same
database again.

Visitor is one person's browser reduced to what the tests need: its own cookies, the
CSRF token of its session, no redirects followed. Each request opens a new connection,
so many visitors in many threads really arrive at the server together.
"""
import hashlib
import http.client
import io
import os
import re
import signal
import threading
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from flask_migrate import upgrade
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from board import create_app
from board.platform.extensions import db
from board.models import Resume, Role, Trainee
from board.models.accounts import create_account
from e2e.server import LiveServer
from tests.conftest import PASSWORD, board_test_config, pdf_bytes

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class BoardServer(LiveServer):
    """gunicorn with `workers` sync workers on a database of its own (`<name>_concurrency` on PostgreSQL)."""

    def __init__(self, workdir, workers=4):
        super().__init__(workdir=workdir, workers=workers, database_suffix="_concurrency")
        self._prepared = False
        self.runs = 0

    @property
    def database_url(self):
        return self.env["DATABASE_URL"]

    @property
    def sqlite_path(self):
        """The database file, or None on PostgreSQL."""
        url = self.database_url
        return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None

    def prepare(self):
        """Create and migrate once (in this process: quicker than `flask db upgrade`); a restart keeps the data."""
        if self._prepared:
            return
        if self._postgres:
            self._postgres.create()
        app = create_app(board_test_config(self.database_url))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        self._prepared = True

    def start(self):
        # A log per run, so the crashed run's log stays readable after the restart.
        self.runs += 1
        self.log_path = self.workdir / f"server-{self.runs}.log"
        return super().start()

    def crash(self):
        """kill -9 the master and every worker at once, as a power cut of the app servers would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        self._log.close()
        self._log = None

    def errors(self):
        """What every run so far logged, except the access log: tracebacks, worker timeouts."""
        lines = []
        for run in range(1, self.runs + 1):
            text = (self.workdir / f"server-{run}.log").read_text(errors="replace")
            lines += [line for line in text.splitlines() if not line.startswith("127.0.0.1 - - ")]
        return "\n".join(lines)


@dataclass
class Answer:
    status: int
    location: str
    text: str


class Visitor:
    """One browser: its cookies and CSRF token; redirects are returned, not followed."""

    def __init__(self, base_url, timeout=60):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.cookies = {}
        self.csrf_token = None
        self.email = None

    def retarget(self, base_url):
        """Keep the cookies, talk to the server at its new address (after a restart)."""
        self.port = urlsplit(base_url).port

    def request(self, method, path, form=None, headers=None, body=None):
        sent = dict(headers or {})
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or ():
                self._keep_cookie(header)
            return Answer(response.status, response.getheader("Location", ""), text)
        finally:
            connection.close()

    def _keep_cookie(self, header):
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        if any(a.strip().lower() == "max-age=0" for a in attributes):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path):
        answer = self.request("GET", path)
        match = CSRF_RE.search(answer.text)
        if match:
            self.csrf_token = match.group(1)
        return answer

    def post(self, path, form=None):
        """POST a form with this session's CSRF token, as the page's own form would send it."""
        return self.request("POST", path, {"csrf_token": self.csrf_token, **(form or {})})

    def upload(self, path, field, filename, content):
        """POST one file as multipart/form-data, with this session's CSRF token."""
        boundary, body = encode_multipart({"csrf_token": self.csrf_token,
                                           field: FileStorage(io.BytesIO(content), filename=filename)})
        return self.request("POST", path, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}, body=body)

    def sign_in(self, email, password=PASSWORD, page="/account/password"):
        """Sign in through /login; the session's new CSRF token is then taken from page (behind the login)."""
        self.get("/login")
        answer = self.post("/login", {"email": email, "password": password})
        assert answer.status == 303, f"{email} could not sign in: {answer.status}"
        self.email = email
        # Signing in starts a fresh session, so the token from the login page is no longer valid.
        self.csrf_token = None
        answer = self.get(page)
        assert answer.status == 200 and self.csrf_token, f"no CSRF token on {page} for {email}: {answer.status}"
        return self


def together(calls):
    """Run every call in its own thread, released at the same moment by a barrier; their results in order.

    A call that raises gives its exception as its result, so a dropped connection is an answer too.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=60)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (the caller asserts on it)
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def in_parallel(calls, threads=8):
    """Run calls on a few threads (no barrier), for preparation such as signing many people in."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda call: call(), calls))


def add_trainees(app, prefix, count, cohort_id, with_resume=False):
    """count trainee accounts in one transaction; returns their emails, in order."""
    content = pdf_bytes() if with_resume else None
    emails = [f"{prefix}{n}@example.kr" for n in range(1, count + 1)]
    with app.app_context():
        for n, email in enumerate(emails, start=1):
            user = create_account(email, f"교육생{n:03d}", Role.TRAINEE, PASSWORD)
            trainee = Trainee(user=user, cohort_id=cohort_id)
            db.session.add(trainee)
            if with_resume:
                db.session.flush()
                db.session.add(Resume(trainee_id=trainee.id, filename="이력서.pdf", size=len(content),
                                      sha256=hashlib.sha256(content).hexdigest(), content=content))
        db.session.commit()
    return emails
