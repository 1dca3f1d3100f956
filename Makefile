# One task runner for people, the README and CI alike.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint typecheck unit bench reliability openapi check-seeds system-tools clean

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

$(VENV)/.bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## serve on $(HOST):$(PORT) under gunicorn
	$(BIN)/gunicorn -c gunicorn.conf.py

test: lint typecheck unit  ## the whole suite: lint, types, tests

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

unit: $(VENV)/.dev system-tools
	$(BIN)/pytest

# The suite runs a two-minute soak (reliability/report.*); this runs it for ten.
reliability: $(VENV)/.dev system-tools  ## soak and faults under load, long form
	SOAK_SECONDS=$${SOAK_SECONDS:-600} RELIABILITY_REPORT=reliability/long-soak \
	  $(BIN)/pytest tests/test_reliability.py

# Debian packages the suite drives: redis-server and redis-cli (Redis and Cluster tests),
# nginx (the gateway test), Java (OpenAPI Generator), Chromium (the docs page), wrk (the
# benchmark and its smoke test). Installed when missing and we may.
SYSTEM_TOOLS := redis-server:redis-server redis-cli:redis-server nginx:nginx-light \
	java:default-jre-headless chromium:chromium wrk:wrk
system-tools:
	@missing=""; for pair in $(SYSTEM_TOOLS); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null || [ -x /usr/sbin/$$cmd ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (install them with apt-get)" >&2; exit 1; fi; \
	fi

# The service beside a bare Flask app and nginx under wrk; results in bench/results/. BENCH_*
# variables change it (bench/settings.py), e.g. BENCH_PARTNERSHIPS=5000 for a quicker run.
bench: $(VENV)/.bench system-tools  ## measure the service against its baselines
	$(BIN)/python -m bench.run

openapi: $(VENV)/.dev  ## regenerate openapi.yaml from the code
	$(BIN)/python -m service openapi --output openapi.yaml

check-seeds: $(VENV)/.runtime
	$(BIN)/python -m service check-seeds seeds

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
