# child-safety-stats: every target sets up what it needs (a .venv from pyproject.toml).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Browser tests drive Debian's Chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help figures factsheets test validate lint list bench notebooks clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

figures: $(STAMP) ## validate the data and build every figure and stat card into figures/ (with the gallery)
	$(PY) -m analysis build
	$(PY) -m analysis cards

factsheets: $(STAMP) ## one-page PDF factsheet for every country, in every language, into factsheets/
	$(PY) -m analysis factsheet --all --lang en es pt fr

test: $(STAMP) $(CHROMIUM) ## run the test suite (installs Debian's chromium for the browser tests)
	$(PY) -m pytest

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install Chromium (Debian packages chromium, chromium-driver) for the browser tests"; exit 1; }
	$(SUDO) apt-get install -y -q chromium chromium-driver || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium chromium-driver; }

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
