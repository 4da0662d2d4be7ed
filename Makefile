# Every target does its own set-up: a machine with only python3 and make is enough.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint native bench bench-quality bench-fetch clean-venv

# The editable install's import hook is invisible to type checkers (mypy, pyright), so a
# user's `mypy --strict` would see no scraper at all: a plain .pth line with the
# checkout's path makes it visible to them too (tests/test_typing.py). (setuptools'
# editable_mode=compat does the same but is on its way out.)
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,scrapy]'
	$(BIN)/python -c 'import sys, sysconfig, pathlib; pathlib.Path(sysconfig.get_path("purelib"), "scraper-checkout.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)"
	touch $(STAMP)

## native: compile the hot extraction modules with mypyc into the venv (not the source
##         tree); a no-op when current, pure Python if it fails (scraper/native.py)
native: $(STAMP)
	$(BIN)/python -m scraper.native_build

## run: clean the bundled fixtures into cleaned/ (the main job), and the sites' pages
##      each on its own into cleaned-one-by-one/ (what learning changes)
run: $(STAMP) native
	$(BIN)/scraper clean fixtures --out cleaned --jobs 2
	$(BIN)/scraper clean fixtures/sites --out cleaned-one-by-one --jobs 2 --no-learn

## test: lint, type-check and run every test
test: $(STAMP) lint native
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
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,scrapy,bench]'
	touch $@

bench-fetch: $(VENV)/.bench-installed
	$(BIN)/python bench/fetch.py --repeat 3

clean-venv:
	rm -rf $(VENV)
