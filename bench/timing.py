"""Uncached speed for bench/quality.py: scraper and trafilatura timed on the same pages,
in one fresh process, interleaved page by page.

bench/quality.py runs each extractor over a set in a process of its own, and may show
trafilatura's outputs from its cache: times taken on another load of the machine, which
no ratio can be drawn from. This sample is what the issue's speed criterion ("median
time per page at most half of trafilatura's, second opinion included") is read from:
``scraper.extract`` with its default configuration (quality score and, on doubtful
pages, trafilatura's second opinion included) and trafilatura's default ``extract``,
one right after the other on each page, the order swapped every page, so that both see
the same load and the same warm caches; each call is timed by the process's CPU time
(one thread, no I/O: the wall time on a quiet machine, without the waits for a core on
a busy one). bench/speed.py does the same at length.
"""

from __future__ import annotations

import contextlib
import gzip
import statistics
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from evalsets import EvalPage

__all__ = ["Timing", "sample", "time_interleaved"]


@dataclass(frozen=True, slots=True)
class Timing:
    """Median milliseconds per page of both extractors over the same pages."""

    pages: int
    scraper_ms: float
    trafilatura_ms: float

    @property
    def ratio(self) -> float:
        return self.scraper_ms / self.trafilatura_ms if self.trafilatura_ms else float("inf")

    def verdict(self, target: float) -> str:
        """The speed criterion as "done when" prints it: ok / NO and the figures."""
        return (
            f"{'ok ' if self.ratio <= target else 'NO '} median ms scraper/trafilatura"
            f" {self.ratio:.2f} (target <= {target}): {self.scraper_ms:.1f} /"
            f" {self.trafilatura_ms:.1f} ms on {self.pages} pages timed uncached,"
            " interleaved, second opinion included"
        )


def sample(pages: Sequence[EvalPage], count: int) -> list[tuple[str | None, Path]]:
    """Every k-th page, so that ``count`` are left (all when there are fewer): the
    ``(url, gzipped html)`` the child process needs."""
    chosen = list(pages)
    if 0 < count < len(chosen):
        step = len(chosen) / count
        chosen = [chosen[int(i * step)] for i in range(count)]
    return [(p.url, p.html_path) for p in chosen]


def _timed(run: Callable[[], object]) -> float:
    start = time.process_time()
    with contextlib.suppress(Exception):  # a page refused still costs what it cost
        run()
    return (time.process_time() - start) * 1000


def time_interleaved(pages: Sequence[tuple[str | None, Path]]) -> Timing:
    """Run in a fresh child process: both extractors on every page, interleaved."""
    with warnings.catch_warnings():
        # trafilatura's downloader warns at import that urllib3 lacks SOCKS support; the
        # extractor never downloads (scraper's second opinion silences it alike).
        warnings.simplefilter("ignore")
        import trafilatura

    import scraper

    htmls = [
        (url, gzip.decompress(path.read_bytes()).decode("utf-8", "replace")) for url, path in pages
    ]
    if htmls:  # imports made on first use (htmldate, trafilatura's own) are not timed
        url, html = htmls[0]
        _timed(partial(scraper.extract, html, url))
        _timed(partial(trafilatura.extract, html))
    ours: list[float] = []
    theirs: list[float] = []
    for i, (url, html) in enumerate(htmls):
        runs = [
            (ours, partial(scraper.extract, html, url)),
            (theirs, partial(trafilatura.extract, html)),  # its default, as in the bench
        ]
        for into, run in runs if i % 2 == 0 else runs[::-1]:
            into.append(_timed(run))
    if not ours:
        return Timing(0, float("nan"), float("nan"))
    return Timing(len(ours), statistics.median(ours), statistics.median(theirs))
