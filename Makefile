# Messe — the two commands a newcomer needs are `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: env test lint run bench

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv

env: $(UV)
	$(UV) sync --frozen --quiet

# The suite runs in TEST_PROCESSES parallel processes (pytest-xdist); each has its own
# test database and Redis databases (tests/conftest.py). TEST_PROCESSES=0 runs everything in this process.
TEST_PROCESSES ?= 2
test: env
	$(VENV)/bin/python -m pytest -n $(TEST_PROCESSES) --dist load

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

run: env
	$(VENV)/bin/python scripts/run.py

bench: env
	$(VENV)/bin/python bench/run.py


bench-scanning: env
	$(VENV)/bin/python bench/bench_scanning.py


# Registration burst against gunicorn + PostgreSQL (DATABASE_URL); part of `make bench` once that target exists.
bench-registration: env
	$(VENV)/bin/python bench/bench_registration.py
