# The commands of the README: `make serve`, `make test` and `make prod`, then the tools'
# `make benchmark`, `make loadtest` and `make benchmark-search`. Everything else is their set-up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve prod test lint browser-deps benchmark loadtest benchmark-search

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-installs whenever pyproject.toml changes, so a pulled dependency change is never missed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q ".[test]"
	touch $@

# --insecure: runserver serves the static files with DEBUG off (the default), so a missing page
# shows the styled 404 rather than Django's debug page. The worker (scheduled drafts, queued
# search updates) runs beside it and stops with it.
serve: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_portal_data --if-empty --no-index
	$(BIN)/python manage.py rebuild_index --clear
	$(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver --insecure $(HOST):$(PORT)

# Production: what the server needs (no test tools), then the same steps as `serve` under the
# production settings, checked before anything is written, and gunicorn (gunicorn.conf.py; the
# address from BIND). The settings refuse to start without DATABASE_URL, SECRET_KEY and
# ALLOWED_HOSTS. gunicorn starts the worker beside itself (gunicorn.conf.py).
$(VENV)/.installed-prod: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q .
	touch $@

prod: export DJANGO_SETTINGS_MODULE = spi_portal.settings.prod
prod: $(VENV)/.installed-prod
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_portal_data --if-empty --no-index
	$(BIN)/python manage.py rebuild_index --clear
	exec $(BIN)/gunicorn

# Browser tests drive Debian's Chromium; nothing is downloaded by Playwright.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
		else echo "Install Debian's chromium package to run the browser tests"; fi; \
	fi

# One pytest worker per core (pytest-xdist); an idle worker takes tests from a busy one, so a few
# long tests (the production servers, the benchmark) run beside the rest. PYTEST_WORKERS=0 runs
# everything in one process.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed browser-deps
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The tools beside the portal (tools/), never installed in the portal's own settings: each runs
# its command under tools.settings, with ARGS passed on, e.g.
# `make benchmark ARGS="--sizes 1000 10000"` (`manage.py help <command>` lists the options).
benchmark loadtest benchmark-search: export DJANGO_SETTINGS_MODULE = tools.settings
benchmark: $(VENV)/.installed
	$(BIN)/python manage.py benchmark_portal $(ARGS)

loadtest: $(VENV)/.installed
	$(BIN)/python manage.py load_test $(ARGS)

benchmark-search: $(VENV)/.installed
	$(BIN)/python manage.py benchmark_search $(ARGS)
