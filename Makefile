# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app board

.PHONY: run test install install-test translations browser migrate seed e2e-browser clean

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

clean:
	rm -rf $(VENV) .pytest_cache
