"""Tasks of many inputs: what the client plans and what a Dask worker runs.

    [CleanJob] ──plan_tasks──▶ [Task] ──run_task (on a worker)──▶ files + TaskResult

A task is a run of consecutive inputs (``files_per_task`` of them) or one WARC file:
enough work that the scheduler's cost per task (a few milliseconds) is small beside it,
and small enough that a lost worker costs little to redo. The split depends only on the
inputs and ``files_per_task``, never on the cluster, so shards come out the same on any
number of workers.

A worker reads each input's pages with ``scraper.cleaning.page_items`` and cleans them
in a ``CleaningPool``, the processes a local ``scraper clean`` cleans in, with the same
time limit (``scraper.scale.cleaners``: one pool per Dask worker, kept between tasks),
and writes the rendered files itself (``scraper.formats``); only counts and one-line
messages, the same lines a local run prints, travel back to the client.

Learning each site's chrome (on by default, as locally) takes the local run's two
passes (the same functions of ``scraper.cleaning``): ``task_lines`` gives each page's
lines, one ``learn_all`` task reduces them to what each site learned, and every
``run_task`` then cleans with those rules, each input's config picked by ``config_for``
as locally. A page that fails in the first pass (``FirstPass.failed``, taken out by
``first_failures``) is reported by the writing pass without being cleaned again, as
locally: a page abandoned at the time limit would cost it twice. Lines and rules move
between workers only; the client gets the learned sites, which it reports and may write
with ``--learn FILE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from scraper.batch import Cleaned
from scraper.cleaning import (
    CleanJob,
    PageItem,
    PageKey,
    first_pass_lines,
    page_items,
    site_configs,
    without_failed,
)
from scraper.config import ExtractConfig
from scraper.errors import ConfigError, StorageError
from scraper.formats import record, render, suffix_for
from scraper.learning.decide import LearnedSite
from scraper.learning.folder import LearnOptions, learn_from
from scraper.learning.lines import PageLines
from scraper.model import Document
from scraper.scale.output import SHARD_FORMATS, Output, shard_data, shard_name
from scraper.selection import Selection

__all__ = [
    "DEFAULT_FILES_PER_TASK",
    "FirstPass",
    "PageKey",
    "Task",
    "TaskResult",
    "first_failures",
    "learn_all",
    "plan_tasks",
    "run_task",
    "task_lines",
]

# About a second of cleaning on one core for typical saved pages (5-20 ms each).
DEFAULT_FILES_PER_TASK = 100


@dataclass(frozen=True, slots=True)
class Task:
    """Inputs cleaned together by one worker; ``index`` numbers the task's shard."""

    index: int
    jobs: tuple[CleanJob, ...]

    @property
    def label(self) -> str:
        first = self.jobs[0].source
        return first if len(self.jobs) == 1 else f"{first} and {len(self.jobs) - 1} more"


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a task sends back: counts and messages, never documents."""

    index: int
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    messages: tuple[str, ...] = ()
    skipped: int = 0  # by target_language (dedup needs the whole run: refused on Dask)


def plan_tasks(jobs: Sequence[CleanJob], files_per_task: int) -> list[Task]:
    """Consecutive inputs in groups of ``files_per_task``; each WARC file alone."""
    if files_per_task < 1:
        raise ConfigError("files per task must be at least 1")
    groups: list[tuple[CleanJob, ...]] = []
    run: list[CleanJob] = []
    for job in jobs:
        if job.warc or len(run) == files_per_task:
            if run:
                groups.append(tuple(run))
            run = []
        if job.warc:
            groups.append((job,))
        else:
            run.append(job)
    if run:
        groups.append(tuple(run))
    return [Task(index, group) for index, group in enumerate(groups)]


def _check(version: str) -> None:
    """A worker running another scraper would clean differently: it refuses."""
    from scraper.scale.cleaners import check_worker

    problem = check_worker(version)
    if problem is not None:
        raise ConfigError(problem)


def _configs(
    task: Task, config: ExtractConfig, learn: LearnOptions | None
) -> Callable[[PageItem], ExtractConfig]:
    """Each input's config, one object per site (the pool sends each to a process once)."""
    if learn is None:
        return lambda item: config
    return site_configs(task.jobs, config, learn)


def _cleaned(
    task: Task,
    config: ExtractConfig,
    learn: LearnOptions | None,
    failed: Mapping[PageKey, str] | None = None,
) -> Iterator[tuple[PageItem, Cleaned | None]]:
    """The task's pages cleaned in the worker's pool (``scraper.scale.cleaners``), in
    input order; ``None`` for an input that could not be read or a page in ``failed``
    (learning's first pass: it comes as its error, not to be cleaned again)."""
    from scraper.scale.cleaners import clean_in_worker

    items = without_failed(page_items(task.jobs, config), failed)
    yield from clean_in_worker(items, config, _configs(task, config, learn))


@dataclass(frozen=True, slots=True)
class FirstPass:
    """Learning's first pass over one task: the lines of each page that cleaned, and
    the error of each page that did not (by ``PageKey``)."""

    lines: tuple[PageLines, ...]
    failed: tuple[tuple[PageKey, str], ...] = ()


def task_lines(task: Task, config: ExtractConfig, site: str | None, version: str) -> FirstPass:
    """Learning's first pass over one task (runs on a worker): each page that cleans,
    as lines of its site; a page that fails, with its error; an input that cannot be
    read is left to the writing pass (reading again costs little)."""
    _check(version)
    failed: list[tuple[PageKey, str]] = []

    def on_failure(key: PageKey, error: str) -> None:
        failed.append((key, error))

    found = tuple(first_pass_lines(_cleaned(task, config, None), site, on_failure))
    return FirstPass(found, tuple(failed))


def first_failures(first: FirstPass) -> dict[PageKey, str]:
    """The pages a first pass could not clean (a small task beside it, so that the
    writing pass gets these and not every page's lines)."""
    return dict(first.failed)


def learn_all(found: list[FirstPass], options: LearnOptions) -> tuple[LearnedSite, ...]:
    """Every task's lines reduced to what each site learned (one task, on a worker)."""
    return learn_from((page for first in found for page in first.lines), options)


@dataclass
class _Writer:
    """Takes a task's cleaned pages in input order and writes them; counts as a local
    run does."""

    out: Output
    fmt: str
    selection: Selection
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # JSON Lines, for a shard

    def take(self, item: PageItem, cleaned: Cleaned | None) -> None:
        if item.error is not None:
            self.messages.append(item.error)
            self.failed += 1
        elif cleaned is None or cleaned.document is None:
            self.messages.append(str(cleaned.error if cleaned is not None else item.job.source))
            self.failed += 1
        else:
            self._save(item.job, str(item.name), cleaned.document)

    def _save(self, job: CleanJob, name: str, doc: Document) -> None:
        self.messages += [f"{doc.source}: warning: {warning}" for warning in doc.warnings]
        skip = self.selection.reason(doc)
        if skip is not None:
            self.messages.append(f"skipped: {skip[1]}")
            self.skipped += 1
            return
        if self.fmt in SHARD_FORMATS:
            self.lines.append(record(doc, "json"))
        else:
            try:
                self.out.put(name + suffix_for(self.fmt), render(doc, self.fmt).encode("utf-8"))
            except StorageError as exc:
                self.messages.append(f"{job.source}: {exc}")
                self.failed += 1
                return
        self.cleaned += bool(doc.text)
        self.empty += not doc.text

    def shard(self, task: Task) -> None:
        """The task's documents as one shard; if it cannot be written, they all fail."""
        if self.fmt not in SHARD_FORMATS or not self.lines:
            return
        data = shard_data("".join(self.lines), self.fmt)
        try:
            self.out.put(shard_name(task.index, self.fmt), data)
        except StorageError as exc:
            self.messages.append(f"{task.label}: {exc}")
            self.failed += self.cleaned + self.empty
            self.cleaned = self.empty = 0


def run_task(
    task: Task,
    config: ExtractConfig,
    fmt: str,
    out: str,
    version: str,
    learn: LearnOptions | None = None,
    failed: Mapping[PageKey, str] | None = None,
) -> TaskResult:
    """Clean one task's inputs and write their documents (runs on a Dask worker).

    ``version`` is the client's scraper version (see ``_check``). With ``learn``,
    ``config`` holds the learned rules and each input takes its own site's config from
    it, as a local run does; ``failed`` (``first_failures``) are the pages learning's
    first pass could not clean: they fail with the same error, not cleaned again.
    """
    _check(version)
    writer = _Writer(Output(out), fmt, Selection(config))
    for item, cleaned in _cleaned(task, config, learn, failed):
        writer.take(item, cleaned)
    writer.shard(task)
    counts = (writer.cleaned, writer.empty, writer.failed)
    return TaskResult(task.index, *counts, tuple(writer.messages), writer.skipped)
