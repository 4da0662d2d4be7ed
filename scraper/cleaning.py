"""Cleaning many saved pages: plan the inputs, clean them in parallel, write the outputs.

    INPUT... ──plan──▶ [CleanJob] ──clean (N processes)──▶ [CleanResult] ──write──▶ DIR

Workers only compute; the parent process writes every file (temp file + rename), in
input order, so the output does not depend on the number of processes and Ctrl-C
never leaves a half-written file. With ``learn``, a first pass learns each site's
chrome from all its pages (``scraper.learning.folder``) before the pass that writes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO, TypeVar

from scraper.batch import init_worker
from scraper.config import ExtractConfig
from scraper.errors import ConfigError, ScraperError, StorageError
from scraper.extraction import extract_page
from scraper.fetching.naming import file_name
from scraper.formats import record
from scraper.learning.decide import LearnedSite
from scraper.learning.folder import LearnOptions, config_for, learn_from, with_learned
from scraper.learning.lines import PageLines, page_lines
from scraper.learning.sites import site_of
from scraper.model import Document, Page
from scraper.reading import find_inputs, page_from_bytes, read_page, strip_suffixes
from scraper.storage import atomic_write, render, suffix_for
from scraper.warc import is_warc, iter_warc_pages

__all__ = [
    "CleanJob",
    "CleanReport",
    "CleanResult",
    "clean_job",
    "job_lines",
    "plan_inputs",
    "run_clean",
]

STDIN = "-"
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CleanJob:
    """One input: a file, or stdin (``path`` None, bytes in ``data``)."""

    source: str  # the input as the user named it
    output: str  # output name relative to DIR, without extension ("sub/page")
    path: Path | None = None
    data: bytes | None = None
    warc: bool = False


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What one input gave: rendered outputs by name, or the error that stopped it."""

    source: str
    outputs: tuple[tuple[str, str], ...] = ()  # (name relative to DIR, file content)
    lines: tuple[str, ...] = ()  # stream records (JSON Lines for json), for --out -
    messages: tuple[str, ...] = ()  # one-line errors and warnings, each naming the input
    failed: bool = False
    empty: int = 0
    cleaned: int = 0


@dataclass(frozen=True, slots=True)
class CleanReport:
    cleaned: int
    empty: int
    failed: int
    seconds: float
    interrupted: bool = False
    learned: tuple[LearnedSite, ...] = ()  # every site seen, when learning

    def summary(self) -> str:
        head = "interrupted: " if self.interrupted else ""
        taught = [site for site in self.learned if not site.empty]
        lines = sum(len(site.chrome) for site in taught)
        learned = (
            f", learned {lines} chrome line{'s' * (lines != 1)} on {len(taught)}"
            f" site{'s' * (len(taught) != 1)}"
            if taught
            else ""
        )
        return (
            f"{head}cleaned {self.cleaned}, empty {self.empty}, failed {self.failed}{learned} "
            f"in {self.seconds:.2f}s"
        )


def _unique(name: str, original: str, taken: set[str]) -> str:
    """``name`` unless taken; then the file's full name, then a counter."""
    candidate = name
    if candidate in taken:
        candidate = str(Path(name).parent / original) if "/" in name else original
    counter = 2
    base = candidate
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


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
            jobs.append(CleanJob(source=STDIN, output=_unique("stdin", "stdin", taken), data=stdin))
            continue
        path = Path(given)
        if path.is_dir():
            for found in find_inputs(path, on_skip):
                rel = found.relative_to(path).as_posix()
                name = _unique(strip_suffixes(rel), rel, taken)
                jobs.append(CleanJob(str(found), name, found, warc=is_warc(found)))
        elif path.exists() or path.is_symlink():  # a broken link fails, named
            name = _unique(strip_suffixes(path.name), path.name, taken)
            jobs.append(CleanJob(given, name, path, warc=is_warc(path)))
        else:
            raise ConfigError(f"{given}: no such file or directory", path=given)
    return jobs


def _stdin_page(data: bytes, config: ExtractConfig) -> Page:
    # HTML or text by content, gzip or not, a BOM or not: stdin has no name to go by.
    return page_from_bytes(data, STDIN, kind=None, max_bytes=config.max_bytes)


def _pages(job: CleanJob, config: ExtractConfig) -> Iterator[tuple[str, Page]]:
    if job.path is None:
        yield job.output, _stdin_page(job.data or b"", config)
    elif job.warc:
        for page in iter_warc_pages(job.path, max_bytes=config.max_bytes):
            yield f"{job.output}/{file_name(page.url or page.source, suffix='')}", page
    else:
        yield job.output, read_page(job.path, max_bytes=config.max_bytes, source=job.source)


def clean_job(job: CleanJob, config: ExtractConfig, fmt: str) -> CleanResult:
    """Clean one input into rendered outputs; errors become a failed result."""
    outputs: list[tuple[str, str]] = []
    lines: list[str] = []
    messages: list[str] = []
    empty = cleaned = 0
    try:
        for name, page in _pages(job, config):
            doc: Document = extract_page(page, config)
            if job.path is None:
                doc = replace(doc, source=STDIN)
            messages += [f"{page.source}: warning: {w}" for w in doc.warnings]
            outputs.append((name + suffix_for(fmt), render(doc, fmt)))
            lines.append(record(doc, fmt).removesuffix("\n"))
            empty += not doc.text
            cleaned += bool(doc.text)
    except ScraperError as exc:
        message = str(exc) if str(exc).startswith(job.source) else f"{job.source}: {exc}"
        return CleanResult(job.source, messages=(*messages, message), failed=True)
    except RecursionError:
        return CleanResult(job.source, messages=(f"{job.source}: markup too deep",), failed=True)
    return CleanResult(
        job.source, tuple(outputs), tuple(lines), tuple(messages), empty=empty, cleaned=cleaned
    )


def job_lines(job: CleanJob, config: ExtractConfig, site: str | None) -> list[PageLines]:
    """The first pass of learning: each page of ``job`` cleaned, as lines of its site.

    A page that fails is left out here; the writing pass reports it.
    """
    found: list[PageLines] = []
    try:
        for _, page in _pages(job, config):
            doc = extract_page(page, config)
            found.append(page_lines(doc, site_of(doc.url or page.url, job.source, site)))
    except (ScraperError, RecursionError):
        pass
    return found


def _map(work: Callable[..., _T], calls: list[tuple[object, ...]], processes: int) -> Iterator[_T]:
    """``work(*call)`` for each call, in order, in ``processes`` processes."""
    if processes <= 1 or len(calls) <= 1:
        for call in calls:
            yield work(*call)
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=init_worker) as pool:
        futures = [pool.submit(work, *call) for call in calls]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _results(
    jobs: list[CleanJob], configs: list[ExtractConfig], fmt: str, processes: int
) -> Iterator[CleanResult]:
    calls: list[tuple[object, ...]] = [(j, c, fmt) for j, c in zip(jobs, configs, strict=True)]
    return _map(clean_job, calls, processes)


def _learn(
    jobs: list[CleanJob], config: ExtractConfig, options: LearnOptions, processes: int
) -> tuple[LearnedSite, ...]:
    calls: list[tuple[object, ...]] = [(job, config, options.site) for job in jobs]
    pages: Iterable[list[PageLines]] = _map(job_lines, calls, processes)
    return learn_from((page for found in pages for page in found), options)


def _write(
    result: CleanResult, out: Path | None, stream: TextIO, on_message: Callable[[str], None] | None
) -> bool:
    if out is None:
        stream.write("".join(line + "\n" for line in result.lines))
        stream.flush()
        return True
    try:
        for name, content in result.outputs:
            atomic_write(out / name, content)
    except StorageError as exc:
        if on_message is not None:
            on_message(f"{result.source}: {exc}")
        return False
    return True


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
    """Clean ``jobs`` and write their documents to ``out`` (``None``: JSON Lines to stdout).

    ``learn``: learn each site's chrome from all of its pages first, and clean with it.
    """
    started = time.monotonic()
    stream = stdout if stdout is not None else sys.stdout
    cleaned = empty = failed = 0
    processes = processes if processes is not None else (os.cpu_count() or 1)
    interrupted = False
    learned: tuple[LearnedSite, ...] = ()
    configs = [config] * len(jobs)
    try:
        if learn is not None:
            learned = _learn(jobs, config, learn, processes)
            taught = with_learned(config, learned)
            configs = [config_for(taught, job.source, learn) for job in jobs]
        for result in _results(jobs, configs, fmt, processes):
            for message in result.messages:
                if on_message is not None:
                    on_message(message)
            if result.failed or not _write(result, out, stream, on_message):
                failed += 1
            else:
                cleaned += result.cleaned
                empty += result.empty
            if on_progress is not None:
                on_progress()
    except KeyboardInterrupt:
        interrupted = True
    seconds = time.monotonic() - started
    return CleanReport(cleaned, empty, failed, seconds, interrupted, learned)
