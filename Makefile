# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app board

.PHONY: run test install install-test translations browser migrate seed e2e-browser clean scan bench mutants

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the project's dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
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

test: install-test
	$(BIN)/pytest tests e2e

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

clean:
	rm -rf $(VENV) .pytest_cache
