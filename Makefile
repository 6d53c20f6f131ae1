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
# in demo mode: debug off (the project's own error pages), demo accounts allowed (docs/deploy.md).
demo: install messages
	NEUGUONG_DEMO=1 DATABASE_URL=$${DATABASE_URL:-sqlite:///neuguong.sqlite3} $(BIN)/neuguong demo --port 8000

# The whole suite on SQLite (with coverage), then again on PostgreSQL when DATABASE_URL points at one (CI
# sets it). The browser, fuzz, bench, soak and replica tests run once: in the PostgreSQL pass when there is
# one, in the SQLite pass otherwise. Each pass prints its wall time.
ONCE_MARKERS := browser or fuzz or bench or soak or replica
PYTEST_ARGS := -q -p no:cacheprovider

test: dev messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@pg=; case "$${DATABASE_URL:-}" in postgres*) pg=$$DATABASE_URL;; esac; \
	if [ -n "$$pg" ]; then set -- -m "not ($(ONCE_MARKERS))"; fi; \
	echo "== SQLite pass$${pg:+ (without the tests marked $(ONCE_MARKERS): PostgreSQL runs them)} =="; \
	start=$$(date +%s); rc=0; \
	DATABASE_URL=sqlite:///test-neuguong.sqlite3 $(BIN)/coverage run -m pytest $(PYTEST_ARGS) "$$@" || rc=$$?; \
	echo "== SQLite pass: $$(( $$(date +%s) - start )) s wall (exit $$rc) =="; \
	[ $$rc -eq 0 ] || exit $$rc; \
	echo "== Coverage of the SQLite pass (migrations and tests omitted): $$($(BIN)/coverage report --format=total)% total (\`coverage report\` for the table) =="; \
	if [ -z "$$pg" ]; then \
	  echo "== PostgreSQL pass skipped: DATABASE_URL does not point at PostgreSQL (CI sets it) =="; exit 0; \
	fi; \
	echo "== PostgreSQL pass ($$pg) =="; \
	start=$$(date +%s); rc=0; \
	$(BIN)/pytest $(PYTEST_ARGS) || rc=$$?; \
	echo "== PostgreSQL pass: $$(( $$(date +%s) - start )) s wall (exit $$rc) =="; \
	exit $$rc

bench: install
	$(BIN)/neuguong bench

lint: dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff check --fix . ; $(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles *.egg-info
