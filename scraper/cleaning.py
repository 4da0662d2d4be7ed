"""Cleaning many saved pages: plan the inputs, clean them in the pool, save the outputs.

    INPUT... ──plan──▶ [CleanJob] ──read──▶ Page ──CleaningPool──▶ Document ──save──▶ DIR

The parent reads each input (a WARC file page by page) and writes every file (temp
file + rename), in input order, so the output does not depend on the number of
processes and Ctrl-C never leaves a half-written file. Workers only clean. Inputs are
read only as fast as the pool cleans them and results are saved as they come, so
memory stays flat however many inputs there are. With ``learn``, a first pass through
the same pool learns each site's chrome from all its pages (``scraper.learning.folder``)
before the pass that writes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from scraper.config import ExtractConfig
from scraper.errors import ConfigError, ScraperError, StorageError
from scraper.learning.decide import LearnedSite
from scraper.learning.folder import LearnOptions, config_for, learn_from, with_learned
from scraper.learning.lines import PageLines, page_lines
from scraper.learning.sites import site_of
from scraper.model import Document, Page
from scraper.pool import Cleaned, CleaningPool
from scraper.reading import find_inputs, page_from_bytes, read_page, strip_suffixes
from scraper.selection import Selection
from scraper.storage import file_name, save, unique_name
from scraper.warc import is_warc, iter_warc_pages

__all__ = [
    "CleanJob",
    "CleanReport",
    "PageItem",
    "PageKey",
    "first_pass_lines",
    "job_pages",
    "page_items",
    "plan_inputs",
    "read_error",
    "run_clean",
    "site_configs",
    "without_failed",
]

STDIN = "-"


@dataclass(frozen=True, slots=True)
class CleanJob:
    """One input: a file, or stdin (``path`` None, bytes in ``data``)."""

    source: str  # the input as the user named it
    output: str  # output name relative to DIR, without extension ("sub/page")
    path: Path | None = None
    data: bytes | None = None
    warc: bool = False


@dataclass(frozen=True, slots=True)
class CleanReport:
    cleaned: int
    empty: int
    failed: int
    seconds: float
    interrupted: bool = False
    learned: tuple[LearnedSite, ...] = ()  # every site seen, when learning
    skipped: int = 0  # by target_language or dedup (scraper.selection)
    stopped: str | None = None  # the storage problem that stopped the run (StorageError.stops)

    def summary(self) -> str:
        head = "interrupted: " if self.interrupted else "stopped: " if self.stopped else ""
        taught = [site for site in self.learned if not site.empty]
        lines = sum(len(site.chrome) for site in taught)
        learned = (
            f", learned {lines} chrome line{'s' * (lines != 1)} on {len(taught)}"
            f" site{'s' * (len(taught) != 1)}"
            if taught
            else ""
        )
        return (
            f"{head}cleaned {self.cleaned}, empty {self.empty}"
            + (f", skipped {self.skipped}" if self.skipped else "")
            + f", failed {self.failed}{learned} "
            f"in {self.seconds:.2f}s"
        )


# A page, as both passes of learning name it: its input, output name and own URL (small
# enough to travel between Dask workers, where a learning pass's failures are sent).
PageKey = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class PageItem:
    """One page of an input (``name`` set), a reading error, or an input's end (what the
    cleaning pool carries beside each page, here and in ``scraper.scale.tasks``)."""

    job: CleanJob
    name: str | None = None
    error: str | None = None
    url: str | None = None  # the page's own URL (a WARC record's), if any

    @property
    def key(self) -> PageKey:
        return (self.job.source, self.name, self.url)


def plan_inputs(
    inputs: Sequence[str],
    stdin: bytes | None = None,
    on_skip: Callable[[str], None] | None = None,
) -> list[CleanJob]:
    """The inputs as jobs, in order; a missing path is a usage error (``ConfigError``).

    Files in folders that are not pages are left out, with one ``on_skip`` line each.
    """
    jobs: list[CleanJob] = []
    taken: set[str] = set()
    for given in inputs:
        if given == STDIN:
            name = unique_name("stdin", "stdin", taken)
            jobs.append(CleanJob(source=STDIN, output=name, data=stdin))
            continue
        path = Path(given)
        if path.is_dir():
            for found in find_inputs(path, on_skip):
                rel = found.relative_to(path).as_posix()
                name = unique_name(strip_suffixes(rel), rel, taken)
                jobs.append(CleanJob(str(found), name, found, warc=is_warc(found)))
        elif path.exists() or path.is_symlink():  # a broken link fails, named
            name = unique_name(strip_suffixes(path.name), path.name, taken)
            jobs.append(CleanJob(given, name, path, warc=is_warc(path)))
        else:
            raise ConfigError(f"{given}: no such file or directory", path=given)
    return jobs


def _stdin_page(data: bytes, config: ExtractConfig) -> Page:
    # HTML or text by content, gzip or not, a BOM or not: stdin has no name to go by.
    return page_from_bytes(data, STDIN, kind=None, max_bytes=config.max_bytes)


def job_pages(job: CleanJob, config: ExtractConfig) -> Iterator[tuple[str, Page]]:
    """Each page of ``job`` with its output name (a WARC file has many); reading errors
    raise ``ScraperError`` (``scraper.dask`` workers read their inputs through this too)."""
    if job.path is None:
        yield job.output, _stdin_page(job.data or b"", config)
    elif job.warc:
        for page in iter_warc_pages(job.path, max_bytes=config.max_bytes):
            yield f"{job.output}/{file_name(page.url or page.source, suffix='')}", page
    else:
        yield job.output, read_page(job.path, max_bytes=config.max_bytes, source=job.source)


def read_error(job: CleanJob, exc: ScraperError | RecursionError) -> str:
    """The line printed for an input that cannot be read (the same on a Dask worker)."""
    if isinstance(exc, RecursionError):
        return f"{job.source}: markup too deep"
    return str(exc) if str(exc).startswith(job.source) else f"{job.source}: {exc}"


def page_items(
    jobs: Iterable[CleanJob], config: ExtractConfig, *, ends: bool = False
) -> Iterator[tuple[PageItem, Page | None]]:
    """Every page of every input, read when the pool has room for it; an input that
    cannot be read comes as its error. ``ends``: an item with no name after each input
    (``run_clean`` reports progress there)."""
    for job in jobs:
        try:
            for name, page in job_pages(job, config):
                yield PageItem(job, name, url=page.url), page
        except (ScraperError, RecursionError) as exc:
            yield PageItem(job, error=read_error(job, exc)), None
        if ends:
            yield PageItem(job), None  # the input's end


def first_pass_lines(
    cleaned: Iterable[tuple[PageItem, Cleaned | None]],
    site: str | None,
    on_failure: Callable[[PageKey, str], None],
) -> Iterator[PageLines]:
    """The first pass of learning: each page cleaned, as lines of its site. A page that
    fails is left out here and handed to ``on_failure``, for the writing pass to report
    without cleaning it again (a page abandoned at the time limit would cost it twice)."""
    for item, result in cleaned:
        if result is not None and result.error is not None:
            on_failure(item.key, str(result.error))
        elif result is not None and result.document is not None:
            doc = result.document
            yield page_lines(doc, site_of(doc.url or item.url, item.job.source, site))


def without_failed(
    items: Iterable[tuple[PageItem, Page | None]], failed: Mapping[PageKey, str] | None
) -> Iterator[tuple[PageItem, Page | None]]:
    """``items``, the pages in ``failed`` (learning's first pass) turned into their errors."""
    for item, page in items:
        error = failed.get(item.key) if failed else None
        yield (item, page) if error is None else (replace(item, error=error), None)


def site_configs(
    jobs: Iterable[CleanJob], config: ExtractConfig, options: LearnOptions
) -> Callable[[PageItem], ExtractConfig]:
    """Each input's config for the writing pass: one object per site, so the pool
    sends each to a worker once."""
    by_site: dict[str | None, ExtractConfig] = {}
    of_job: dict[str, ExtractConfig] = {}
    for job in jobs:
        found = config_for(config, job.source, options)
        of_job[job.source] = by_site.setdefault(found.site, found)
    return lambda item: of_job[item.job.source]


def _learn(
    pool: CleaningPool,
    jobs: list[CleanJob],
    config: ExtractConfig,
    options: LearnOptions,
    failed: dict[PageKey, str],
) -> tuple[LearnedSite, ...]:
    """The first pass of learning, through ``pool``; the pages that fail go in ``failed``."""
    cleaned = pool.clean_ordered(page_items(jobs, config, ends=True))
    return learn_from(first_pass_lines(cleaned, options.site, failed.__setitem__), options)


@dataclass
class _Tally:
    out: Path | TextIO
    fmt: str
    on_message: Callable[[str], None] | None
    on_progress: Callable[[], None] | None
    selection: Selection
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0

    def say(self, message: str) -> None:
        if self.on_message is not None:
            self.on_message(message)

    def take(self, item: PageItem, cleaned: Cleaned | None) -> None:
        if item.error is not None:
            self.say(item.error)
            self.failed += 1
        elif item.name is None:
            if self.on_progress is not None:
                self.on_progress()
        elif cleaned is not None and cleaned.error is not None:
            self.say(str(cleaned.error))
            self.failed += 1
        elif cleaned is not None and cleaned.document is not None:
            self._save(item, cleaned.document)

    def _save(self, item: PageItem, doc: Document) -> None:
        assert item.name is not None
        for warning in doc.warnings:
            self.say(f"{doc.source}: warning: {warning}")
        skip = self.selection.reason(doc)
        if skip is not None:
            self.say(f"skipped: {skip[1]}")
            self.skipped += 1
            return
        try:
            save(doc, self.out, item.name, self.fmt)
        except StorageError as exc:
            if exc.stops:  # a full or read-only disk: every page after would fail too
                raise
            self.say(f"{item.job.source}: {exc}")
            self.failed += 1
            return
        self.cleaned += bool(doc.text)
        self.empty += not doc.text


def run_clean(
    jobs: list[CleanJob],
    *,
    config: ExtractConfig,
    out: Path | None,
    fmt: str = "json",
    processes: int | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[], None] | None = None,
    stdout: TextIO | None = None,
    learn: LearnOptions | None = None,
) -> CleanReport:
    """Clean ``jobs`` and save their documents to ``out`` (``None``: JSON Lines to stdout).

    ``learn``: learn each site's chrome from all of its pages first, and clean with it.
    ``on_progress`` is called once per input, in input order, after its documents are
    saved (``scraper.scale.shards`` cuts its shards there).
    """
    started = time.monotonic()
    target = out if out is not None else (stdout if stdout is not None else sys.stdout)
    tally = _Tally(target, fmt, on_message, on_progress, Selection(config))
    interrupted = False
    learned: tuple[LearnedSite, ...] = ()
    failed: dict[PageKey, str] = {}
    stopped = None
    with CleaningPool(config, workers=processes or os.cpu_count() or 1) as pool:
        try:
            config_of = None
            if learn is not None:
                learned = _learn(pool, jobs, config, learn, failed)
                config_of = site_configs(jobs, with_learned(config, learned), learn)
            items = without_failed(page_items(jobs, config, ends=True), failed)
            for item, cleaned in pool.clean_ordered(items, config_of=config_of):
                tally.take(item, cleaned)
        except KeyboardInterrupt:
            interrupted = True
        except StorageError as exc:  # StorageError.stops: said once, the summary follows
            stopped = str(exc)
    seconds = time.monotonic() - started
    return CleanReport(
        tally.cleaned,
        tally.empty,
        tally.failed,
        seconds,
        interrupted,
        learned,
        tally.skipped,
        stopped,
    )
