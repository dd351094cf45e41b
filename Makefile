# Officina: `make run` (demo on the embedded default) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
OFFICINA := $(VENV)/bin/officina
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-unit test-e2e test-py313 lint format requirements messages system-deps bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Officina needs Python 3.11 or newer.")'
	$(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment: install python3-venv (apt-get install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.*

$(VENV)/.base-installed: $(PY) requirements/base.txt pyproject.toml
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt -r requirements/dev.txt
	@touch $@

# `make run HOST=0.0.0.0` opens the demo to the local network (README: only on a trusted one).
HOST ?= 127.0.0.1
PORT ?= 8000
run: $(VENV)/.base-installed
	@DJANGO_SETTINGS_MODULE=config.settings.local $(OFFICINA) migrate --noinput -v0
	@DJANGO_SETTINGS_MODULE=config.settings.local $(OFFICINA) demo
	@OFFICINA_LISTEN_HOST=$(HOST) DJANGO_SETTINGS_MODULE=config.settings.local $(OFFICINA) serve --host $(HOST) --port $(PORT)

system-deps:
	@bash scripts/ensure-system-deps.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	DJANGO_SETTINGS_MODULE=config.settings.test $(OFFICINA) makemigrations --check --dry-run -v0

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-unit: $(VENV)/.dev-installed
	$(PY) -m pytest -p no:playwright -m "not e2e" $(PYTEST_ARGS)

test-e2e: $(VENV)/.dev-installed system-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Lint, then the two pytest invocations (pytest-playwright and async tests cannot share one).
test: $(VENV)/.dev-installed system-deps lint test-unit test-e2e

bench: $(VENV)/.dev-installed
	$(PY) bench/run.py

# Recompile pinned requirements (relative paths, no index URLs recorded).
requirements: $(PY)
	cd requirements && ../$(UV) pip compile base.in -o base.txt -p 3.11 --no-header --quiet
	cd requirements && ../$(UV) pip compile dev.in -o dev.txt -p 3.11 --no-header --quiet

messages: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=config.settings.test $(OFFICINA) makemessages -l it -l en --ignore=.venv --ignore=var
	DJANGO_SETTINGS_MODULE=config.settings.test $(OFFICINA) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static

# The same unit suite on Python 3.13 (pyenv has it on this kind of machine), in its own venv.
PY313 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3))
test-py313:
	@if [ -z "$(PY313)" ]; then echo "Python 3.13 not found: skipping the 3.13 run."; \
	else OFFICINA_TEST_DB=$(CURDIR)/var/test-py313.sqlite3 $(MAKE) --no-print-directory test-unit VENV=.venv313 PYTHON=$(PY313); fi
