# webcare: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8

.PHONY: install migrate up demo test test-unit test-integration test-e2e lint clean

install: $(VENV)/.installed ## the project and the webcare command, from the lock file

$(VENV)/.installed: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --quiet
	# Byte-compile once, so that a service started where PYTHONDONTWRITEBYTECODE is set does not
	# compile every module again at each start (about 4 CPU-s per service).
	-$(BIN)/python -m compileall -q -j 0 $(VENV)/lib shared services webcare migrations >/dev/null
	touch $@

migrate: install ## create the database and apply migrations
	$(BIN)/webcare migrate

up: install ## run the five services locally until Ctrl-C
	$(BIN)/webcare up

demo: install ## start everything, feed the example comments, show the outcome, keep running
	$(BIN)/webcare up --demo

test: install ## the whole suite: unit, integration and end to end, against real Redis and Postgres
	$(BIN)/python -m pytest

test-unit: install
	$(BIN)/python -m pytest tests/unit

test-integration: install
	$(BIN)/python -m pytest tests/integration

test-e2e: install
	$(BIN)/python -m pytest tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
