"""Golden tests: every fixture, cleaned again, gives the bytes committed in cleaned/;
and each fixture's text has the snippets it must have and none it must not."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from clean_helpers import CLEANED, DOCUMENT_KEYS, FIXTURES, ROOT, SEED, load_json

from scraper.cleaning import plan_inputs, run_clean
from scraper.config import ExtractConfig, load_rules
from scraper.learning.folder import LearnOptions
from scraper.reading import strip_suffixes

EXPECTATIONS = tomllib.loads((ROOT / "tests" / "fixture_expectations.toml").read_text("utf-8"))
FIXTURE_NAMES = sorted(EXPECTATIONS)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/ cleaned the way `make run` does it (relative input path, 2 processes,
    learning each site's chrome from its pages: fixtures/sites/ holds whole sites)."""
    out = tmp_path_factory.mktemp("cleaned")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        jobs = plan_inputs(["fixtures"])
        config = ExtractConfig(rules=load_rules())
        report = run_clean(jobs, config=config, out=out, processes=2, learn=LearnOptions())
    finally:
        os.chdir(cwd)
    assert report.failed == 0
    return out


def test_every_fixture_has_expectations() -> None:
    # Folders hold whole sites (fixtures/sites/): tests/test_learning_golden.py checks them.
    on_disk = {p.name for p in FIXTURES.iterdir() if not p.name.startswith(".") and p.is_file()}
    assert on_disk == set(EXPECTATIONS)
    assert len(on_disk) >= 26


def test_cleaned_folder_holds_exactly_the_regenerated_files(regenerated: Path) -> None:
    made = sorted(p.relative_to(regenerated).as_posix() for p in regenerated.rglob("*.json"))
    committed = sorted(p.relative_to(CLEANED).as_posix() for p in CLEANED.rglob("*.json"))
    assert made == committed


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_regenerates_byte_for_byte(regenerated: Path, name: str) -> None:
    output = strip_suffixes(name) + ".json"
    assert (regenerated / output).read_bytes() == (CLEANED / output).read_bytes(), (
        f"cleaned/{output} is stale: run `make run` and review the diff"
    )


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_text_keeps_the_article(name: str) -> None:
    text = load_json(CLEANED / (strip_suffixes(name) + ".json"))["text"]
    missing = [s for s in EXPECTATIONS[name].get("must", []) if s not in text]
    assert not missing
    if EXPECTATIONS[name].get("empty"):
        assert text == ""


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_text_has_no_chrome(name: str) -> None:
    text = load_json(CLEANED / (strip_suffixes(name) + ".json"))["text"]
    leaked = [s for s in EXPECTATIONS[name].get("must_not", []) if s in text]
    assert not leaked


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_metadata(name: str) -> None:
    doc = load_json(CLEANED / (strip_suffixes(name) + ".json"))
    expected = EXPECTATIONS[name].get("meta", {})
    assert {key: doc[key] for key in expected} == expected


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_document_has_every_key(name: str) -> None:
    doc = load_json(CLEANED / (strip_suffixes(name) + ".json"))
    assert list(doc) == DOCUMENT_KEYS
    assert doc["source"] == f"fixtures/{name}"


def test_the_bundled_seed_is_the_shared_seed_byte_for_byte() -> None:
    shared = FIXTURES.parent.parent / "shared" / "seeds" / "000_f12999fde31d5a8e.txt"
    if not shared.is_file():
        pytest.skip(f"{shared} is not beside the project")
    assert SEED.read_bytes() == shared.read_bytes()
