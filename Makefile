# Two commands do everything on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test install dev lint format messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	cd neuguong && ../$(BIN)/django-admin compilemessages --settings=neuguong.settings >/dev/null

# Loads the demo province (Điện Biên) into SQLite, prints the accounts and serves http://127.0.0.1:8000
demo: install messages
	NEUGUONG_DEBUG=1 DATABASE_URL=$${DATABASE_URL:-sqlite:///neuguong.sqlite3} $(BIN)/neuguong demo --port 8000

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL points at one.
test: dev messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=sqlite:///test-neuguong.sqlite3 $(BIN)/pytest -q -p no:cacheprovider
	@case "$${DATABASE_URL:-}" in \
	  postgres*) echo "== PostgreSQL run ($${DATABASE_URL}) =="; \
	    $(BIN)/pytest -q -p no:cacheprovider ;; \
	  *) echo "== PostgreSQL run skipped: DATABASE_URL does not point at PostgreSQL (CI sets it) ==";; \
	esac

bench: install
	$(BIN)/neuguong bench

lint: dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff check --fix . ; $(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles *.egg-info
