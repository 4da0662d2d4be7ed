"""The fetcher's cleaning stage: batching, per-page errors, worker processes that die."""

from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, TooDeepError
from scraper.fetching.cleaner import MAX_BATCH, Cleaned, Cleaner
from scraper.model import Page

WORDS = b"The harbour committee met on Monday to discuss the old pier. " * 20


def article(n: int) -> Page:
    html = b"<html><body><article><h1>Story %d</h1><p>%s</p></article></body></html>"
    return Page(data=html % (n, WORDS), source=f"http://example.test/{n}", url=None)


class CountingPool(ThreadPoolExecutor):
    """A thread pool that counts the calls made to it."""

    def __init__(self) -> None:
        super().__init__(1)
        self.calls = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return super().submit(fn, *args, **kwargs)


def clean_all(cleaner: Cleaner, pages: list[Page]) -> list[Cleaned]:
    async def run() -> list[Cleaned]:
        try:
            return list(await asyncio.gather(*(cleaner.clean(p) for p in pages)))
        finally:
            cleaner.close()

    return asyncio.run(run())


def test_pages_waiting_for_a_busy_worker_go_together_in_one_call():
    pool = CountingPool()
    pages = [article(n) for n in range(40)]
    with pool:
        results = clean_all(Cleaner(ExtractConfig(), pool, workers=1), pages)
    assert [r.error for r in results] == [None] * 40
    assert all(r.document is not None for r in results)
    assert [r.document.title for r in results if r.document] == [f"Story {n}" for n in range(40)]
    # The first page goes alone; the rest queue behind it and go MAX_BATCH at a time.
    assert pool.calls == 1 + -(-39 // MAX_BATCH)


def test_each_page_is_decoded_once_and_its_encoding_reported():
    page = Page(data="<html><body><p>Café crème</p></body></html>".encode("cp1252"), source="x")
    with ThreadPoolExecutor(1) as pool:
        [result] = clean_all(Cleaner(ExtractConfig(), pool), [page])
    assert result.encoding == "cp1252"
    assert result.document is not None
    assert "Café crème" in result.document.text


def test_a_page_that_cannot_be_cleaned_fails_alone():
    deep = b"<html><body>" + b"<div>" * 200 + b"<p>deep</p>" + b"</div>" * 200 + b"</body></html>"
    pages = [article(1), Page(data=deep, source="http://example.test/deep"), article(2)]
    with ThreadPoolExecutor(1) as pool:
        results = clean_all(Cleaner(ExtractConfig(max_depth=50), pool, workers=1), pages)
    assert results[0].document is not None
    assert isinstance(results[1].error, TooDeepError)
    assert results[2].document is not None


def test_a_closed_cleaner_refuses_pages_instead_of_hanging():
    with ThreadPoolExecutor(1) as pool:
        cleaner = Cleaner(ExtractConfig(), pool)
        cleaner.close()
        [result] = clean_all(cleaner, [article(1)])
    assert isinstance(result.error, ExtractionError)


def test_a_killed_worker_costs_its_pages_and_a_new_pool_takes_over():
    async def run() -> list[Cleaned]:
        cleaner = Cleaner(ExtractConfig(), workers=1)  # its own pool of one process
        try:
            first = await cleaner.clean(article(1))
            pool = cleaner._pool
            assert pool is not None
            for pid in list(pool._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
            # The next page either finds the pool broken (and a new one cleans it) or
            # is lost with the worker; the one after always gets a working pool.
            second = await asyncio.wait_for(cleaner.clean(article(2)), 60)
            third = await asyncio.wait_for(cleaner.clean(article(3)), 60)
            return [first, second, third]
        finally:
            cleaner.close()

    first, second, third = asyncio.run(run())
    assert first.document is not None
    assert second.document is not None or "cleaning failed" in str(second.error)
    assert third.document is not None
