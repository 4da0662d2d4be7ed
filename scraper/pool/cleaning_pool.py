"""``CleaningPool``: what callers use to have pages cleaned in worker processes."""

from __future__ import annotations

import asyncio
import functools
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

from scraper.batch import Cleaned, clean_one, default_workers
from scraper.config import ExtractConfig
from scraper.model import Page
from scraper.pool.inbox import Inbox
from scraper.pool.manager import Manager
from scraper.pool.ordered import clean_ordered
from scraper.pool.tasks import Done, Task, failed
from scraper.pool.tuning import DEPTH, MAX_BATCH, MAX_CONFIGS, READ_AHEAD

__all__ = ["CleaningPool"]

K = TypeVar("K")

_CLOSED = "cleaning stopped: the pool is closed"


class CleaningPool:
    """Worker processes that clean pages; ``with CleaningPool(config) as pool: ...``.

    ``workers`` defaults to ``default_workers()`` (one per core but one, from three
    cores up). Processes start when the first page
    comes, and again whenever one was lost and pages are waiting. ``workers=0`` cleans
    in a thread of this process instead (for one page, where a process's start-up
    costs more than the page): nothing is spawned, and the time limit is only checked
    between the stages of cleaning, since nothing can be killed.
    """

    def __init__(self, config: ExtractConfig | None = None, *, workers: int | None = None) -> None:
        if workers is not None and workers < 0:
            raise ValueError("workers must not be negative")
        self.config = config if config is not None else ExtractConfig()
        self.workers = default_workers() if workers is None else workers
        self._manager = Manager(self.config, self.workers)
        self._inline: ThreadPoolExecutor | None = None
        self._seq = itertools.count()
        self._closed = False
        # id(config) -> (config, key), least recently used first; holding the config
        # keeps its id from being reused while it is here. Keys are never reused.
        self._configs: OrderedDict[int, tuple[ExtractConfig, int]] = OrderedDict()
        self._keys = itertools.count()
        self._inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Inbox] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()  # guards submitting against closing

    def submit(self, page: Page, done: Done, config: ExtractConfig | None = None) -> None:
        """Clean ``page`` (with ``config`` instead of the pool's, if given);
        ``done(cleaned)`` is called once, from the pool's thread."""
        with self._lock:
            broken = self._manager.broken
            if self._closed or broken is not None:
                done(failed(page, broken or _CLOSED))
                return
            if self.workers == 0:
                if self._inline is None:
                    self._inline = ThreadPoolExecutor(1, thread_name_prefix="scraper-clean")
                self._inline.submit(self._clean_inline, page, done, config)
                return
            key = None if config is None else self._key(config)
            self._manager.put(Task(next(self._seq), page, done, config, key))

    def _key(self, config: ExtractConfig) -> int:
        """``config``'s number, the same while the pool holds it (called with the lock)."""
        held = self._configs.get(id(config))
        if held is not None:  # the same object: a held object's id is not reused
            self._configs.move_to_end(id(config))
            return held[1]
        key = next(self._keys)
        self._configs[id(config)] = (config, key)
        if len(self._configs) > MAX_CONFIGS:
            self._configs.popitem(last=False)
        return key

    def _clean_inline(self, page: Page, done: Done, config: ExtractConfig | None) -> None:
        if self._closed:
            done(failed(page, _CLOSED))
        else:
            done(clean_one(page, config or self.config))

    async def clean(self, page: Page) -> Cleaned:
        """The page's encoding and document (or error), from an event loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Cleaned] = loop.create_future()
        with self._lock:
            inbox = self._inboxes.get(loop)
            if inbox is None:
                inbox = self._inboxes[loop] = Inbox(loop)
        self.submit(page, functools.partial(inbox.put, future))
        return await future

    def clean_ordered(
        self,
        items: Iterable[tuple[K, Page | None]],
        *,
        window: int | None = None,
        budget: int = READ_AHEAD,
        config_of: Callable[[K], ExtractConfig | None] | None = None,
    ) -> Iterator[tuple[K, Cleaned | None]]:
        """Clean the pages of ``items`` and yield them in the same order.

        An item whose page is ``None`` (it could not be read) passes through;
        ``config_of(key)`` may give a page a config of its own. At most
        ``window`` items (default: four full batches per worker, twice what the workers
        hold) are taken ahead of the
        one the caller waits for, and no more once their pages weigh ``budget`` bytes
        (one page always goes), which bounds both the pages in flight and the results
        waiting to be yielded, whatever the pages weigh.
        """
        window = window or 2 * DEPTH * MAX_BATCH * max(1, self.workers)
        return clean_ordered(self.submit, items, window=window, budget=budget, config_of=config_of)

    def close(self) -> None:
        """Stop the workers; pages not yet cleaned fail with "the pool is closed"."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self._inline is not None:
            self._inline.shutdown(wait=True)  # pages not started fail at once
        self._manager.close()

    def __enter__(self) -> CleaningPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> CleaningPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)
