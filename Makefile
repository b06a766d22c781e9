# Stopover. `make run` serves the app on http://127.0.0.1:8000; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DEBUG ?= 1

.PHONY: run test test-postgres test-browser test-reliability test-api lint fmt worker beat messages bench loadtest install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[dev]'
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	if [ -d locale ]; then $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; fi

# The web server and, beside it, a real Celery worker with embedded beat on a broker
# that needs no server (SQLite under var/, unless CELERY_BROKER_URL says otherwise):
# due emails, digests, reminders, expiries and the outbox re-queue run. Ctrl-C stops both.
run: $(STAMP) messages
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_places
	$(BIN)/python manage.py load_demo
	$(BIN)/python -m travel.embedded --addr 127.0.0.1:8000

test: $(STAMP) messages
	$(BIN)/pytest -q $(PYTEST_ARGS)

test-browser: $(STAMP) messages
	$(BIN)/pytest -q -m browser -p no:randomly tests/browser $(PYTEST_ARGS)

# Faults and load against real processes it starts itself (its own PostgreSQL and Redis,
# gunicorn, Celery workers); prints each scenario's figures. See README "Reliability".
test-reliability: $(STAMP) messages
	$(BIN)/pytest -q -s -m reliability -p no:randomly tests/reliability $(PYTEST_ARGS)

# schemathesis (every phase, --checks all, two members) against gunicorn on a fresh
# PostgreSQL database with the demo data: .ci/test-api (API_TEST_DB, API_MAX_EXAMPLES).
test-api: $(STAMP)
	.ci/test-api

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy travel accounts
	$(BIN)/lint-imports

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: $(STAMP)
	$(BIN)/celery -A travel worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A travel beat --loglevel=INFO --schedule var/celerybeat-schedule

# Benchmarks on a SEPARATE database (benchmarks/RESULTS.md): SCALE=10k|100k|1m,
# DB=sqlite (var/bench-$(SCALE).sqlite3) or a postgres:// URL of a bench database, e.g.
# `make bench SCALE=1m DB=postgres://postgres@127.0.0.1:5432/bench_1m`.
SCALE ?= 10k
DB ?= sqlite
bench: $(STAMP)
	$(BIN)/python -m benchmarks --scale $(SCALE) --db $(DB) $(BENCH_ARGS)

# gunicorn (2 workers) + 20 concurrent signed-in clients on the bench data (run `make bench` first).
loadtest: $(STAMP)
	$(BIN)/python -m benchmarks loadtest --scale $(SCALE) --db $(DB) $(BENCH_ARGS)

clean:
	rm -rf var/stopover.sqlite3* var/static
