"""Cleaning fetched pages off the event loop: decode and extract, a few pages per call.

    Response ──Page──▶ Cleaner ──batch──▶ executor (processes) ──▶ (encoding, Document)

Cleaning costs about as much CPU as fetching (1.2-2.2 ms against 1.6-2.2 ms of httpx
per page of bench/fetch.py on a 2-core machine), so by default it runs in a pool of
processes, one per core but one: in threads the extractor and the event loop fight over
the GIL and a 2-core machine cleaned at half the rate, and a worker on every core
starves the event loop, which then fetches too slowly to keep the workers busy (on 2
cores, one worker gave 265-315 pages/s where two gave 200-230; bench/fetch.py). Each
call to a process pool costs pickling and two thread hops, so pages waiting while every
worker is busy go together in the next call (up to ``MAX_BATCH``): one page alone when
the pool is idle, bigger batches only under load, and ``DEPTH`` batches per worker so
that one is always queued. Each page is decoded once, in the worker, which is also where
its encoding is found. The worker's side lives in ``scraper.batch``.

A worker that dies (killed, out of memory) fails the pages of its batch with an
``ExtractionError``; an owned pool is then replaced, so the run goes on.

Backpressure: when cleaning is slower than fetching, fetched bodies pile up here (up
to 4,096 pages of up to 10 MiB each, the window of ``Fetcher.fetch_many``). So the
cleaner counts the pages it holds (waiting or in a worker) and ``room()`` makes the
fetcher wait before each request while that count is at ``backlog`` (default: the
fetcher's concurrency plus two full batches per worker). Requests already on the wire
still land, so at most ``backlog - 1 + concurrency`` fetched pages are ever waiting to
be cleaned.
"""

from __future__ import annotations

import asyncio
import functools
from collections import deque
from concurrent.futures import BrokenExecutor, Executor

from scraper.batch import Cleaned, clean_batch, default_workers, process_pool
from scraper.config import ExtractConfig
from scraper.errors import ExtractionError
from scraper.model import Page

__all__ = [
    "DEPTH",
    "MAX_BATCH",
    "Cleaned",
    "Cleaner",
    "clean_batch",
    "default_backlog",
    "default_workers",
]

# Large enough that the per-call cost is spread thin, small enough that one batch never
# holds a worker for long (about 50 ms of bench pages).
MAX_BATCH = 16


# Batches a worker is given at once: the next one waits in the pool's queue, so the
# worker goes on while its last results travel back through the pool's threads (they
# wait for the event loop's GIL; with one batch at a time the worker sat idle meanwhile).
DEPTH = 2


def default_backlog(workers: int, in_flight: int = 0) -> int:
    """Pages held before fetching pauses: ``in_flight`` (the fetcher's concurrency) plus
    two full batches for every worker.

    With less than a concurrency's worth, fetching stopped and restarted in bursts of
    ``concurrency`` requests while the worker ran dry in between (at concurrency 128:
    270 pages/s with a backlog of 32, 294 with 512; bench/fetch.py).
    """
    return in_flight + 2 * workers * MAX_BATCH


class Cleaner:
    """Cleans pages for one ``Fetcher``; ``await cleaner.clean(page)``.

    ``executor`` None means an owned pool of ``workers`` processes (default: one per
    core but one), started at the first page and shut down by ``close``. A given executor is
    used as is, never shut down, with at most ``DEPTH * workers`` batches in it at
    once. ``backlog`` is how many pages may be held before ``room()`` makes callers
    wait (default: ``default_backlog(workers, in_flight)``).
    """

    def __init__(
        self,
        config: ExtractConfig,
        executor: Executor | None = None,
        *,
        workers: int | None = None,
        backlog: int | None = None,
        in_flight: int = 0,
    ) -> None:
        self._config = config
        self._given = executor
        self._pool: Executor | None = executor
        self._workers = workers or default_workers()
        self._backlog = backlog or default_backlog(self._workers, in_flight)
        self._waiting: deque[tuple[Page, asyncio.Future[Cleaned]]] = deque()
        self._busy = 0
        self._held = 0  # pages between clean() and their result
        self._drained = asyncio.Event()
        self._closed = False
        self._cleaned_any = False

    @property
    def held(self) -> int:
        """Pages given to ``clean`` and not yet cleaned (waiting or in a worker)."""
        return self._held

    async def room(self) -> None:
        """Wait while ``backlog`` pages or more are held (returns at once if closed)."""
        while self._held >= self._backlog and not self._closed:
            self._drained.clear()
            await self._drained.wait()

    async def clean(self, page: Page) -> Cleaned:
        """The page's encoding and document (or error); never raises for one page."""
        if self._closed:
            return Cleaned("", error=ExtractionError(f"{page.source}: the fetcher is closed"))
        future: asyncio.Future[Cleaned] = asyncio.get_running_loop().create_future()
        self._waiting.append((page, future))
        self._held += 1
        try:
            self._pump()
            return await future
        finally:
            self._held -= 1
            if self._held < self._backlog:
                self._drained.set()

    def close(self) -> None:
        """Stop an owned pool; pages still waiting are not cleaned."""
        self._closed = True
        self._drained.set()
        for _, future in self._waiting:
            future.cancel()
        self._waiting.clear()
        if self._pool is not None and self._pool is not self._given:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def _executor(self) -> Executor:
        if self._pool is None:
            self._pool = process_pool(self._workers)
        return self._pool

    def _drop_broken_pool(self, broken: Executor) -> None:
        """Forget an owned pool whose worker died; the next batch starts a new one."""
        if broken is self._pool and broken is not self._given:
            self._pool = None
            broken.shutdown(wait=False, cancel_futures=True)

    def _pump(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting and self._busy < self._workers * DEPTH and not self._closed:
            batch = [self._waiting.popleft() for _ in range(min(MAX_BATCH, len(self._waiting)))]
            batch = [(page, future) for page, future in batch if not future.cancelled()]
            if not batch:
                continue
            pages = [page for page, _ in batch]
            pool = self._executor()
            try:
                try:
                    done = loop.run_in_executor(pool, clean_batch, pages, self._config)
                except BrokenExecutor:  # a worker died while idle: one new pool, once
                    self._drop_broken_pool(pool)
                    pool = self._executor()
                    done = loop.run_in_executor(pool, clean_batch, pages, self._config)
            except RuntimeError as exc:  # a given pool that is broken or shut down
                self._fail(batch, exc)
                continue
            self._busy += 1
            done.add_done_callback(functools.partial(self._finished, batch=batch, pool=pool))

    def _finished(
        self,
        done: asyncio.Future[list[Cleaned]],
        *,
        batch: list[tuple[Page, asyncio.Future[Cleaned]]],
        pool: Executor,
    ) -> None:
        self._busy -= 1
        if done.cancelled():
            for _, future in batch:
                future.cancel()
        elif (exc := done.exception()) is not None:
            if isinstance(exc, BrokenExecutor):
                self._drop_broken_pool(pool)
                if not self._cleaned_any:
                    # No batch has ever come back: the workers die as they start. Each
                    # one imports the main script again (Python's "spawn" start), so the
                    # usual cause is that script's top-level code failing there, e.g. a
                    # Fetcher run with no __main__ guard (scraper.batch refuses that).
                    exc = BrokenExecutor(
                        "cleaning processes die as they start: each imports the main"
                        " script again, and its top-level code failed there (the error"
                        ' above names it); put that code under `if __name__ == "__main__":`'
                    )
            self._fail(batch, exc)
        else:
            self._cleaned_any = True
            for (_, future), cleaned in zip(batch, done.result(), strict=True):
                if not future.done():
                    future.set_result(cleaned)
        self._pump()

    @staticmethod
    def _fail(batch: list[tuple[Page, asyncio.Future[Cleaned]]], exc: BaseException) -> None:
        for page, future in batch:
            if not future.done():
                message = f"{page.source}: cleaning failed: {exc!r}"
                future.set_result(Cleaned("", error=ExtractionError(message)))
