"""Fetching and cleaning together: a ``Fetcher`` composed with a ``CleaningPool``.

    URLs ──Fetcher.fetch_many──▶ Page ──CleaningPool──▶ Document ──▶ FetchResult

``fetch_documents`` is what ``scraper fetch``, ``scraper run`` and the library use; the
fetcher knows nothing of cleaning and the pool nothing of the network.

Backpressure: the pages between the network and the caller are counted (fetched, being
cleaned, or cleaned and not yet taken), and no request starts while ``backlog`` of
them are held; requests already on the wire still land, so at most ``backlog - 1 +
concurrency`` pages are held. With ``ordered`` (the job runner: which of two duplicates
is kept must not depend on timing) results come in input order; the fetcher then starts
at most ``window`` URLs past the oldest one not yet taken, which bounds the finished
pages waiting behind a slow one, and at most ``backlog`` pages are cleaned ahead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace

from scraper.api import run_sync
from scraper.config import ExtractConfig
from scraper.errors import ScraperError
from scraper.fetching.config import FetchConfig
from scraper.fetching.fetcher import Fetcher
from scraper.fetching.results import FetchRequest, FetchResult
from scraper.model import Document
from scraper.pool import DEPTH, MAX_BATCH, CleaningPool

__all__ = ["afetch", "default_backlog", "fetch", "fetch_document", "fetch_documents"]


def default_backlog(workers: int, concurrency: int) -> int:
    """Pages held before fetching pauses: the fetcher's concurrency plus two full
    batches for every worker.

    With less than a concurrency's worth, fetching stopped and restarted in bursts of
    ``concurrency`` requests while the workers ran dry in between (at concurrency 128:
    270 pages/s with a backlog of 32, 294 with 512; bench/fetch.py).
    """
    return concurrency + DEPTH * workers * MAX_BATCH


class _Gate:
    """Counts held pages; ``admit`` waits while ``limit`` or more are held."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        self._room = asyncio.Event()

    async def admit(self) -> None:
        while self.held >= self.limit:
            self._room.clear()
            await self._room.wait()

    def take(self, _: object = None) -> None:
        self.held += 1

    def give(self) -> None:
        self.held -= 1
        if self.held < self.limit:
            self._room.set()


async def _cleaned(pool: CleaningPool, fetched: FetchResult) -> FetchResult:
    """The fetched page's document (or the error that stopped it)."""
    page = fetched.page
    if page is None or fetched.not_modified:
        return fetched
    cleaned = await pool.clean(page)
    if page.fetch is not None:
        page = replace(page, fetch=replace(page.fetch, encoding=cleaned.encoding or None))
    if cleaned.error is not None:
        return replace(fetched, page=None, error=cleaned.error)
    assert cleaned.document is not None
    document = replace(cleaned.document, fetch=page.fetch, source=page.source)
    return replace(fetched, page=page, document=document)


async def fetch_documents(
    fetcher: Fetcher,
    pool: CleaningPool,
    urls: Iterable[str | FetchRequest],
    *,
    ordered: bool = False,
    backlog: int | None = None,
) -> AsyncIterator[FetchResult]:
    """Fetch ``urls`` and clean each page; one ``FetchResult`` per URL, as they finish
    (``ordered``: in the order of ``urls``). Never raises for a single page."""
    limit = backlog or default_backlog(pool.workers, fetcher.config.concurrency)
    stream = (
        _ordered(fetcher, pool, urls, limit) if ordered else _unordered(fetcher, pool, urls, limit)
    )
    async for result in stream:
        yield result


async def _unordered(
    fetcher: Fetcher, pool: CleaningPool, urls: Iterable[str | FetchRequest], limit: int
) -> AsyncIterator[FetchResult]:
    gate = _Gate(limit)
    out: asyncio.Queue[FetchResult | None] = asyncio.Queue()
    cleaning: set[asyncio.Task[None]] = set()

    async def clean(fetched: FetchResult) -> None:
        out.put_nowait(await _cleaned(pool, fetched))

    async def produce() -> None:
        try:
            # ``landed`` counts a page from its body's last byte: the bound relies on it.
            async for fetched in fetcher.fetch_many(urls, admit=gate.admit, landed=gate.take):
                task = asyncio.create_task(clean(fetched))
                cleaning.add(task)
                task.add_done_callback(cleaning.discard)
            await asyncio.gather(*cleaning)
        finally:
            out.put_nowait(None)

    producer = asyncio.create_task(produce())
    try:
        while (result := await out.get()) is not None:
            gate.give()
            yield result
        await producer  # a bug in the producer is raised here, not swallowed
    finally:
        await _cancel(producer, *cleaning)


async def _ordered(
    fetcher: Fetcher, pool: CleaningPool, urls: Iterable[str | FetchRequest], limit: int
) -> AsyncIterator[FetchResult]:
    # Every cleaning is a task, queued in input order; the queue's size is the bound.
    out: asyncio.Queue[asyncio.Task[FetchResult] | None] = asyncio.Queue(maxsize=limit)
    window = max(limit, 8 * fetcher.config.concurrency)

    async def produce() -> None:
        try:
            async for fetched in fetcher.fetch_many(urls, ordered=True, window=window):
                await out.put(asyncio.create_task(_cleaned(pool, fetched)))
        finally:
            await out.put(None)

    producer = asyncio.create_task(produce())
    task: asyncio.Task[FetchResult] | None = None
    try:
        while (task := await out.get()) is not None:
            yield await task
        await producer
    finally:
        left = []
        while not out.empty():
            item = out.get_nowait()
            if item is not None:
                left.append(item)
        await _cancel(producer, *left, *([task] if task is not None else []))


async def _cancel(*tasks: asyncio.Task[object] | asyncio.Task[None]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def fetch_document(fetcher: Fetcher, pool: CleaningPool, url: str) -> Document:
    """Fetch and clean one page; raise its ``FetchError`` or ``ExtractionError``."""
    async for result in fetch_documents(fetcher, pool, [url]):
        if result.error is not None:
            raise result.error
        if result.document is None:
            raise ScraperError(f"{url}: no document (not modified)")
        return result.document
    raise ScraperError(f"{url}: no result")  # fetch_documents yields one per URL


async def afetch(
    url: str,
    config: FetchConfig | None = None,
    *,
    extract_config: ExtractConfig | None = None,
) -> Document:
    """Fetch and clean one page, awaitable (``await scraper.afetch(url)`` in a notebook
    cell or an ``async def``); raises ``FetchError`` or ``ExtractionError``.

    The page is cleaned in one worker process, as every command cleans, so that its
    time limit (``extract_config.time_limit``, 30 s by default) is enforced: a page
    still being cleaned past it is abandoned, the process killed, and the error
    (``TimeLimitError``) names the URL. The process costs a fraction of a second to
    start; for many pages share one ``CleaningPool`` through ``fetch_documents``. It
    works at the top level of a script without a ``__main__`` guard (the worker does
    not import the script).
    """
    async with Fetcher(config) as fetcher, CleaningPool(extract_config, workers=1) as pool:
        return await fetch_document(fetcher, pool, url)


def fetch(
    url: str,
    config: FetchConfig | None = None,
    *,
    extract_config: ExtractConfig | None = None,
) -> Document:
    """Fetch and clean one page, blocking; raises ``FetchError`` or ``ExtractionError``.

    Works at a script's top level and inside a running event loop (a Jupyter cell, an
    ``async def``), where it runs on a loop of its own in a helper thread: ``asyncio.run``
    cannot nest. In async code ``await afetch(url)`` does not block the loop. For more
    than one page use a ``Fetcher`` and a ``CleaningPool`` with ``fetch_documents``:
    they share connections, robots.txt, politeness and worker processes.
    """
    return run_sync(afetch(url, config, extract_config=extract_config))
