# Two entry points do all set-up on a fresh machine: `make deck` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: deck handout build dist docs test bench profile clean

$(BIN)/rolegen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/rolegen
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

deck: $(BIN)/rolegen
	$(BIN)/rolegen deck --brand acme

handout: $(BIN)/rolegen
	$(BIN)/rolegen handout --brand acme

build: $(BIN)/rolegen
	$(BIN)/rolegen build

# The release ships what this builds: the sdist and wheel, with their metadata checked by twine.
dist: $(VENV)/.test-extras
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# The reference in docs/ as a site; strict, so a broken link or a page left out of the nav fails.
docs: $(BIN)/rolegen
	$(BIN)/python -m pip install -q -e '.[docs]'
	$(BIN)/python -m mkdocs build --strict -d site

# Style is checked, not hoped: lint and format first, then the tests (the wheel's smoke test among them).
test: $(VENV)/.test-extras dist
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python -m pytest -q

bench: $(BIN)/rolegen
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/bench.py

# Where one warm document's milliseconds go, stage by stage (also the last table of `make bench`).
profile: $(BIN)/rolegen
	$(BIN)/python benchmarks/bench.py --profile

clean:
	rm -rf $(VENV) output dist site
