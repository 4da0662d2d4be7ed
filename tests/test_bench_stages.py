"""bench/stages.py: the stage timers count the stages a real extraction runs, and the
table's shares are taken over the middle half of pages ranked by their whole time."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import stages  # noqa: E402

import scraper  # noqa: E402
from scraper.extraction import chrome, metadata, pipeline  # noqa: E402
from scraper.extraction.blocks import flatten  # noqa: E402


def _uninstall() -> None:
    modules = {"pipeline": pipeline, "chrome": chrome, "metadata": metadata}
    for module_name, name, _label in stages._STAGES:
        module = modules[module_name]
        setattr(module, name, getattr(module, name).__wrapped__)


def test_the_timers_see_the_stages_of_an_extraction_and_leave_its_output_alone() -> None:
    html = (ROOT / "fixtures" / "03_wordpress_classic.html").read_text(encoding="utf-8")
    before = scraper.extract(html)
    timers = stages.Stages()
    timers.install()
    try:
        after = scraper.extract(html)
    finally:
        _uninstall()
    assert after == before
    assert {"parsing", "metadata", "chrome selection", "flattening"} <= set(timers.seconds)
    assert vars(pipeline)["flatten"] is flatten  # the pipeline is itself again


def test_shares_are_over_the_middle_half_of_pages() -> None:
    # Eight pages: the two fastest and the two slowest are left out of the shares.
    rows = [(0.001, {"parsing": 0.001})] * 2 + [(0.010, {"flattening": 0.005})] * 4
    rows += [(1.0, {"parsing": 1.0})] * 2
    text = stages.table(rows)
    assert "| flattening | 50.0% | 4 |" in text
    assert "| parsing | 0.0% | 0 |" in text
