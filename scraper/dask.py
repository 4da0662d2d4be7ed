"""Cleaning saved pages on a Dask cluster: ``scraper clean INPUT... --out DIR --dask ADDRESS``.

    client: INPUT... ──plan──▶ [Task] ──submit──▶ scheduler ──▶ workers
    worker: Task ──clean_job (as a local run)──▶ files in DIR (local path or fsspec URL)
    client ◀── counts and one-line messages, one TaskResult per task

The client lists the inputs (they must be readable at the same paths on every worker:
shared storage) and sends tasks of many files, one WARC file per task; each worker
writes its own documents, to the same names and with the same bytes as a local run.
A worker lost mid-run costs a retry of its tasks (Dask reschedules them; the output
names are fixed and every write is a rename, so nothing is missing or there twice).
Messages come out in input order, as in a local run, whichever task ends first.

Needs the ``dask`` extra: ``pip install 'scraper[dask]'`` (distributed, fsspec, pyarrow).
"""

from __future__ import annotations

import contextlib
import functools
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING

from scraper import __version__
from scraper.cleaning import CleanReport, plan_inputs
from scraper.config import ExtractConfig
from scraper.errors import ConfigError
from scraper.learning.decide import LearnedSite
from scraper.learning.folder import LearnOptions, with_learned
from scraper.scale.output import SHARD_FORMATS
from scraper.scale.tasks import (
    DEFAULT_FILES_PER_TASK,
    FirstPass,
    PageKey,
    Task,
    TaskResult,
    first_failures,
    learn_all,
    plan_tasks,
    run_task,
    task_lines,
)
from scraper.storage import FORMATS

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = [
    "DEFAULT_FILES_PER_TASK",
    "SHARD_FORMATS",
    "check_target",
    "clean",
    "connect",
    "prepare",
    "run_tasks",
]

Sites = tuple[LearnedSite, ...]
CONNECT_TIMEOUT = 20.0  # seconds to reach the scheduler


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at ``address``; ``ConfigError`` when it cannot be reached
    within ``timeout`` seconds (default ``CONNECT_TIMEOUT``)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError("--dask needs the dask extra: pip install 'scraper[dask]'") from exc
    try:
        return Client(address, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{address}: cannot reach the Dask scheduler: {reason}") from exc


def prepare(client: Client) -> None:
    """Give every worker its cleaning pool (``scraper.scale.cleaners``) and check that
    each can clean for this client; ``ConfigError`` (one line) naming a worker that
    runs another scraper version."""
    from scraper.scale.cleaners import PLUGIN, WorkerPool, check_worker

    client.register_plugin(WorkerPool(), name=PLUGIN)
    problems = client.run(check_worker, __version__)
    for address, problem in sorted(problems.items()):
        if problem is not None:
            raise ConfigError(f"{address}: {problem}")


def check_target(out: str, fmt: str, config: ExtractConfig | None = None) -> None:
    """``ConfigError`` unless workers can write ``fmt`` files to ``out`` with ``config``."""
    if config is not None and config.dedup:  # each task sees its own documents only
        raise ConfigError("--dedup needs one process to see every document: not with --dask")
    if out == "-":
        raise ConfigError("--dask writes on the workers: --out must be a folder or a URL")
    if fmt not in FORMATS + SHARD_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}")


def _failure(task: Task, exc: BaseException) -> TaskResult:
    """A task that raised (a bug, a refused worker) or whose workers all died."""
    reason = (str(exc).splitlines() or [""])[0] or type(exc).__name__
    message = f"{task.label}: cleaning failed on the cluster: {reason}"
    return TaskResult(task.index, failed=len(task.jobs), messages=(message,))


def _show_in_order(
    finished: dict[int, TaskResult], shown: int, on_message: Callable[[str], None] | None
) -> int:
    """Print the messages of tasks ``shown``, ``shown + 1``, ... that have finished."""
    while shown in finished:
        for message in finished[shown].messages:
            if on_message is not None:
                on_message(message)
        shown += 1
    return shown


def _learn(
    client: Client,
    tasks: Sequence[Task],
    config: ExtractConfig | Future[ExtractConfig],
    learn: LearnOptions,
    run: str,
) -> tuple[list[Future[FirstPass]], Future[Sites], Future[ExtractConfig]]:
    """Learning's first pass and reduction, submitted; the rules stay on the cluster."""
    firsts = [
        client.submit(
            task_lines,
            task,
            config,
            learn.site,
            __version__,
            key=f"scraper-lines-{run}-{task.index}",
        )
        for task in tasks
    ]
    learned = client.submit(learn_all, firsts, learn, key=f"scraper-learn-{run}")
    taught = client.submit(with_learned, config, learned, key=f"scraper-taught-{run}")
    return firsts, learned, taught


def _failures(
    client: Client, tasks: Sequence[Task], firsts: Sequence[Future[FirstPass]], run: str
) -> list[Future[dict[PageKey, str]]]:
    """What each task's first pass could not clean, for its writing pass to report
    without cleaning it again (as locally: a stuck page costs its time limit once)."""
    return [
        client.submit(first_failures, first, key=f"scraper-failed-{run}-{task.index}")
        for task, first in zip(tasks, firsts, strict=True)
    ]


def _first_pass(
    client: Client,
    failed: Sequence[Future[dict[PageKey, str]]],
    on_progress: Callable[[], None] | None,
) -> list[dict[PageKey, str] | None]:
    """Wait for learning's first pass, task by task; what each task's pass could not
    clean, brought to the client (a few lines) to be given to its writing task as it
    is: a result left on a worker would be lost with the worker, and the lines to make it
    again are released once the rules are made."""
    from distributed import as_completed

    position = {future: n for n, future in enumerate(failed)}
    found: list[dict[PageKey, str] | None] = [None] * len(failed)
    for future in as_completed(failed, loop=client.loop):
        # A first pass that raised fails the rules too: its writing task says why.
        with contextlib.suppress(Exception):
            found[position[future]] = future.result()
        if on_progress is not None:
            on_progress()
    return found


def _write(
    client: Client,
    tasks: Sequence[Task],
    rules: Future[ExtractConfig],
    failed: Sequence[dict[PageKey, str] | None],
    *,
    fmt: str,
    out: str,
    learn: LearnOptions | None,
    run: str,
) -> dict[Future[TaskResult], Task]:
    """The writing pass, submitted: each task with the pages its first pass failed."""
    return {
        client.submit(
            run_task,
            task,
            rules,
            fmt,
            out,
            __version__,
            learn,
            first_failed,
            key=f"scraper-clean-{run}-{task.index}",
        ): task
        for task, first_failed in zip(tasks, failed, strict=True)
    }


def run_tasks(
    tasks: Sequence[Task],
    *,
    client: Client,
    out: str,
    config: ExtractConfig,
    fmt: str = "json",
    learn: LearnOptions | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[], None] | None = None,
) -> CleanReport:
    """Run planned ``tasks`` on ``client``'s cluster (after ``prepare(client)``: without
    it, each task starts cleaning processes of its own); ``on_progress`` is called per
    task (twice per task with ``learn``: once per pass)."""
    from distributed import as_completed

    check_target(out, fmt, config)
    started = time.monotonic()
    run = uuid.uuid4().hex[:12]
    firsts: list[Future[FirstPass]] = []
    failed: list[Future[dict[PageKey, str]]] = []
    learned: Future[Sites] | None = None
    # Sent once to each worker: every task there gets the same object, so its pool
    # sends each config (rules included) to a cleaning process once, not once a task.
    rules: Future[ExtractConfig] = client.scatter(config, broadcast=True, hash=False)
    if learn is not None:
        firsts, learned, rules = _learn(client, tasks, rules, learn, run)
        failed = _failures(client, tasks, firsts, run)
    futures: dict[Future[TaskResult], Task] = {}
    finished: dict[int, TaskResult] = {}
    shown = 0  # tasks whose messages are out, in input order
    interrupted = False
    sites: Sites = ()
    try:
        first_failed = _first_pass(client, failed, on_progress) if failed else [None] * len(tasks)
        firsts.clear()  # the lines are no longer needed once the rules are made
        failed.clear()
        futures = _write(client, tasks, rules, first_failed, fmt=fmt, out=out, learn=learn, run=run)
        for future in as_completed(futures, loop=client.loop):
            task = futures[future]
            try:
                finished[task.index] = future.result()
            except Exception as exc:  # lost on every worker it tried, or refused
                finished[task.index] = _failure(task, exc)
            shown = _show_in_order(finished, shown, on_message)
            if on_progress is not None:
                on_progress()
        if learned is not None and learned.status == "finished":
            sites = learned.result()
    except KeyboardInterrupt:
        interrupted = True
        client.cancel([*firsts, *failed, *futures])
        for index in sorted(i for i in finished if i >= shown):  # done, not yet shown
            _show_in_order(finished, index, on_message)
    return _report(finished.values(), time.monotonic() - started, interrupted, sites)


def _report(
    results: Collection[TaskResult], seconds: float, interrupted: bool, sites: Sites
) -> CleanReport:
    """The tasks' counts added up, as a local run reports them."""
    return CleanReport(
        cleaned=sum(r.cleaned for r in results),
        empty=sum(r.empty for r in results),
        failed=sum(r.failed for r in results),
        skipped=sum(r.skipped for r in results),
        seconds=seconds,
        interrupted=interrupted,
        learned=sites,
    )


def clean(
    inputs: Sequence[str],
    out: str,
    *,
    address: str | None = None,
    client: Client | None = None,
    config: ExtractConfig | None = None,
    fmt: str = "json",
    files_per_task: int = DEFAULT_FILES_PER_TASK,
    learn: LearnOptions | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[], None] | None = None,
) -> CleanReport:
    """Clean ``inputs`` (files and folders) into ``out`` on a Dask cluster.

    Give the scheduler's ``address`` (a client is made and closed) or a ``client``.
    ``fmt`` is ``json``, ``md`` or ``txt`` (one file per document, as ``scraper clean``
    writes them) or ``jsonl`` / ``parquet`` (one shard per task, ``part-00000.jsonl``,
    ...). ``learn`` learns each site's chrome from its pages first, as ``scraper clean``
    does by default (``LearnOptions()``); the report's ``learned`` holds what was learned.
    Raises ``ConfigError`` for a bad argument, a missing input or an unreachable
    scheduler; inputs that fail are counted and reported through ``on_message``.
    """
    if (address is None) == (client is None):
        raise ConfigError("give the scheduler's address or a client, not both")
    check_target(out, fmt, config)
    tasks = plan_tasks(plan_inputs(inputs), files_per_task)
    run = functools.partial(
        run_tasks,
        tasks,
        out=out,
        config=config or ExtractConfig(),
        fmt=fmt,
        learn=learn,
        on_message=on_message,
        on_progress=on_progress,
    )
    if client is not None:
        prepare(client)
        return run(client=client)
    owned = connect(str(address))
    try:
        prepare(owned)
        return run(client=owned)
    finally:
        owned.close()
