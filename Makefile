# Open Akimat — the commands a newcomer needs. `make` alone lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# The suite runs in two processes (pytest-xdist): each has its own test database, and the whole run
# takes about half as long on a 2-core machine. `make test PYTEST_ARGS=` runs it in one.
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help venv dev-deps run migrate demo test test-sqlite test-postgres lint format messages worker beat backup restore check-deploy smoke-prod bench-weight bench-frontoffice clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.base: requirements/base.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Open Akimat needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	test -x $(PIP) || $(PYTHON) -m venv --clear $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(PIP) install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

venv: $(VENV)/.base ## Create .venv with the pinned runtime dependencies

dev-deps: $(VENV)/.dev ## Add the test and lint dependencies

migrate: venv ## Apply database migrations
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input

demo: migrate ## Load the demonstration data set (idempotent)
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo

run: demo ## Set up everything and serve the site at http://127.0.0.1:8000
	@DEBUG=$${DEBUG:-true} $(PY) manage.py demo_info --base-url http://$(HOST):$(PORT)
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

lint: dev-deps ## ruff (lint + format check), mypy on services and selectors, import layers, migrations and translations checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	DEBUG=true DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m openakimat.common.i18n_check

test: lint ## Lint, then the whole suite on SQLite (and on PostgreSQL when DATABASE_URL points there)
	$(MAKE) --no-print-directory test-sqlite
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL is not PostgreSQL: PostgreSQL run skipped (set DATABASE_URL=postgres://postgres@127.0.0.1:5432/openakimat)"; fi

test-sqlite: dev-deps ## The suite on the embedded SQLite database
	DJANGO_SETTINGS_MODULE=config.test_settings DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: dev-deps ## The suite on PostgreSQL ($DATABASE_URL)
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) -m pytest $(PYTEST_ARGS)

format: dev-deps ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: dev-deps ## Extract strings into the kk and ru catalogues and compile them
	cd openakimat && ../$(PY) ../manage.py makemessages -l kk -l ru -l en --no-obsolete --no-location
	cd openakimat && ../$(PY) ../manage.py compilemessages

backup: venv ## Back up the database and every upload into var/backups (BACKUP_DIR=..., KEEP=n to prune older ones)
	DEBUG=$${DEBUG:-true} $(PY) manage.py backup --output "$${BACKUP_DIR:-var/backups}" --keep "$${KEEP:-0}"

restore: venv ## Restore a backup into an empty database: make restore BACKUP=var/backups/openakimat-backup-... (REPLACE=1 to overwrite)
	@test -n "$(BACKUP)" || { echo "Name the backup: make restore BACKUP=var/backups/openakimat-backup-..."; exit 2; }
	DEBUG=$${DEBUG:-true} $(PY) manage.py restore "$(BACKUP)" $(if $(REPLACE),--replace)

worker: venv ## Run a Celery worker (production: set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	$(VENV)/bin/celery -A config worker --loglevel INFO

beat: venv ## Run Celery beat, the one scheduler of the periodic sweeps and reminders
	$(VENV)/bin/celery -A config beat --loglevel INFO

check-deploy: venv ## Django's and the project's deployment checks with production-like settings on an empty database
	rm -f var/check-deploy.sqlite3
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=akimat.example.kz \
	  DATABASE_URL=sqlite:///$(CURDIR)/var/check-deploy.sqlite3 CACHE_URL=redis://127.0.0.1:6379/1 \
	  SMS_BACKEND=http SMS_GATEWAY_URL=https://sms.example.kz/send SECURITY_CONTACT=mailto:security@akimat.example.kz \
	  SITE_URL=https://akimat.example.kz \
	  $(PY) manage.py check --deploy --fail-level WARNING

smoke-prod: dev-deps ## Production configuration on loopback (nginx, 2 gunicorn, PostgreSQL, Redis, Celery) and smoke journeys through it
	bash deploy/smoke/run.sh

bench-weight: dev-deps ## Page weight of the rollout page (compressed bytes)
	$(PY) benchmarks/page_weight.py

bench-frontoffice: dev-deps ## Front office on PostgreSQL with 1 million applications (about 7 minutes)
	$(PY) benchmarks/frontoffice_data.py
	$(PY) benchmarks/frontoffice_bench.py all

clean: ## Remove the virtualenv, the local database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles var .pytest_cache .ruff_cache
