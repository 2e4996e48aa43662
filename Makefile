# child-safety-stats: every target sets up what it needs (a .venv with the exact versions of requirements-lock.txt).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
LOCK := requirements-lock.txt
PIP := $(PY) -m pip --disable-pip-version-check
# Browser tests drive Debian's Chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help figures factsheets test verify dist lock validate lint list bench notebooks clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

# Exact, hashed versions of every dependency (direct and transitive) from the lock; the project itself
# is installed editable on top, with no dependency resolution of its own. pip first installs uv alone, from
# the lock's own entry (its version and hashes), and uv installs the rest: the same files, ten times sooner,
# compiled to bytecode as pip does (else every test's subprocess compiles matplotlib and pandas again).
UV := $(VENV)/bin/uv
UV_PIN := $(VENV)/uv-pin.txt
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@awk '/^uv==/ {keep = 1; print; next} /^[^ ]/ {keep = 0} keep' $(LOCK) > $(UV_PIN)
	@test -s $(UV_PIN) || { echo "$(LOCK) has no uv entry: run make lock"; exit 1; }
	$(PIP) install --quiet --require-hashes --no-deps -r $(UV_PIN)
	$(UV) pip install --quiet --python $(PY) --require-hashes --compile-bytecode -r $(LOCK)
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	@touch $(STAMP)

figures: $(STAMP) ## validate the data and build every figure and stat card into figures/ (with the gallery)
	$(PY) -m analysis build
	$(PY) -m analysis cards

factsheets: $(STAMP) ## one-page PDF factsheet for every country, in every language, into factsheets/
	$(PY) -m analysis factsheet --all --lang en es pt fr

test: $(STAMP) $(CHROMIUM) ## run the test suite in parallel (installs Debian's chromium for the browser tests)
	$(PY) -m pytest -n auto

verify: $(STAMP) ## rebuild every figure and card in a scratch folder and compare each hash with figures/manifest.json
	$(PY) -m analysis verify

dist: figures factsheets ## zip the offline gallery with every figure, card and factsheet into dist/ (for a release)
	$(PY) -m analysis dist

lock: $(STAMP) ## upgrade every dependency: rewrite requirements-lock.txt, reinstall, rebuild the figures
	$(PY) -m piptools compile --quiet --upgrade --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
	$(MAKE) figures

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

clean: ## remove the virtual environment, caches and built outputs (figures/manifest.json and the README's images stay)
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache dist factsheets
	git clean -fdX figures
