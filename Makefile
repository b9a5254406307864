# The README's two commands: `make demo` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := var/tools/bin/uv
endif
VENV := .venv
BIN := $(VENV)/bin
DEMO_FIRMS ?= 50000
export DEMO_FIRMS

.PHONY: help demo test test-fast lint bench mutation assets messages clean

help:
	@echo "make demo   - set up, generate and import a synthetic register, serve http://127.0.0.1:8000"
	@echo "make test   - lint, migrations check and the test suite (DATABASE_URL picks the database)"
	@echo "make lint   - ruff, mypy, makemigrations --check"
	@echo "make bench  - benchmarks (see bench/)"
	@echo "make mutation - mutation score per core module (mutmut; not part of make test)"

var/tools/bin/uv:
	python3 -m venv var/tools
	var/tools/bin/pip install --quiet uv

$(BIN)/vaekst: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

demo: $(BIN)/vaekst
	$(BIN)/vaekst demo

lint: $(BIN)/vaekst
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy vaekst
	$(BIN)/vaekst makemigrations --check --dry-run

test: lint
	# One connection per request thread of the browser tests, closed when it is done.
	DATABASE_CONN_MAX_AGE=0 $(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(BIN)/vaekst
	$(BIN)/pytest -m "not browser" -x $(PYTEST_ARGS)

bench: $(BIN)/vaekst
	$(BIN)/python bench/run_all.py

# Mutation testing of the core engines, one module at a time with only its own tests
# (scripts/mutation.py MODULES: the rule engine, eligibility, growth arithmetic, the CVR
# checks, the high-growth windows). New engines join that list as they come: cohorts, due
# dates, KPIs, the effect estimator. Equivalent survivors are written down in docs/mutation.md.
# MUTATION_ARGS="vaekst/lib/cvr.py --survivors" runs one module and shows what survived.
mutation: $(BIN)/vaekst
	$(BIN)/python scripts/mutation.py $(MUTATION_ARGS)

assets:
	bash scripts/refresh_assets.sh

messages: $(BIN)/vaekst
	$(BIN)/vaekst makemessages -l en --ignore=.venv --ignore=var
	$(BIN)/vaekst compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var/tools var/*.sqlite3* var/demo
