# casemgr: `make run` sets everything up and serves the app; `make test` runs the suite.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test install system-deps lint format bench bench-data stop clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## Serve casemgr at http://127.0.0.1:8000 with a Celery worker and beat (Ctrl-C stops all).
run: $(STAMP)
	@$(PY) -m casemgr.embedded exec --always-stop --foreground -- $(PY) manage.py runstack

## Debian packages the suite needs (the list: .ci/debian-packages): checked, and
## installed with apt-get when run as root; otherwise a message naming them.
system-deps:
	@.ci/system-deps

## The whole test suite, on real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL).
test: system-deps $(STAMP)
	$(PY) -m casemgr.embedded exec -- $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Build the benchmark firm into its own database (SCALE=1.0 is the DESIGN.md firm).
SCALE    ?= 1.0
SEED     ?= 42
BENCH_DB ?= casemgr_bench
BENCH_ARGS ?=
bench-data: $(STAMP)
	$(PY) -m casemgr.embedded exec -- env DATABASE_NAME=$(BENCH_DB) \
		$(PY) -m bench.generate --scale $(SCALE) --seed $(SEED)

## Build it, then measure every DESIGN.md number on it (figures in bench/results/).
bench: bench-data
	$(PY) -m casemgr.embedded exec -- env DATABASE_NAME=$(BENCH_DB) \
		$(PY) -m bench.run --scale-label $(SCALE) $(BENCH_ARGS)

## Stop embedded engines left running (for instance after a crash).
stop: $(STAMP)
	$(PY) -m casemgr.embedded down

clean: stop
	rm -rf var
