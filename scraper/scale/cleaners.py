"""A Dask worker's cleaning processes: the ``CleaningPool`` a local ``scraper clean`` uses.

    run_task / task_lines (a worker thread) ──pages──▶ CleaningPool (held by WorkerPool)
                                                        └─▶ cleaning processes

lexbor's parser cannot be interrupted (one ``<div>`` with 100,000 attributes takes it
minutes), so a page must be cleaned in a process that can be killed: the pool abandons
a page past ``ExtractConfig.time_limit``, kills its process and starts another, and the
page fails with a line naming it, exactly as in a local run. Cleaning in the worker's
own process would stall the task, and the worker, until the parser gave up.

Each Dask worker keeps one pool (as many processes as the worker has threads) for as
long as it lives: ``WorkerPool`` is a Dask worker plugin, registered by the client of
every run under one name (a second registration keeps the first), and closes the pool
when the worker closes. The pool's time limit is a run's (``--time-limit``): a run with
another limit gets a pool of its own. The pool's processes are plain subprocesses, so
a worker that its nanny made daemonic (Dask's default) may start them; they exit when
the worker does, however it dies.

This module imports ``distributed``: only ``scraper.dask`` and the functions that run
on a worker (``scraper.scale.tasks``) import it, when they run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from distributed.diagnostics.plugin import WorkerPlugin

from scraper.config import ExtractConfig
from scraper.errors import ConfigError
from scraper.model import Page
from scraper.pool import Cleaned, CleaningPool

if TYPE_CHECKING:
    from distributed import Worker

__all__ = ["PLUGIN", "WorkerPool", "check_worker", "clean_in_worker"]

PLUGIN = "scraper-cleaning-pool"
Limit = float | None
K = TypeVar("K")


def check_worker(version: str) -> str | None:
    """Why this worker cannot run the client's tasks, or ``None`` (run on each worker by
    the client before a run, and by each task)."""
    from scraper import __version__

    if version != __version__:
        return f"a worker runs scraper {__version__}, the client {version}"
    return None


class WorkerPool(WorkerPlugin):
    """A Dask worker plugin holding the worker's cleaning pools, one per time limit.

    Sent to the workers (pickled) before it holds anything: ``setup`` runs there."""

    idempotent = True  # registered by every run; the first one stays

    def __init__(self) -> None:
        self.processes = 1
        # Pages this worker has given its cleaning processes, over every run (how often
        # a page was cleaned: learning's two passes clean a page that failed once).
        self.pages = 0
        self._pools: dict[Limit, CleaningPool] = {}
        self._lock: threading.Lock | None = None

    def setup(self, worker: Worker) -> None:
        self.processes = max(1, worker.state.nthreads)
        self._lock = threading.Lock()

    def teardown(self, worker: Worker) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()

    def pool(self, config: ExtractConfig) -> CleaningPool:
        """The pool with ``config``'s time limit (per-page configs are given to it)."""
        if self._lock is None:
            raise ConfigError("the cleaning pool's plugin was not set up on this worker")
        with self._lock:
            found = self._pools.get(config.time_limit)
            if found is None:
                found = CleaningPool(config, workers=self.processes)
                self._pools[config.time_limit] = found
            return found

    def counted(self, items: Iterable[tuple[K, Page | None]]) -> Iterator[tuple[K, Page | None]]:
        """``items`` as they are, each page counted in ``pages`` as the pool takes it."""
        for key, page in items:
            if page is not None and self._lock is not None:
                with self._lock:
                    self.pages += 1
            yield key, page


def _registered() -> WorkerPool | None:
    """This Dask worker's plugin; ``None`` outside a worker or without the plugin."""
    try:
        from distributed import get_worker

        plugin = get_worker().plugins.get(PLUGIN)
    except (ImportError, ValueError):  # not in a Dask worker's task
        return None
    return plugin if isinstance(plugin, WorkerPool) else None


def clean_in_worker(
    items: Iterable[tuple[K, Page | None]],
    config: ExtractConfig,
    config_of: Callable[[K], ExtractConfig | None],
) -> Iterator[tuple[K, Cleaned | None]]:
    """``CleaningPool.clean_ordered`` in the worker's own pool, or (a task run outside a
    worker that has the plugin, as in tests) in a pool of one process, closed afterwards."""
    plugin = _registered()
    if plugin is not None:
        yield from plugin.pool(config).clean_ordered(plugin.counted(items), config_of=config_of)
        return
    with CleaningPool(config, workers=1) as pool:
        yield from pool.clean_ordered(items, config_of=config_of)
