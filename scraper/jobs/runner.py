"""One run of a job: lock, discover, fetch what is due, dedup, save, report.

    lock ──▶ state.recover ──▶ discover ──▶ state.add_discovered ──▶ state.due
         ──▶ fetch_documents (Fetcher + CleaningPool, in queue order)
         ──▶ not modified | failed | duplicate | saved
         ──▶ RunReport ──▶ runs table + out/runs.jsonl

Results are handled in the order of the queue, not the order they finish, so which of
two duplicate pages is kept does not depend on network timing. A page is saved as:
state ``saving`` (committed), document written atomically, state ``saved``; a run
killed between the two is settled by ``StateStore.recover`` at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper.config import ExtractConfig
from scraper.credentials import Credentials, redact
from scraper.errors import ScraperError, StorageError
from scraper.fetch_clean import fetch_documents
from scraper.fetching import FetchConfig, Fetcher, FetchRequest, FetchResult
from scraper.jobs.dedup import hash_text, kept_stem, trusted_canonical
from scraper.jobs.discovery import discover
from scraper.jobs.folders import check_folders
from scraper.jobs.jobfile import JOB_EXTRACT_DEFAULTS, JobSpec
from scraper.jobs.lock import RunLock
from scraper.jobs.report import Outcome, RunReport
from scraper.jobs.retries import Cause, cause_of, settings_id
from scraper.jobs.sourcefetch import source_getter
from scraper.jobs.state import SourceRow, StateStore, UrlRow, iso
from scraper.jobs.urls import UrlFilter, normalize
from scraper.learning.decide import LearnConfig
from scraper.learning.health import PageFigures, figures, page_figures
from scraper.learning.jobstate import SiteMemory
from scraper.learning.sites import url_site
from scraper.model import Document, Page
from scraper.pool import CleaningPool
from scraper.progress import Reporter
from scraper.selection import Selection
from scraper.storage import file_name, owned_temp_prefix, save

__all__ = ["run_job"]

# Pages a run learns from between two writes of its learning memory
# (``SiteMemory.flush``): it held every page's lines until the run's end, so a job's
# memory grew with its pages (5,000 URLs: +39% over 500).
LEARN_FLUSH = 100

Clock = Callable[[], datetime]


def _sweep_temp_files(out: Path, prefix: str) -> None:
    """Delete the temporary files of writes a killed run of this job never renamed.

    Only this job's (``owned_temp_prefix``): another job writing into the same folder
    may be in the middle of a write, and ``scraper clean`` may be too. Under the job's
    lock no other run of this job can be.
    """
    for leftover in out.glob(f"{glob.escape(prefix)}*.part"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


# What the line of a failed page says happens next: (status, refused by the settings).
_AFTER = {
    ("retry", False): "will retry",
    ("retry", True): "will retry",
    ("failed", False): "failed; tried again when the fetch settings change, or by `scraper retry`",
    ("failed", True): "refused by the settings; tried again when they change",
}


class _Run:
    def __init__(
        self, spec: JobSpec, state: StateStore, clock: Clock, reporter: Reporter | None
    ) -> None:
        self.spec, self.state, self.clock, self.reporter = spec, state, clock, reporter
        self.temp_prefix = owned_temp_prefix(spec.name)
        # The state keeps URLs without their logins; requests get them back from here.
        self.credentials = Credentials.of(url for source in spec.sources for url in source.urls)
        self.counts: Counter[str] = Counter()
        self.settings: str | None = None
        self.selection = Selection(ExtractConfig())  # (execute sets the run's)
        self.dedup = True
        self.run_id = 0
        self.errors: list[str] = []
        self.memory = SiteMemory(state.connection, state.transaction, LearnConfig())
        self.saved: dict[str, list[PageFigures]] = {}  # per site, for its health
        self.unflushed = 0  # pages learned from since the learning memory was written
        self.health: tuple[str, ...] = ()

    def line(self, text: str) -> None:
        if self.reporter is not None:
            self.reporter.line(text)

    async def execute(
        self, config: FetchConfig, extract: ExtractConfig, revalidate: bool, sleep: Any
    ) -> RunReport:
        started, t0 = self.clock(), time.monotonic()
        self.settings = settings_id(config)
        if extract.target_language:  # pages skipped for their language: tried again
            self.settings += "+" + extract.target_language  # when the target changes
        # A job finds its duplicates in its state, across runs (_document), not in the
        # run's Selection; ``dedup`` says whether the same text makes a page one.
        self.selection = Selection(replace(extract, dedup=False))
        self.dedup = extract.dedup
        run_id = self.run_id = self.state.begin_run(started)
        self.state.recover(self.spec.out)
        _sweep_temp_files(self.spec.out, self.temp_prefix)
        outcome = Outcome.OK
        try:
            extra = {"sleep": sleep} if sleep is not None else {}
            fetcher = Fetcher(config, wall_clock=self.clock, **extra)
            async with fetcher, CleaningPool(extract) as pool:
                await self._discover(fetcher, started)
                due = self.state.due(
                    self.clock(),
                    revalidate=revalidate,
                    settings=self.settings,
                    text_duplicates=not extract.dedup,  # (their turn to be saved)
                )
                await self._fetch(fetcher, pool, due)
        except asyncio.CancelledError:
            outcome = Outcome.INTERRUPTED
        except StorageError as exc:  # e.g. a full disk: stop, say so, keep the state true
            self._error(f"{exc}; run stopped")
            outcome = Outcome.STOPPED
        if outcome == Outcome.OK and (self.counts["failed"] or self.errors):
            outcome = Outcome.FAILED
        return self._finish(run_id, started, outcome, time.monotonic() - t0)

    def _error(self, text: str) -> None:
        """A problem of the run itself (not of one page): printed, and kept in the report."""
        self.line(text)
        self.errors.append(text)

    async def _discover(self, fetcher: Fetcher, now: datetime) -> None:
        keep = UrlFilter(self.spec.filter, now)
        found = await discover(self.spec, source_getter(fetcher, self.credentials), keep)
        for error in found.errors:
            self.line(error)
        self.errors.extend(found.errors)
        self.counts.update(
            discovered=len(found.found), skipped=found.skipped, requests=found.requests
        )
        self.state.add_discovered(found.found, self.clock())
        stamp = iso(now)
        self.state.record_sources(
            [SourceRow(redact(s.url), s.kind, s.error, 1, stamp) for s in found.sources],
            self.run_id,
        )

    async def _fetch(self, fetcher: Fetcher, pool: CleaningPool, due: list[UrlRow]) -> None:
        if self.reporter is not None:
            self.reporter.set_total(len(due))
        login = self.credentials.attach
        requests = [
            FetchRequest(login(row.url), row.etag, row.last_modified)
            if row.status == "saved"
            else login(row.url)
            for row in due
        ]
        # In queue order (bounded: see fetch_clean), so that which of two duplicates is
        # kept does not depend on network timing.
        async for result in fetch_documents(fetcher, pool, requests, ordered=True):
            self._handle(due[result.index], result)
            if self.reporter is not None:
                self.reporter.advance()

    def _handle(self, row: UrlRow, result: FetchResult) -> None:
        self.counts["requests"] += result.attempts
        # A page re-queued by `scraper retry` is pending again but keeps its last error.
        self.counts["retried"] += row.status in ("retry", "failed", "skipped") or (
            row.status == "pending" and row.last_error is not None
        )
        if result.error is not None:
            self._failed(row, result.error, skipped=result.skipped)
        elif result.not_modified:
            self.state.record_not_modified(row.url, self.clock())
            self.counts["not_modified"] += 1
        elif result.page is not None and result.document is not None:
            self._document(row, result.page, result.document)

    def _failed(self, row: UrlRow, error: ScraperError, *, skipped: bool) -> None:
        now = self.clock()
        if skipped:
            self.state.record_skipped(row.url, str(error), now, settings=self.settings)
            self.counts["skipped"] += 1
            return
        self.counts["failed"] += 1
        if row.status == "saved":  # revalidation failed: the saved copy stays
            self.state.record_error(row.url, str(error), now)
            self.line(f"{error} (saved copy kept)")
            return
        cause = cause_of(error)
        status = self.state.record_failure(
            row.url,
            str(error),
            cause=cause,
            policy=self.spec.retry_policy,
            now=now,
            settings=self.settings,
        )
        self.line(f"{error} ({_AFTER[status, cause == Cause.REFUSED]})")

    def _document(self, row: UrlRow, page: Page, doc: Document) -> None:
        skip = self.selection.reason_for(row.url, doc.language, None)
        if skip is not None:  # (another language: a saved copy, if any, stays)
            self.state.record_skipped(row.url, skip[1], self.clock(), settings=self.settings)
            self.counts["skipped"] += 1
            self.line(f"skipped: {skip[1]}")
            return
        canonical = normalize(trusted_canonical(doc.url, page.url or row.url))
        site = url_site(doc.url or page.url or row.url) or "?"
        if self.spec.learn:
            doc = self._learn(doc, site, canonical or row.url)
        text_hash = hash_text(doc.text)
        info = page.fetch
        etag, modified = (info.etag, info.last_modified) if info else (None, None)
        if row.status == "saved":
            if text_hash == row.text_hash:
                self.state.record_not_modified(
                    row.url, self.clock(), etag=etag, last_modified=modified
                )
                self.counts["not_modified"] += 1
                return
            self.counts["updated"] += 1
        else:
            by_text = text_hash if self.dedup else None  # (a canonical URL always counts)
            first = self.state.find_duplicate(row.url, canonical, by_text)
            if first is not None:
                self.state.record_duplicate(
                    row.url, first, text_hash=text_hash, canonical=canonical, now=self.clock()
                )
                self.counts["duplicates"] += 1
                return
            self.counts["new"] += 1
        # A saved page keeps its file (a state from before URLs were stored without
        # credentials named it from the URL with them).
        stem = kept_stem(row.file) or file_name(row.url, suffix="")
        self.state.record_saving(
            row.url,
            file=stem + ".json",
            text_hash=text_hash,
            canonical=canonical,
            etag=etag,
            last_modified=modified,
            now=self.clock(),
        )
        try:
            save(doc, self.spec.out, stem, "json", temp_prefix=self.temp_prefix)
        except StorageError as exc:  # the page is named; the row stays `saving` for recover
            raise StorageError(f"{exc} (page {row.url})", path=exc.path) from exc
        self.state.record_saved(row.url)
        self.saved.setdefault(site, []).append(page_figures(doc))

    def _learn(self, doc: Document, site: str, url: str) -> Document:
        """Learn from the page, then drop what its site's pages share."""
        doc = self.memory.clean(doc, site, url)
        self.unflushed += 1  # duplicates and unchanged pages are learned from too
        if self.unflushed >= LEARN_FLUSH:  # written as the run goes, not at its end
            self.memory.flush()
            self.unflushed = 0
        return doc

    def _finish(
        self, run_id: int, started: datetime, outcome: Outcome, seconds: float
    ) -> RunReport:
        """Record the run in the state and in ``runs.jsonl``; a storage problem while
        doing so is one more error line, so the summary is still printed."""
        finished = self.clock()
        counts = {k: int(v) for k, v in self.counts.items()}
        try:
            self.memory.flush()
        except StorageError as exc:
            self._error(f"{exc}; what this run learned about its sites is not kept")
            outcome = Outcome.STOPPED
        if outcome in (Outcome.OK, Outcome.FAILED):
            self.health = self._health(run_id)
        try:
            self.state.finish_run(run_id, finished, outcome, counts, round(seconds, 3))
        except StorageError as exc:
            self._error(f"{exc}; the run is not recorded in the state")
            outcome = Outcome.STOPPED
        report = self._report(run_id, started, finished, outcome, seconds, counts)
        try:
            report.append_to(self.spec.out / "runs.jsonl", temp_prefix=self.temp_prefix)
        except StorageError as exc:
            self._error(f"{exc}; the run is not recorded in runs.jsonl")
            report = self._report(run_id, started, finished, Outcome.STOPPED, seconds, counts)
        return report

    def _report(
        self,
        run_id: int,
        started: datetime,
        finished: datetime,
        outcome: Outcome,
        seconds: float,
        counts: dict[str, int],
    ) -> RunReport:
        return RunReport(
            job=self.spec.name,
            run_id=run_id,
            started_at=iso(started),
            finished_at=iso(finished),
            outcome=outcome,
            seconds=round(seconds, 3),
            errors=tuple(self.errors),
            health=self.health,
            **counts,
        )

    def _health(self, run_id: int) -> tuple[str, ...]:
        """Each site's figures this run, stored; a line for each that fell sharply."""
        alerts = []
        for site, pages in sorted(self.saved.items()):
            try:
                alert = self.memory.record_health(run_id, figures(site, pages))
            except StorageError as exc:
                self._error(f"{exc}; site health not recorded")
                break
            if alert is not None:
                self.line(alert)
                alerts.append(alert)
        return tuple(alerts)


async def run_job(
    spec: JobSpec,
    config: FetchConfig,
    *,
    extract: ExtractConfig | None = None,
    revalidate: bool,
    reporter: Reporter | None,
    clock: Clock,
    sleep: Any = None,
) -> RunReport:
    """Run ``spec`` once under its lock (``JobLockedError`` if another run holds it).

    The output and state folders are checked first: a folder that cannot be written is
    a ``StorageError`` before any request is sent.
    """
    check_folders(spec.out, spec.state)
    with RunLock(spec.state, spec.name), StateStore.open(spec.state) as state:
        state.claim(spec.name, spec.path, clock())
        run = _Run(spec, state, clock, reporter)
        return await run.execute(
            config, extract or ExtractConfig.from_mapping(JOB_EXTRACT_DEFAULTS), revalidate, sleep
        )
