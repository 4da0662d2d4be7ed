# Every target does its own set-up: a machine with only python3 and make is enough.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-quality bench-fetch clean-venv

# editable_mode=compat puts the checkout on sys.path with a plain .pth line: type
# checkers can follow that (mypy, pyright), but not the import hook of the default mode,
# so a user's `mypy --strict` would see no scraper at all (tests/test_typing.py).
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

## run: clean the bundled fixtures into cleaned/ (the main job), and the sites' pages
##      each on its own into cleaned-one-by-one/ (what learning changes)
run: $(STAMP)
	$(BIN)/scraper clean fixtures --out cleaned --jobs 2
	$(BIN)/scraper clean fixtures/sites --out cleaned-one-by-one --jobs 2 --no-learn

## test: lint, type-check and run every test
test: $(STAMP) lint
	$(BIN)/python -m pytest -q --durations=10

lint: $(STAMP)
	$(BIN)/ruff check scraper tests bench
	$(BIN)/ruff format --check scraper tests bench
	$(BIN)/mypy

## bench: quality, speed and metadata beside trafilatura, readability-lxml and resiliparse
## on every set under ../shared/eval (WCXB dev, fundus-dev)
bench: bench-quality

bench-quality: $(VENV)/.bench-installed
	$(BIN)/python bench/quality.py

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' --config-settings editable_mode=compat
	touch $@

bench-fetch: $(VENV)/.bench-installed
	$(BIN)/python bench/fetch.py --repeat 3

clean-venv:
	rm -rf $(VENV)
