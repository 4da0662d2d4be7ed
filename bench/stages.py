"""Where ``scraper.extract``'s time goes: CPU time per stage, on the middle half of pages.

    python bench/stages.py [--sets wcxb,fundus] [--limit 300]

Each stage function the pipeline calls (parsing, metadata, chrome selection and its
parts, flattening, htmldate, ...) is wrapped, for the run, by a timer of the process's
CPU time; the pipeline itself is unchanged. Pages are then ranked by scraper's whole
time, and the table gives each stage's share of the time spent on the middle half of
them (the pages that decide the median in ``bench/speed.py``), and on how many of those
pages it ran. Indented stages are parts of the stage above them.

The run is in pure Python (``SCRAPER_PURE_PYTHON=1``): compiled modules call each other
directly, past the timers, so the shares are those of the pure-Python code.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from evalsets import available, load
from speed import _sample

# (module, function, label): the stages, in the order the pipeline runs them.
_STAGES = (
    ("pipeline", "parse_html", "parsing"),
    ("pipeline", "extract_metadata", "metadata"),
    ("metadata", "visible_byline", "  visible byline"),
    ("pipeline", "strip_invisible", "invisible elements"),
    ("pipeline", "drop_dialogs", "dialogs"),
    ("pipeline", "chrome_nodes", "chrome selection"),
    ("chrome", "named_chrome", "  class/id words and selectors"),
    ("chrome", "_protected", "  protected core"),
    ("pipeline", "flatten", "flattening"),
    ("pipeline", "prose_weights", "prose weights"),
    ("pipeline", "choose_container", "container"),
    ("pipeline", "filter_blocks", "block filter"),
    ("pipeline", "guess_date", "htmldate (and date line)"),
    ("pipeline", "join_blocks", "joining text"),
    ("pipeline", "assess", "quality score"),
    ("pipeline", "trafilatura_text", "second opinion"),
)


class Stages:
    """Accumulates CPU seconds per stage label while installed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def install(self) -> None:
        from scraper.extraction import chrome, metadata, pipeline

        modules: dict[str, ModuleType] = {
            "pipeline": pipeline,
            "chrome": chrome,
            "metadata": metadata,
        }
        for module_name, name, label in _STAGES:
            module = modules[module_name]
            setattr(module, name, self._timed(getattr(module, name), label))

    def _timed(self, function: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                self.seconds[label] = self.seconds.get(label, 0.0) + spent

        return timed


def measure(sets: list[str], limit: int) -> list[tuple[float, dict[str, float]]]:
    """Per page: scraper's CPU seconds, and each stage's."""
    import scraper

    stages = Stages()
    stages.install()
    pages = [(p.html(), p.url) for name in sets for p in _sample(load(name), limit)]
    rows = []
    for html, url in pages:
        stages.seconds = {}
        start = time.process_time()
        with contextlib.suppress(Exception):  # a page refused still costs what it cost
            scraper.extract(html, url=url)
        rows.append((time.process_time() - start, stages.seconds))
    return rows


def table(rows: list[tuple[float, dict[str, float]]]) -> str:
    ranked = sorted(rows, key=lambda row: row[0])
    middle = ranked[len(ranked) // 4 : len(ranked) - len(ranked) // 4]
    total = sum(seconds for seconds, _ in middle) or 1.0
    median = statistics.median(seconds for seconds, _ in rows) * 1000
    lines = [
        f"{len(rows)} pages, median {median:.1f} ms; middle half: {len(middle)} pages,"
        f" {total / max(1, len(middle)) * 1000:.1f} ms a page on average\n",
        "| stage | share of scraper's time | pages it ran on |",
        "|---|---:|---:|",
    ]
    for _, _, label in _STAGES:
        spent = sum(stages.get(label, 0.0) for _, stages in middle)
        ran = sum(1 for _, stages in middle if label in stages)
        lines.append(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {spent / total:.1%} | {ran} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(available()))
    parser.add_argument("--limit", type=int, default=300, help="pages per set (0: all)")
    args = parser.parse_args()
    os.environ["SCRAPER_PURE_PYTHON"] = "1"  # before scraper is imported (measure)
    sets = [s for s in args.sets.split(",") if s]
    rows = measure(sets, args.limit)
    print(f"$ {shlex.join(['python', 'bench/stages.py', *sys.argv[1:]])}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
