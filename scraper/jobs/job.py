"""``Job``: the library face of a scheduled job, for cron, Airflow or Dagster alike.

    Job.from_toml(path) (validates) ──▶ job.run() ──▶ RunReport / job.status() ──▶ JobStatus

Building a ``Job`` validates everything (job file, ``[fetch]`` and ``[extract]``
settings, the rules file it names) and touches nothing; ``run`` takes the job's lock,
so two runs of one job never overlap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scraper.config import ExtractConfig
from scraper.errors import ConfigError
from scraper.fetching.config import FetchConfig
from scraper.jobs.jobfile import JOB_EXTRACT_DEFAULTS, JobSpec, load_job_file
from scraper.jobs.lock import RunLock
from scraper.jobs.report import RunReport
from scraper.jobs.state import StateStore, UrlRow
from scraper.jobs.status import JobStatus
from scraper.jobs.urls import normalize
from scraper.learning.jobstate import site_summaries
from scraper.progress import Reporter

__all__ = ["Job", "Requeued", "job_extract", "validate_fetch_table"]

Clock = Callable[[], datetime]
Sleep = Callable[[float], Any]


def validate_fetch_table(table: Mapping[str, Any]) -> dict[str, str | None]:
    """``{key: problem}`` for a ``[fetch]`` table, checked one key at a time by
    ``FetchConfig`` itself, so the job file's error can point at the key's line."""
    problems: dict[str, str | None] = {}
    for key, value in table.items():
        try:
            FetchConfig.from_mapping({key: value}, where="")
        except ConfigError as exc:
            message = str(exc).removeprefix(": ")
            if message.startswith("unknown key"):
                names = ", ".join(f.name for f in fields(FetchConfig))
                message += f" (expected one of: {names})"
            problems[key] = message.removeprefix(f"{key!r} ").removeprefix(f"fetch setting {key} ")
    return problems


def job_extract(
    table: Mapping[str, Any] | None = None, *, where: str = "[extract]", base: Path | None = None
) -> ExtractConfig:
    """The ``ExtractConfig`` of a job's ``[extract]`` table: ``dedup`` is on unless the
    table says ``dedup = false`` (``JOB_EXTRACT_DEFAULTS``)."""
    return ExtractConfig.from_mapping(
        {**JOB_EXTRACT_DEFAULTS, **(table or {})}, where=where, base=base
    )


class Job:
    """A scheduled scraping job, built from a job file."""

    def __init__(
        self, spec: JobSpec, fetch: FetchConfig, extract: ExtractConfig | None = None
    ) -> None:
        self.spec = spec
        self.fetch_config = fetch
        self.extract_config = extract if extract is not None else job_extract()

    @classmethod
    def from_toml(cls, path: str | Path) -> Job:
        """Read and validate a job file; raises ``ConfigError`` naming file, line and key."""
        spec = load_job_file(path, validate_fetch=validate_fetch_table)
        try:
            fetch = FetchConfig.from_mapping(spec.fetch, where=f"{spec.path} [fetch]")
        except ConfigError as exc:  # a combination of keys no single key shows
            raise ConfigError(str(exc), path=spec.path) from exc
        where = f"{spec.path} [extract]"
        try:
            extract = job_extract(spec.extract, where=where, base=spec.path.parent)
        except ConfigError as exc:
            raise ConfigError(str(exc), path=spec.path) from exc
        return cls(spec, fetch, extract)

    @property
    def name(self) -> str:
        return self.spec.name

    def run(
        self,
        *,
        revalidate: bool | None = None,
        reporter: Reporter | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> RunReport:
        """Run the job once: discover, fetch what is due, save, report.

        ``revalidate`` overrides the job file's; ``clock`` and ``sleep`` are for tests.
        Raises ``JobLockedError`` if the job is already running, ``StateError`` if the
        state database is corrupt or not scraper's; page failures are in the report.
        """
        from scraper.jobs.runner import run_job  # the fetcher is only needed to run

        return asyncio.run(
            run_job(
                self.spec,
                self.fetch_config,
                extract=self.extract_config,
                revalidate=self.spec.revalidate if revalidate is None else revalidate,
                reporter=reporter,
                clock=clock or _utc_now,
                sleep=sleep,
            )
        )

    def status(self, *, runs: int = 5, failing: int = 10) -> JobStatus:
        """The job's state, read without taking the lock (WAL readers never block)."""
        with StateStore.open(self.spec.state, create=False) as state:
            state.check_owner(self.name, self.spec.path)
            return JobStatus(
                job=self.name,
                state=self.spec.state,
                counts=state.counts(),
                runs=tuple(state.last_runs(runs)),
                failing=tuple(state.failing(failing)),
                sites=tuple(site_summaries(state.connection)),
                sources=tuple(state.failing_sources(failing)),
            )

    def retry(self, urls: Iterable[str] = (), *, failed: bool = False) -> Requeued:
        """Re-queue pages whatever their retry schedule: ``urls``, and with ``failed``
        every page that failed or waits for a retry; the next run fetches them.

        Takes the job's lock (``JobLockedError`` while a run is going on); saved pages
        are left as they are (``run(revalidate=True)`` checks them for changes).
        """
        given = list(urls)
        with (
            StateStore.open(self.spec.state, create=False) as state,
            RunLock(self.spec.state, self.name),
        ):
            state.check_owner(self.name, self.spec.path)
            rows = {url: _known(state, url) for url in given}
            requeued = state.requeue([r.url for r in rows.values() if r], failed=failed)
        return Requeued(
            requeued=tuple(requeued),
            saved=tuple(u for u, r in rows.items() if r and r.status in ("saved", "saving")),
            unknown=tuple(u for u, r in rows.items() if r is None),
        )


@dataclass(frozen=True, slots=True)
class Requeued:
    """What ``Job.retry`` did: URLs (normalized) re-queued; URLs given that were saved
    (left alone) or that the job never saw."""

    requeued: tuple[str, ...]
    saved: tuple[str, ...]
    unknown: tuple[str, ...]


def _known(state: StateStore, url: str) -> UrlRow | None:
    normalized = normalize(url)
    return state.get(normalized) if normalized else None


def _utc_now() -> datetime:
    return datetime.now(UTC)
