# Two commands on a fresh machine with Python 3.11+, make and git:
#   make run    serve the seeded catalog on http://127.0.0.1:8000 (SQLite under ./var)
#   make test   format check, lint, types, import contracts, migrations and the whole suite
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
UV_VERSION := 0.13.9
PYTEST_WORKERS ?= 2

.PHONY: run test check pytest openapi sync clean interop-tools

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(BIN)/badgeservice: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

sync: $(BIN)/badgeservice

run: sync
	$(BIN)/badgeservice migrate
	$(BIN)/badgeservice seed
	$(BIN)/badgeservice serve --host 127.0.0.1 --port 8000

test: check pytest

check: sync
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: sync
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

# Independent verifiers for tests/interop: jsonld.js + Digital Bazaar's Data Integrity stack
# (npm, pinned by package-lock.json) and 1EdTech's OB 2.0 validator (PyPI `openbadges`, which
# only runs on Python <= 3.9, so it gets a virtualenv of its own when such a Python exists).
OB2_VALIDATOR_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.7*/bin/python3.7 /usr/bin/python3.7 /usr/bin/python3.9))
interop-tools:
	npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
	@if [ -n "$(OB2_VALIDATOR_PYTHON)" ] && [ ! -x .tools/ob2-validator/bin/python ]; then \
	  $(OB2_VALIDATOR_PYTHON) -m venv .tools/ob2-validator && \
	  .tools/ob2-validator/bin/pip install --quiet --disable-pip-version-check "openbadges==1.1.2"; \
	fi

openapi: sync
	$(BIN)/badgeservice openapi > openapi/openapi.json

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache
