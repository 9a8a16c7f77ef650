"""Break the board's rules on purpose, one at a time, and show the suite catching each.

Each mutation is a textual replacement applied to a throw-away copy of the tree; only the
test files that guard that rule are run there (pytest -x -q), and a mutation is "caught"
when they fail. The working tree is never touched. Exit status 1 if any mutation survives.

    make mutants            # or: .venv/bin/python bench/mutants.py
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXEMPT = "@__import__('board.platform.extensions').platform.extensions.csrf.exempt\n"

# (what is broken, file, text replaced, replacement, test files that must fail)
MUTATIONS = [
    ("CSRF exempted on me.withdraw", "board/web/me/applications.py",
     "def withdraw(application_id):", EXEMPT + "def withdraw(application_id):",
     ["tests/test_csrf_every_route.py"]),
    ("CSRF exempted on committee.pass_on", "board/web/committee/review.py",
     "def pass_on(application_id):", EXEMPT + "def pass_on(application_id):",
     ["tests/test_csrf_every_route.py"]),
    ("a move from 서류 검토 straight to 합격", "board/domain/pipeline.py",
     "    (Stage.INTERVIEW, Stage.OFFER): COMPANY | COMMITTEE,\n",
     "    (Stage.INTERVIEW, Stage.OFFER): COMPANY | COMMITTEE,\n    (Stage.COMPANY_REVIEW, Stage.OFFER): COMPANY | COMMITTEE,\n",
     ["tests/test_pipeline_moves.py"]),
    ("a company withdrawing for the trainee", "board/domain/pipeline.py",
     "MOVES[(_stage, Stage.WITHDRAWN)] = TRAINEE", "MOVES[(_stage, Stage.WITHDRAWN)] = TRAINEE | COMPANY",
     ["tests/test_pipeline_moves.py"]),
    ("the cover letter rendered |safe on the committee's review page", "templates/committee/review_application.html",
     "{{ application.cover_letter }}", "{{ application.cover_letter|safe }}",
     ["tests/test_escaping_everywhere.py"]),
]


def _python():
    for candidate in (ROOT / ".venv/bin/python", Path(sys.executable)):
        if candidate.exists():
            return str(candidate)
    return sys.executable


def run(mutation, python):
    name, path, old, new, tests = mutation
    with tempfile.TemporaryDirectory(prefix="board-mutant-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".pytest_cache", "bench", "e2e", "*.sqlite*"))
        target = tree / path
        text = target.read_text(encoding="utf-8")
        if old and text.count(old) != 1:
            return "not applied", 0.0  # the code moved on: the mutation must be rewritten, which is a failure too
        if old:
            target.write_text(text.replace(old, new), encoding="utf-8")
        started = time.monotonic()
        # The copy's own board package must be the one imported, not an installed editable one.
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                cwd=tree, env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        # 1: tests failed (caught). 0: all passed (survived). Anything else: pytest could not run them.
        caught = {0: "no", 1: "yes"}.get(result.returncode, f"error ({result.returncode})")
        if caught.startswith("error"):
            print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        return caught, elapsed


def main():
    python = _python()
    rows = []
    # Control: the unbroken copy passes the same files, so a "caught" below is the mutation's doing.
    files = sorted({f for m in MUTATIONS for f in m[4]})
    failed, elapsed = run(("control", "board/__init__.py", "", "", files), python)
    rows.append(("none (control: the unbroken copy must pass)", " ".join(files), "passes" if failed == "no" else "FAILS",
                 f"{elapsed:.0f} s"))
    print(f"  control: {rows[0][2]}", file=sys.stderr, flush=True)
    for mutation in MUTATIONS:
        caught, elapsed = run(mutation, python)
        rows.append((mutation[0], " ".join(mutation[4]), caught, f"{elapsed:.0f} s"))
        print(f"  {mutation[0]}: caught {caught}", file=sys.stderr, flush=True)
    headers = ("mutation", "test files run", "caught", "time")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    return 0 if rows[0][2] == "passes" and all(r[2] == "yes" for r in rows[1:]) else 1


if __name__ == "__main__":
    sys.exit(main())
