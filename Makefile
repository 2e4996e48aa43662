# child-safety-stats: every target sets up what it needs (a .venv from pyproject.toml).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help figures test validate lint list bench notebooks clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

figures: $(STAMP) ## validate the data and build every figure into figures/
	$(PY) -m analysis build

test: $(STAMP) ## run the test suite
	$(PY) -m pytest

validate: $(STAMP) ## check the data package
	$(PY) -m analysis validate

list: $(STAMP) ## list the registered figures
	$(PY) -m analysis list

bench: $(STAMP) ## time the build against its targets; writes bench/results.json
	$(PY) -m analysis.benchmark.run

notebooks: $(STAMP) ## open the research notebooks in JupyterLab (edit the .py pair, then jupytext --sync)
	$(PY) -m jupyter lab notebooks/

lint: $(STAMP) ## ruff
	$(PY) -m ruff check analysis tests

clean: ## remove the virtual environment and caches (figures/ stays: it is versioned)
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache
