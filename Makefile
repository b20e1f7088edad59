# Two commands set everything up on a fresh Linux machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers (CI has 2 cores); one file per worker keeps module-scoped fixtures together.
PYTEST_ARGS ?= -n auto --dist loadfile
export PORTAL_PORT ?= $(PORT)

.PHONY: demo test install serve migrate seed lint format e2e clean publish-scheduled

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

demo: seed
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

test: install
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Publish approved revisions whose go-live time has come and unpublish expired pages (run it every minute).
publish-scheduled: install
	$(PY) manage.py publish_scheduled

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var/portal.sqlite3 var/staticfiles
