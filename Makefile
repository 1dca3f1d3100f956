# One task runner for people, the README and CI alike.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint typecheck unit openapi check-seeds redis-server clean

# Set-up is part of each target: a fresh clone needs nothing but Python 3.11+.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## serve on $(HOST):$(PORT) under gunicorn
	$(BIN)/gunicorn -c gunicorn.conf.py

test: lint typecheck unit  ## the whole suite: lint, types, tests

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

unit: $(VENV)/.dev redis-server
	$(BIN)/pytest

# The Redis tests start their own servers and a small cluster: they need redis-server and
# redis-cli, installed from Debian's packages when missing and we may.
redis-server:
	@command -v redis-server >/dev/null && command -v redis-cli >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null); } || \
	  { echo "redis-server and redis-cli are needed: install Debian's redis-server package" >&2; exit 1; }

openapi: $(VENV)/.dev  ## regenerate openapi.yaml from the code
	$(BIN)/python -m service openapi --output openapi.yaml

check-seeds: $(VENV)/.runtime
	$(BIN)/python -m service check-seeds seeds

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
