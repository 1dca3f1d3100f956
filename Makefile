# One task runner for people, the README and CI alike.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT
# The seeds folder `check-seeds` and `publish` read, and `run` serves when it is given.
SEEDS ?= seeds

.PHONY: run test check lint typecheck unit quick bench reliability openapi sdks seed-schema \
	check-seeds publish sync-example system-tools clean

# Set-up is part of each target: a fresh clone needs nothing but Python 3.11+.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# With the official Python SDK (clients/python), which the suite and the example import.
$(VENV)/.dev: pyproject.toml clients/python/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]' -e clients/python
	touch $@ $(VENV)/.runtime

# Spectral and Redocly CLI (OpenAPI linters) and Prism (a validating proxy), at the versions
# tests/spectral/package-lock.json pins (npm ci installs exactly those).
SPECTRAL := $(VENV)/spectral/node_modules/.bin/spectral
$(SPECTRAL): tests/spectral/package.json tests/spectral/package-lock.json | $(BIN)/python system-tools
	mkdir -p $(VENV)/spectral
	cp tests/spectral/package.json tests/spectral/package-lock.json $(VENV)/spectral/
	npm ci --prefix $(VENV)/spectral --no-audit --no-fund --silent
	touch $@

# The TypeScript SDK's build and generation tools, at the versions
# clients/typescript/package-lock.json pins.
TS_SDK := clients/typescript/node_modules/.bin/tsc
$(TS_SDK): clients/typescript/package.json clients/typescript/package-lock.json | system-tools
	npm ci --prefix clients/typescript --no-audit --no-fund --silent
	touch $@

$(VENV)/.bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.runtime

# A development set-up: with REDIS_URL, a replica that finds Redis empty publishes its seeds.
# `make run SEEDS=path` serves that folder (it sets SEEDS_DIR); without SEEDS, SEEDS_DIR or the
# bundled seeds.
# Quiet (@): what it writes on stdout is the service's log, JSON lines only.
run: $(VENV)/.runtime  ## serve on $(HOST):$(PORT) under gunicorn
	@$(if $(filter-out file,$(origin SEEDS)),SEEDS_DIR='$(SEEDS)') \
	PUBLISH_SEEDS_IF_EMPTY=$${PUBLISH_SEEDS_IF_EMPTY:-true} $(BIN)/gunicorn -c gunicorn.conf.py

test: lint typecheck unit  ## the whole suite: lint, types, tests

check: lint typecheck quick  ## the quick loop: lint, types and the tests that start nothing

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

unit: $(VENV)/.dev $(SPECTRAL) $(TS_SDK) system-tools
	$(BIN)/pytest

# Tests marked `system` start servers, browsers or generators; `slow` ones soak for minutes.
quick: $(VENV)/.dev
	$(BIN)/pytest -q -m "not system and not slow"

# The suite runs a two-minute soak (reliability/report.*); this runs it for ten.
reliability: $(VENV)/.dev system-tools  ## soak and faults under load, long form
	SOAK_SECONDS=$${SOAK_SECONDS:-600} RELIABILITY_REPORT=reliability/long-soak \
	  $(BIN)/pytest tests/test_reliability.py

# Debian packages the suite drives: redis-server and redis-cli (Redis and Cluster tests),
# nginx (the gateway and compose topology tests), Java (OpenAPI Generator), Chromium (the docs
# page), wrk (the benchmark and its smoke test), npm (Spectral), podman with runc, and
# debootstrap for its stand-in base image (the image test), Prometheus and promtool (scraping
# the replicas, the alert rules). Installed when missing and we may.
SYSTEM_TOOLS := redis-server:redis-server redis-cli:redis-server nginx:nginx-light \
	java:default-jre-headless chromium:chromium wrk:wrk npm:npm podman:podman runc:runc \
	debootstrap:debootstrap prometheus:prometheus promtool:prometheus
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

# The service beside the same stock libraries put together plainly (and a stock nginx cache)
# under wrk; results in bench/results/. BENCH_*
# variables change it (bench/settings.py), e.g. BENCH_PARTNERSHIPS=5000 for a quicker run.
bench: $(VENV)/.bench system-tools  ## measure the service against its baselines
	$(BIN)/python -m bench.run

# examples/sync.py against a running service (SERVICE, by default the run command's address),
# through the official Python SDK: a copy kept in sync in COPY (under build/, which git
# ignores). Only the example's JSON summary goes to stdout.
SERVICE ?= http://$(HOST):$(PORT)
COPY ?= build/partnership-copy.json
sync-example: $(VENV)/.dev  ## keep a synced, checked copy of a running service's dataset
	@mkdir -p $(dir $(COPY))
	@$(BIN)/python examples/sync.py $(SERVICE) $(COPY)

openapi: $(VENV)/.dev  ## regenerate openapi.yaml from the code
	$(BIN)/python -m service openapi --output openapi.yaml

# The official SDKs' generated parts, from openapi.yaml (after `make openapi`): the Python
# package's client and version, the TypeScript package's version and types.
sdks: $(VENV)/.dev $(TS_SDK)  ## regenerate clients/ from openapi.yaml
	$(BIN)/python clients/generate.py
	npm run --prefix clients/typescript --silent generate

seed-schema: $(VENV)/.dev  ## regenerate the seed JSON Schema and docs/seeds.md's field reference
	$(BIN)/python -m service seed-schema --output schemas/seed-file.schema.json \
	  --guide docs/seeds.md

# Any folder: `make check-seeds SEEDS=path`, `make publish SEEDS=path` (publish needs REDIS_URL).
check-seeds: $(VENV)/.runtime  ## validate and link a seeds folder, reporting every problem
	$(BIN)/python -m service check-seeds $(SEEDS)

publish: $(VENV)/.runtime  ## publish a seeds folder to the Redis at REDIS_URL
	$(BIN)/python -m service publish $(SEEDS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
