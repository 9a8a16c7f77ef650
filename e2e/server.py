"""The real board in a subprocess, for browser tests and screenshots.

LiveServer prepares a database of its own (a fresh SQLite file, or a separate
PostgreSQL database `<name>_e2e` when TEST_DATABASE_URL is set), runs the migrations
and the demo seed through the `flask` command, starts gunicorn with two workers on a
free port and waits for /healthz. stop() ends the whole process group.

Used by e2e/conftest.py and e2e/screenshots.py; nothing here imports the board, so the
server's configuration is exactly what the environment gives it.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The demo accounts `flask seed demo` creates (board/seed).
DEMO_PASSWORD = "demo-pass-2026"
DEMO_ACCOUNTS = {
    "admin": "admin@board.example",
    "committee": "committee@board.example",
    "company": "company@board.example",
    "trainee": "trainee@board.example",
}
# Where each role lands after signing in.
AREAS = {"trainee": "/me/", "company": "/company/", "committee": "/committee/", "admin": "/admin/"}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch_args():
    """Playwright launch options: Debian's Chromium where it exists, Playwright's own build elsewhere."""
    if Path(CHROMIUM).exists():
        return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS)}
    return {}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerError(RuntimeError):
    """The board could not be prepared or did not start."""


def worker_suffix():
    """`_gw0`, `_gw1`… under pytest-xdist (each worker its own databases), empty in a serial run."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"_{worker}" if worker else ""


class PostgresDatabase:
    """A database `<name><suffix>` (`_e2e` by default, `_e2e_gw0` on an xdist worker) next to the one in
    TEST_DATABASE_URL, dropped and created afresh."""

    def __init__(self, test_url, suffix="_e2e"):
        from sqlalchemy.engine import make_url

        base = make_url(test_url)
        self.name = f"{base.database}{suffix}"
        # The app accepts postgresql:// and postgresql+psycopg:// alike.
        self.url = base.set(database=self.name).render_as_string(hide_password=False)
        # libpq wants a plain postgresql:// conninfo; the maintenance database takes the DDL.
        self._admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)

    def _execute(self, *statements):
        import psycopg

        with psycopg.connect(self._admin, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create(self):
        from psycopg import sql

        name = sql.Identifier(self.name)
        self._execute(
            # FORCE ends connections a crashed earlier run may have left open (PostgreSQL 13+).
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name),
            sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ).format(name),
        )

    def drop(self):
        from psycopg import sql

        self._execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


class LiveServer:
    """The board under gunicorn (2 sync workers, as in production) on 127.0.0.1:<free port>."""

    def __init__(self, workdir=None, workers=2, startup_timeout=30.0, database_suffix="_e2e"):
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="board-e2e-"))
        self.workers = workers
        self.startup_timeout = startup_timeout
        self.port = None
        self.url = None
        self.process = None
        self.log_path = self.workdir / "server.log"
        self._log = None
        self._postgres = None

        test_url = os.environ.get("TEST_DATABASE_URL")
        if test_url:
            self._postgres = PostgresDatabase(test_url, suffix=database_suffix + worker_suffix())
            database_url = self._postgres.url
        else:
            database_url = f"sqlite:///{self.workdir / 'board.sqlite'}"

        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "e2e-secret-key-not-for-production",
            "BOARD_ENV": "development",
            # Full-strength scrypt would make each sign-in take a noticeable moment.
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "RATELIMIT_STORAGE_URI": "memory://",
            # A queue of the server's own, not instance/'s. No consumer runs beside the test server, so
            # deliveries run at once after each commit: the log shows each mail as development does.
            "QUEUE_URL": f"sqlite:///{self.workdir / 'queue.sqlite3'}",
            "QUEUE_IMMEDIATE": "true",
            "PYTHONUNBUFFERED": "1",
        }
        for leftover in ("FLASK_APP", "FLASK_DEBUG", "FLASK_RUN_PORT"):
            self.env.pop(leftover, None)

    # -- preparing the database --------------------------------------------------
    def flask(self, *args, timeout=120):
        """Run `flask --app board ARGS` against the server's database; raise with its output on failure."""
        command = [PYTHON, "-m", "flask", "--app", "board", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise ServerError(
                f"`flask {' '.join(args)}` failed with exit code {done.returncode}:\n{done.stdout}\n{done.stderr}"
            )
        return done.stdout

    def prepare(self):
        if self._postgres:
            self._postgres.create()
        self.flask("db", "upgrade")
        self.flask("seed", "demo")

    # -- running the server ----------------------------------------------------------
    def start(self):
        self.prepare()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Mailed links (read from the log by the browser tests) point at this server.
        self.env["BOARD_URL"] = self.url
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (open for the server's lifetime; closed in stop())
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn",
                "--workers", str(self.workers),
                "--bind", f"127.0.0.1:{self.port}",
                "--access-logfile", "-",
                "--error-logfile", "-",
                # E2E_WSGI_APP runs another entry point (a wrapped or patched app) under the same setup.
                os.environ.get("E2E_WSGI_APP", "board:create_app()"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Its own process group, so stop() ends the master and every worker together.
            start_new_session=True,
        )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_healthy(self):
        deadline = time.monotonic() + self.startup_timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}"
                error.close()
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                last = str(error)
            time.sleep(0.1)
        raise ServerError(f"/healthz did not answer 200 within {self.startup_timeout:.0f} s ({last}):\n{self.log_tail()}")

    def log_size(self):
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset, errors_only=False):
        """What the server logged after offset; with errors_only, without the access log's lines."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(offset)
                text = log.read().decode(errors="replace")
        except OSError:
            return ""
        if errors_only:
            text = "\n".join(line for line in text.splitlines() if not line.startswith("127.0.0.1 - - "))
        return text.strip()

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    try:
                        os.killpg(self.process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    self.process.wait(timeout=10)
            else:
                self.process.wait()
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._postgres:
            import psycopg

            try:
                self._postgres.drop()
            except psycopg.Error as error:  # a leftover database is harmless; the next run drops it
                print(f"could not drop {self._postgres.name}: {error}", file=sys.stderr)

    def cleanup(self):
        self.stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


def registration_number(seed):
    """A valid Korean business registration number (123-45-67890 form) built from seed's first nine digits."""
    digits = [int(c) for c in f"{seed:09d}"[-9:]]
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(d * w for d, w in zip(digits, weights)) + (digits[8] * 5) // 10
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return f"{text[:3]}-{text[3:5]}-{text[5:]}"


def invalid_registration_number(seed):
    """The same number with a wrong check digit."""
    valid = registration_number(seed)
    last = (int(valid[-1]) + 1) % 10
    return valid[:-1] + str(last)
