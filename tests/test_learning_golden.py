"""Whole sites in fixtures/sites/: cleaned one page at a time their chrome leaks; cleaned
as a folder (learning from the site's own pages) none does, and no article line is lost.

Golden outputs: cleaned/sites/ (as a folder, by `make run` with fixtures/) and
cleaned-one-by-one/ (`make run`'s second command, --no-learn).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from clean_helpers import CLEANED, FIXTURES, ROOT, load_json, run_cli

from scraper.cleaning import plan_inputs, run_clean
from scraper.config import ExtractConfig, load_rules
from scraper.learning.folder import LearnOptions

SITES = tomllib.loads((ROOT / "tests" / "site_expectations.toml").read_text("utf-8"))
ONE_BY_ONE = ROOT / "cleaned-one-by-one"


def _documents(folder: Path) -> dict[str, dict[str, object]]:
    return {p.stem: load_json(p) for p in sorted(folder.glob("*.json"))}


def _lines(text: object) -> list[str]:
    assert isinstance(text, str)
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/sites cleaned the way `make run` does it, each page on its own."""
    out = tmp_path_factory.mktemp("one-by-one")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        jobs = plan_inputs(["fixtures/sites"])
        report = run_clean(jobs, config=ExtractConfig(rules=load_rules()), out=out, processes=2)
    finally:
        os.chdir(cwd)
    assert report.failed == 0
    return out


def test_every_site_folder_has_expectations() -> None:
    on_disk = {p.name for p in (FIXTURES / "sites").iterdir() if p.is_dir()}
    assert on_disk == set(SITES)


def test_one_by_one_output_regenerates_byte_for_byte(one_by_one: Path) -> None:
    made = sorted(p.relative_to(one_by_one).as_posix() for p in one_by_one.rglob("*.json"))
    committed = sorted(p.relative_to(ONE_BY_ONE).as_posix() for p in ONE_BY_ONE.rglob("*.json"))
    assert made == committed
    stale = [n for n in made if (one_by_one / n).read_bytes() != (ONE_BY_ONE / n).read_bytes()]
    assert not stale, "cleaned-one-by-one/ is stale: run `make run` and review the diff"


@pytest.mark.parametrize("site", sorted(SITES))
def test_site_has_its_pages(site: str) -> None:
    assert len(_documents(CLEANED / "sites" / site)) == SITES[site]["pages"] >= 5
    assert len(list((FIXTURES / "sites" / site).iterdir())) == SITES[site]["pages"]


@pytest.mark.parametrize("site", sorted(SITES))
def test_one_by_one_every_page_leaks_chrome(site: str) -> None:
    chrome = set(SITES[site]["chrome"])
    for name, doc in _documents(ONE_BY_ONE / site).items():
        assert chrome & set(_lines(doc["text"])), f"{site}/{name} leaks nothing alone"


@pytest.mark.parametrize("site", sorted(SITES))
def test_as_a_folder_no_page_leaks_chrome(site: str) -> None:
    chrome = SITES[site]["chrome"]
    for name, doc in _documents(CLEANED / "sites" / site).items():
        text = doc["text"]
        assert isinstance(text, str)
        assert [c for c in chrome if c in text] == [], f"{site}/{name}"


@pytest.mark.parametrize("site", sorted(SITES))
def test_as_a_folder_no_article_line_is_lost(site: str) -> None:
    """Every line the page had alone is still there, in order, unless it is chrome, a
    byline (trimmed once the chrome above it is gone) or the title repeated."""
    chrome = set(SITES[site]["chrome"])
    alone = _documents(ONE_BY_ONE / site)
    for name, doc in _documents(CLEANED / "sites" / site).items():
        kept = _lines(doc["text"])
        lost = [
            line
            for line in _lines(alone[name]["text"])
            if line not in kept and line not in chrome and not line.startswith("By ")
        ]
        assert lost == [], f"{site}/{name}"
        order = [line for line in _lines(alone[name]["text"]) if line in kept]
        assert order == kept


@pytest.mark.parametrize("site", sorted(SITES))
def test_recurring_article_text_stays(site: str) -> None:
    for name, doc in _documents(CLEANED / "sites" / site).items():
        missing = [line for line in SITES[site]["kept"] if line not in _lines(doc["text"])]
        assert missing == [], f"{site}/{name}"


def test_learned_rules_applied_to_single_pages_give_the_folder_output(tmp_path: Path) -> None:
    """`clean --learn FILE` on the folder, then `--rules FILE` on each page alone."""
    rules = tmp_path / "learned.toml"
    folder = FIXTURES / "sites"
    result = run_cli(["clean", str(folder), "--out", str(tmp_path / "all"), "--learn", str(rules)])
    assert result.code == 0, result.stderr
    load_rules(rules)  # an ordinary rules file
    for site in ("tidewater-ledger", "wrenfold-field-notes"):
        for page in sorted((folder / site).iterdir()):
            alone = run_cli(["clean", str(page), "--out", "-", "--rules", str(rules)])
            assert alone.code == 0, alone.stderr
            expected = load_json(tmp_path / "all" / site / (page.stem + ".json"))
            assert load_json_line(alone.stdout)["text"] == expected["text"], page.name
    txt = folder / "tidewater-ledger-txt"
    for page in sorted(txt.iterdir()):
        alone = run_cli(
            ["clean", str(page), "--out", "-", "--rules", str(rules), "--site", str(txt)]
        )
        expected = load_json(tmp_path / "all" / txt.name / (page.stem + ".json"))
        assert load_json_line(alone.stdout)["text"] == expected["text"], page.name


def load_json_line(text: str) -> dict[str, object]:
    import json

    value = json.loads(text)
    assert isinstance(value, dict)
    return value


def test_output_depends_on_neither_jobs_nor_input_order(tmp_path: Path) -> None:
    folder = FIXTURES / "sites" / "tidewater-ledger"
    pages = sorted(str(p) for p in folder.iterdir())
    config = ExtractConfig(rules=load_rules())
    outputs = []
    for order, processes in ((pages, 1), (pages[::-1], 2)):
        out = tmp_path / f"out-{processes}"
        run_clean(
            plan_inputs(order), config=config, out=out, processes=processes, learn=LearnOptions()
        )
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 12
