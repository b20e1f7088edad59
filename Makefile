# Two commands set everything up on a fresh Linux machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Two workers (CI has 2 cores); one file per worker keeps module-scoped fixtures together.
PYTEST_ARGS ?= -n auto --dist loadfile
export PORTAL_PORT ?= $(PORT)

.PHONY: demo test install serve migrate seed lint format e2e clean publish-scheduled translations messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compile locale/**/*.po into .mo with Babel (no GNU gettext needed); only missing or stale catalogues.
translations: install
	$(PY) manage.py compile_translations

migrate: install translations
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

demo: seed
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

test: install translations
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Publish approved revisions whose go-live time has come and unpublish expired pages (run it every minute).
publish-scheduled: install
	$(PY) manage.py publish_scheduled

# Style, then the import contracts of pyproject.toml (which app may import which).
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Developers only: refresh locale/vi and locale/en from the code and templates (needs GNU gettext: xgettext,
# msgmerge). Then translate the new entries of locale/en/LC_MESSAGES/django.po and commit the .po files.
messages: install
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=locale --ignore=media --ignore=staticfiles

clean:
	rm -rf $(VENV) var/portal.sqlite3 var/staticfiles
