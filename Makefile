# lamtheo: two commands for a new user.
#   make demo   install, load the demo committee on SQLite, serve on http://127.0.0.1:8000
#   make test   install and run the whole test suite (SQLite, or DATABASE_URL if set)
#   make lint   ruff, makemigrations --check and the import contracts, as CI runs them

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The first Python 3.12+ found: pyenv's (per .python-version), python3.13, python3.12, python3.
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; \
	done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install system-deps lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6.1)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the page styles and htmx."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Debian packages the tests use: Chromium for the end-to-end tests; Liberation fonts 2.x (Times
# New Roman metrics) for the Vietnamese glyphs, checked by the glyph itself (U+1EC7 "ệ") since
# fonts-liberation 1.x has the same family name without them; LibreOffice headless to convert
# the DOCX documents to PDF and poppler-utils to read the PDFs back; gettext for the translation
# catalogue check. Installed only when missing, and only where apt-get can run.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	fc-list ':charset=1ec7' family 2>/dev/null | grep -qE "Liberation Serif|Tinos" || missing="$$missing fonts-liberation2"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdffonts >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "Please install:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

demo: install
	DEBUG=True $(PY) manage.py migrate --noinput
	DEBUG=True $(PY) manage.py load_demo
	@echo "Starting the task worker, the reminders (every 15 min) and the server on http://$(HOST):$(PORT)/ (Ctrl+C stops all)"
	DEBUG=True $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	DEBUG=True $(PY) manage.py send_reminders --loop 900 & reminders=$$!; \
	trap "kill $$worker $$reminders 2>/dev/null" EXIT INT TERM; \
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs in parallel (pytest-xdist), one worker per CPU unless TEST_WORKERS says otherwise
# (TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto

test: install system-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# What CI checks besides the tests: style, migrations that match the models, and the layers
# (import-linter contracts in pyproject.toml; see docs/architecture.md).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	DEBUG=True $(PY) manage.py makemessages -l vi --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=tests --ignore=docs --ignore=var
	DEBUG=True $(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules var
