"""A request that causes mail (a password-reset request) with the SMTP server up, down and hanging.

    .venv/bin/python -m bench.mail_outage [--requests 60]

The board is configured as in production (the web process only enqueues; QUEUE_IMMEDIATE off,
the queue in a SQLite file) on a scratch SQLite database, and served in-process by the Flask
test client, so the figures are the request's own work. "down" is a closed port (connection
refused); "hanging" accepts the connection and never answers, which a request that sent mail
itself would wait MAIL_TIMEOUT seconds for. After each scenario a consumer's delivery runs once
to show where the messages went. Results go to bench/results/<date>-mail-outage.md.
"""
import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def hanging_server():
    """A TCP port that accepts connections and never says a word (an SMTP server stuck)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    held = []

    def accept():
        while True:
            try:
                held.append(sock.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return sock


def measure(board, requests):
    client = board.test_client()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.post("/password-reset", data={"email": "bench@example.kr"})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 303, response.status_code
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from board import create_app
    from board.domain import outbox
    from board.platform.extensions import db
    from board.models import OutboxMessage, OutboxStatus, Role
    from board.models.accounts import create_account
    from board.platform.queue import huey
    from tests.smtp_server import SmtpServer, free_port

    scratch = Path(tempfile.mkdtemp(prefix="mail-outage-"))
    smtp = SmtpServer()
    smtp.start()
    hanging = hanging_server()
    scenarios = {
        "SMTP up (aiosmtpd on loopback)": smtp.port,
        "SMTP down (connection refused)": free_port(),
        "SMTP hanging (never answers)": hanging.getsockname()[1],
    }
    rows = []
    for name, port in scenarios.items():
        board = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch / (str(port) + '.sqlite')}",
            "QUEUE_URL": f"sqlite:///{scratch / (str(port) + '-queue.sqlite3')}", "QUEUE_IMMEDIATE": False,
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 2,
            "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "BOARD_URL": "http://localhost",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        })
        with board.app_context():
            upgrade()
            create_account("bench@example.kr", "벤치", Role.TRAINEE, "bench-password-2026")
            db.session.commit()
        measure(board, 5)  # warm-up: templates compiled, connections open
        times = measure(board, args.requests)
        with board.app_context():
            huey.storage.flush_all()  # the consumer's part, once, directly:
            started = time.perf_counter()
            outbox.deliver_due(limit=500)
            delivery = time.perf_counter() - started
            counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
        rows.append((name, times, delivery, counts.get(OutboxStatus.SENT, 0), counts.get(OutboxStatus.PENDING, 0)))
        print(f"{name}: p50 {statistics.median(times):.1f} ms", file=sys.stderr)
    smtp.stop()
    hanging.close()

    now = datetime.now(UTC)
    lines = [
        f"# Mail outage benchmark {now:%Y-%m-%d %H:%M} UTC", "",
        "Produced by `python -m bench.mail_outage` (bench/mail_outage.py): POST /password-reset, which puts a "
        "message in the outbox, served by the Flask test client on SQLite with the production queue setting "
        f"(enqueue only). {args.requests} requests a scenario after 5 warm-up requests; 2 shared cores.", "",
        "| SMTP server | p50 ms | p95 ms | max ms | consumer's delivery afterwards | sent | still waiting |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, times, delivery, sent, pending in rows:
        p95 = statistics.quantiles(times, n=20)[-1]
        lines.append(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} | {delivery:.1f} s "
                     f"| {sent} | {pending} |")
    lines += ["", "The request does the same work in every scenario (a row and a queue entry); only the consumer "
              "meets the outage: with the server down or hanging every message waits for its retry "
              "(back-off from MAIL_RETRY_BASE), none is lost. The SMTP-up row pays for the aiosmtpd server running in "
              "the same process (its thread shares the interpreter with the requests).", ""]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{now:%Y-%m-%d-%H%M}-mail-outage.md"
    path.write_text("\n".join(lines))
    print(path)


if __name__ == "__main__":
    main()
