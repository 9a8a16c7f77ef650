"""`make bench`: the board under gunicorn in production settings, on SQLite and PostgreSQL, against a bare Flask app.

For every page in PAGES it measures, with wrk: one user (1 connection) for latency,
then BENCH_CONNECTIONS connections for throughput; and with single requests: the SQL
statements per request (X-SQL-Count, see bench/wsgi.py), the page's and its htmx
fragment's bytes. Worker memory is read from /proc during the runs. The table goes to
stdout and to bench/results/<date>-<time>.md with a description of the machine.

Settings (environment): BENCH_PRESETS ("academy national"), BENCH_DATABASES
("sqlite postgresql"), BENCH_SECONDS (5 per wrk run), BENCH_CONNECTIONS (8),
BENCH_WORKERS (2), BENCH_PG_URL, BENCH_PG_PREFIX (see bench/datasets.py).
"""
from datetime import datetime, UTC
import http.client
import json
import os
from pathlib import Path
import re
import secrets
import shutil
import subprocess
import sys
import time
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datasets  # noqa: E402
from bench.machine import describe, load_average  # noqa: E402

ROOT = datasets.ROOT
RESULTS = ROOT / "bench" / "results"
PRESETS = os.environ.get("BENCH_PRESETS", "academy national").split()
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PASSWORD = "demo-pass-2026"
BOARD_QUERY = "q=" + quote("데이터") + "&career=new&region=" + quote("광주")

# (name, who, path): {opening}, {cohort} and {lunch_day} are filled from the database. Add heavy pages here.
PAGES = [
    ("board: search 데이터 + filters", "trainee", "/openings?" + BOARD_QUERY),
    ("opening", "trainee", "/openings/{opening}"),
    ("my applications", "trainee", "/me/applications"),
    ("committee pipeline, cohort filter", "committee", "/committee/pipeline?cohort={cohort}"),
    ("lunch-day seating plan", "committee", "/committee/lunch-days/{lunch_day}/plan"),
    # Reports (issue 17): the dashboard over all cohorts (target p95 200 ms) and the front page every
    # visitor hits first, signed out (target p95 20 ms).
    ("reports dashboard, all cohorts", "committee", "/committee/reports"),
    ("front page", "anon", "/"),
]
ACCOUNTS = {"trainee": "trainee@board.example", "committee": "committee@board.example"}


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Server:
    """gunicorn with the given app on a free port; the same settings for the board and the bare app."""

    def __init__(self, app, env):
        self.port = _free_port()
        # Production refuses to start without its public origin; here it is this server.
        env = {**os.environ, "BOARD_URL": f"http://127.0.0.1:{self.port}", **env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}",
             "--worker-class", "sync", "--log-level", "warning", app],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(datasets.CACHE / "gunicorn.log", "a"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz" if "board" in app else "/")[0] in (200, 404):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{app} did not start; see instance/bench/gunicorn.log")

    def request(self, method, path, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.headers, data

    def worker_rss(self):
        """Resident memory (MB) of each worker process, from /proc."""
        sizes = []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes

    def worker_cpu(self):
        """CPU seconds used so far by each worker, {pid: seconds}, from /proc/<pid>/stat."""
        used = {}
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return used

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(server, email):
    """Log in through /login like a browser and return the session cookie to reuse."""
    status, headers, body = server.request("GET", "/login")
    cookie = _cookie(headers)
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body) or \
        re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
    form = f"email={quote(email)}&password={quote(PASSWORD)}&csrf_token={quote(token.group(1).decode())}"
    status, headers, _ = server.request("POST", "/login", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Referer": "/login"})
    if status not in (302, 303):
        raise RuntimeError(f"sign-in as {email} answered {status}")
    return _cookie(headers)


def _cookie(headers):
    """name=value of the session cookie (it is Secure in production; we are the only client)."""
    for header in headers.get_all("Set-Cookie") or []:
        if header.startswith("session="):
            return header.split(";", 1)[0]
    return ""


def wrk(server, path, cookie, connections, threads):
    """Run wrk for SECONDS; returns its numbers (latency in ms) and the worst worker RSS seen meanwhile."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{SECONDS}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "report.lua"), f"http://127.0.0.1:{server.port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    cpu_before = server.worker_cpu()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rss = []
    while process.poll() is None:
        rss += server.worker_rss()
        time.sleep(0.5)
    out = process.stdout.read()
    line = next((row for row in out.splitlines() if row.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out}")
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    for key in ("p50", "p95", "p99", "max"):
        # No request finished within the run: there is no latency distribution, only the probe's time.
        result[key] = result[key] / 1000 if result["requests"] else None
    result["rss"] = max(rss, default=0)
    # CPU time the workers spent per request: unlike latency, it hardly changes when other processes
    # compete for the cores, so it says what the page costs even on a busy machine.
    cpu_after = server.worker_cpu()
    spent = sum(cpu_after[pid] - cpu_before.get(pid, 0) for pid in cpu_after)
    result["cpu_ms"] = spent * 1000 / max(result["requests"], 1)
    return result


def probe(server, path, cookie):
    """One plain request and one htmx request: status, statements, bytes of page and fragment."""
    headers = {"Cookie": cookie} if cookie else {}
    started = time.monotonic()
    status, page_headers, page = server.request("GET", path, headers=headers)
    single_ms = (time.monotonic() - started) * 1000
    _, fragment_headers, fragment = server.request("GET", path, headers={**headers, "HX-Request": "true"})
    return {"status": status, "single_ms": single_ms, "sql": page_headers.get("X-SQL-Count", "?"), "bytes": len(page),
            "fragment_bytes": len(fragment), "fragment_sql": fragment_headers.get("X-SQL-Count", "?")}


def ids(url):
    """Ids the page paths need: an open opening, the newest cohort, a lunch day with a plan."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        today = datetime.now(UTC).date()
        opening = connection.execute(text(
            "SELECT o.id FROM openings o JOIN companies c ON c.id = o.company_id WHERE o.status = 'published' "
            "AND c.status = 'approved' AND (o.deadline IS NULL OR o.deadline >= :today) ORDER BY o.id LIMIT 1"),
            {"today": today}).scalar()
        cohort = connection.execute(text("SELECT id FROM cohorts ORDER BY number DESC LIMIT 1")).scalar()
        lunch_day = connection.execute(text(
            "SELECT id FROM lunch_days WHERE plan_generated_at IS NOT NULL ORDER BY starts_at DESC LIMIT 1")).scalar()
    engine.dispose()
    return {"opening": opening, "cohort": cohort, "lunch_day": lunch_day}


def board_environment(url):
    """Production settings, as the README's "Running it for real" section sets them."""
    redis_ok = shutil.which("redis-cli") and subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0
    return {"BOARD_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0" if redis_ok else "memory://", "BOARD_BENCH": "1"}


def bench_board(preset, database, url, hello_rps):
    """Every page of PAGES on one database: rows for the table."""
    server = Server("bench.wsgi:board_app()", board_environment(url))
    rows = []
    try:
        cookies = {role: sign_in(server, email) for role, email in ACCOUNTS.items()}
        found = ids(url)
        for name, who, template in PAGES:
            path = template.format(**found)
            cookie = cookies.get(who)  # anon: no cookie, a visitor
            first = probe(server, path, cookie)
            row = {"preset": preset, "database": database, "page": name, "path": path, **first}
            if first["status"] == 404 and "lunch" in name:
                row["note"] = "404: page not built yet, skipped"
                rows.append(row)
                continue
            if first["status"] != 200:
                row["note"] = f"answered {first['status']}, skipped"
                rows.append(row)
                continue
            say(f"{database}/{preset}: {name}")
            one = wrk(server, path, cookie, 1, 1)
            many = wrk(server, path, cookie, CONNECTIONS, 2)
            row.update(cpu_ms=many["cpu_ms"], p50=one["p50"], p95=one["p95"], p99=one["p99"], rps_one=one["rps"], rps=many["rps"],
                       p95_loaded=many["p95"], errors=one["non2xx"] + many["non2xx"] + many["socket_errors"],
                       rss=max(one["rss"], many["rss"]), ratio=many["rps"] / hello_rps if hello_rps else None)
            rows.append(row)
    finally:
        server.stop()
    return rows


def bench_hello():
    server = Server("bench.hello:app", {})
    try:
        say("bare Flask app")
        one = wrk(server, "/", "", 1, 1)
        many = wrk(server, "/", "", CONNECTIONS, 2)
    finally:
        server.stop()
    return {"page": "bare Flask \"hello\"", "p50": one["p50"], "p95": one["p95"], "p99": one["p99"],
            "rps_one": one["rps"], "rps": many["rps"], "p95_loaded": many["p95"], "rss": many["rss"],
            "cpu_ms": many["cpu_ms"]}


def main():
    from bench.report import write_report

    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (make bench installs it with apt-get as root; else: apt-get install wrk)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    datasets.CACHE.mkdir(parents=True, exist_ok=True)
    started, load_before = time.monotonic(), load_average()
    databases = [d for d in DATABASES if d != "postgresql" or datasets.postgres_available()]
    if "postgresql" in DATABASES and "postgresql" not in databases:
        say(f"PostgreSQL at {datasets.PG_SERVER} does not answer: SQLite only")
    urls = {(p, d): (datasets.sqlite_database if d == "sqlite" else datasets.postgres_database)(p, say)
            for d in databases for p in PRESETS}
    hello = bench_hello()
    rows = []
    for (preset, database), url in urls.items():
        rows += bench_board(preset, database, url, hello["rps"])
    settings = {"seconds": SECONDS, "connections": CONNECTIONS, "workers": WORKERS, "presets": PRESETS,
                "databases": databases, "load_before": load_before, "load_after": load_average(),
                "elapsed": time.monotonic() - started}
    text = write_report(rows, hello, settings, describe(), RESULTS)
    print(text)


if __name__ == "__main__":
    main()
