"""Checking uploaded files with a bounded cost, for every kind of upload (resumes, rosters).

A parser fed a hostile file can spend any amount of CPU and memory on a few hundred
kilobytes (board/platform/filecheck.py says how). So a file is read in a child process that limits
its own CPU time (RLIMIT_CPU) and address space (RLIMIT_AS) before it reads the file,
and that this worker kills after a wall-clock limit: any upload is accepted or refused
within seconds, and a file that hits a limit gets "the file could not be checked".

A plain `subprocess.run` of a fresh interpreter is used, not multiprocessing: nothing of the
worker (database connections, sockets, threads, gunicorn's signal handlers) is inherited or
shared, it behaves the same under gunicorn, the development server and pytest, and it costs
about 0.2 s of CPU, once per upload. Before starting it the request's transaction is ended
(board/platform/database.py), so no lock is held while the file is checked.
"""
import json
import logging
import subprocess
import sys
from pathlib import Path

from flask_babel import lazy_gettext as _l

from board.platform.database import before_slow_work

log = logging.getLogger(__name__)

CHECKER = Path(__file__).with_name("filecheck.py")

# A real resume or roster takes well under a second; these leave room for a busy machine.
CPU_SECONDS = 3
MEMORY_MB = 512
WALL_SECONDS = 10

UNCHECKED = _l("The file could not be checked: it is too complex or damaged. Save it again (a PDF printed to a "
               "new PDF, a sheet saved as a new .xlsx or CSV) and upload the new file.")


class UploadRefused(ValueError):
    """The file is refused; reason is filecheck's word for why ("unchecked" when a limit was hit)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def run_checker(kind, content):
    """filecheck's answer for content (a dict), or None when the child hit a limit, crashed or said nothing sensible."""
    # -I: no environment variables, user site or current directory steer the child's imports.
    command = [sys.executable, "-I", str(CHECKER), kind, str(CPU_SECONDS), str(MEMORY_MB)]
    try:
        done = subprocess.run(command, input=content, capture_output=True, timeout=WALL_SECONDS, env={}, check=False)
    except subprocess.TimeoutExpired:
        log.warning("upload check (%s, %d bytes) killed after %s s", kind, len(content), WALL_SECONDS)
        return None
    if done.returncode != 0:
        log.warning("upload check (%s, %d bytes) ended with %s: %s", kind, len(content), done.returncode,
                    done.stderr[-500:].decode("utf-8", "replace"))
        return None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        log.warning("upload check (%s) answered no JSON", kind)
        return None
    return answer if isinstance(answer, dict) else None


def check(kind, content):
    """What filecheck found in content ("pdf", "csv" or "xlsx"): its "ok" answer, or UploadRefused.

    Ends the request's transaction first (it must not have written): slow work holds no lock.
    """
    before_slow_work()
    answer = run_checker(kind, content) or {}
    if isinstance(answer.get("refused"), str):
        raise UploadRefused(answer["refused"])
    if isinstance(answer.get("ok"), dict):
        return answer["ok"]
    raise UploadRefused("unchecked")
