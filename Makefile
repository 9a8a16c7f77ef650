# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app board

.PHONY: run test install install-test translations browser migrate seed e2e-browser clean scan bench mutants
.PHONY: lint format lock test-fast

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the project's dependency list or the pinned versions change.
# constraints.txt pins every package, so two installs a month apart get the same versions (`make lock` renews it).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d board/translations

migrate: install
	$(FLASK) db upgrade

run: migrate
	$(FLASK) seed demo --if-empty
	@echo ""
	@echo "  Academy Partner Board: http://127.0.0.1:$(PORT)"
	@echo "  Demo accounts (password demo-pass-2026):"
	@echo "    admin@board.example      administrator"
	@echo "    committee@board.example  committee member"
	@echo "    company@board.example    member of an approved partner company"
	@echo "    trainee@board.example    2nd-cohort trainee"
	@echo ""
	@# The queue consumer runs beside the development server as its own process, exactly as in
	@# production (README, Running it for real), rather than as a thread inside `flask run`: the
	@# reloader would start such a thread twice and restart it on every edit, and one crashing would
	@# hide the other. The trap stops the consumer with the server (Ctrl-C or an error).
	$(FLASK) queue consume --workers 2 & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium and Korean fonts where apt is there and we are root; Playwright's own build elsewhere.
browser: $(VENV)/.installed-test
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	else $(BIN)/playwright install chromium; fi
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk || true; fi

install-test: install $(VENV)/.installed-test browser

# Two pytest-xdist workers (TEST_WORKERS=auto for one per core), each with its own SQLite file, or
# `<name>_gw0`… on PostgreSQL (tests/conftest.py, e2e/server.py). `--dist loadgroup` keeps the browser
# tests (one gunicorn, one Chromium) and the gunicorn concurrency tests each on one worker.
TEST_WORKERS ?= 2
PYTEST_PARALLEL := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

test: install-test
	$(PYTEST_PARALLEL) tests e2e

# tests/ without the browser.
test-fast: install $(VENV)/.installed-test
	$(PYTEST_PARALLEL) tests

# A black-box scan with Wapiti (PyPI wapiti3, in its own environment under .venv/scan), anonymous and
# signed in as each demo role; a quarter of an hour, so not part of `make test`. Report: .ci/scan-report.txt
$(VENV)/scan/bin/wapiti: | $(BIN)/activate
	$(PYTHON) -m venv $(VENV)/scan
	$(VENV)/scan/bin/pip install --quiet "wapiti3==3.2.3"

scan: install-test $(VENV)/scan/bin/wapiti
	$(BIN)/python .ci/scan

# The board under gunicorn (production settings) on SQLite and PostgreSQL against a bare Flask app, driven by wrk.
# Generated databases are kept in instance/bench/ (and PostgreSQL board_bench_*) until the seed code changes.
bench: install
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; \
	else echo "make bench needs wrk: apt-get install wrk (or brew install wrk)"; exit 1; fi; }
	$(BIN)/python bench/run.py

# Breaks five of the board's rules one at a time in a throw-away copy of the tree and shows the tests
# catching each (CSRF on two buttons, two pipeline moves, an unescaped cover letter); a few minutes.
mutants: install-test
	$(BIN)/python bench/mutants.py

# Ruff's settled rules, then the import contracts: imports run only downward (web -> domain -> models ->
# platform) and the domain never reaches for a form, the request or current_user (pyproject.toml,
# ARCHITECTURE.md). CI runs this before the tests.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Not yet run over the whole tree (it would touch most files): `make format FILES="board/x.py"` for the files you change.
format: FILES ?= .
format: $(VENV)/.installed-test
	$(BIN)/ruff format $(FILES)

# The newest versions pyproject.toml allows, resolved in a scratch environment and pinned in constraints.txt.
lock: | $(BIN)/activate
	rm -rf $(VENV)/lock
	$(PYTHON) -m venv $(VENV)/lock
	$(VENV)/lock/bin/pip install --quiet --upgrade pip
	$(VENV)/lock/bin/pip install --quiet -e '.[test]'
	{ echo "# Generated by make lock from pyproject.toml; every install uses it (pip install -c constraints.txt)."; \
	  $(VENV)/lock/bin/pip freeze --exclude-editable | grep -v -i '^academy-partner-board'; } > constraints.txt
	rm -rf $(VENV)/lock

clean:
	rm -rf $(VENV) .pytest_cache
