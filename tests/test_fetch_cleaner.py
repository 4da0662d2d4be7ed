"""The fetcher's cleaning stage: batching, per-page errors, worker processes that die,
and backpressure (a slow cleaner pauses fetching) against the real test server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fetch_helpers import config
from fetch_server import FetchServer

from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, TooDeepError
from scraper.fetching import Fetcher, FetchResult
from scraper.fetching.cleaner import DEPTH, MAX_BATCH, Cleaned, Cleaner
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
    # The first DEPTH pages go alone (the worker is idle, then has one queued); the
    # rest wait behind them and go MAX_BATCH at a time.
    assert pool.calls == DEPTH + -(-(40 - DEPTH) // MAX_BATCH)


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


class HeldPool(ThreadPoolExecutor):
    """A cleaner that cleans nothing until ``go`` is set, then cleans in one thread.

    At the start of every batch it records how many pages the server has served that
    no batch has finished cleaning: the fetched-but-not-cleaned count seen from outside.
    """

    def __init__(self, served: Callable[[], int]) -> None:
        super().__init__(1)
        self.go = threading.Event()
        self.outstanding: list[int] = []
        self._served = served
        self._cleaned = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        def held() -> Any:
            self.go.wait(30)
            self.outstanding.append(self._served() - self._cleaned)
            result = fn(*args, **kwargs)
            self._cleaned += len(result)
            return result

        return super().submit(held)


def test_a_slow_cleaner_pauses_fetching_at_the_backlog_bound(fetch_server: FetchServer):
    pages, backlog, concurrency = 60, 8, 4
    urls = [fetch_server.url(f"/article/backlog-{n}") for n in range(pages)]

    def served() -> int:
        return len(fetch_server.state.requests("/article/backlog-"))

    pool = HeldPool(served)
    bound = backlog - 1 + concurrency  # requests already on the wire still land

    async def run() -> tuple[int, list[FetchResult]]:
        settings = config(obey_robots=False, concurrency=concurrency, per_host=concurrency)
        async with Fetcher(
            settings, resolver=fetch_server.resolve, executor=pool, backlog=backlog
        ) as fetcher:
            consumer = asyncio.create_task(collect(fetcher.fetch_many(urls)))
            async with asyncio.timeout(30):  # a bound on the test, not an assertion
                while served() < backlog:  # cleaning is held: the backlog fills up
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)  # room to overshoot, if fetching did not pause
            peak = served()
            pool.go.set()
            return peak, await asyncio.wait_for(consumer, 60)

    async def collect(results: Any) -> list[FetchResult]:
        return [result async for result in results]

    with pool:
        try:
            peak, results = asyncio.run(run())
        finally:
            pool.go.set()
    assert backlog <= peak <= bound
    assert max(pool.outstanding) <= bound
    assert sorted(r.index for r in results if r.ok) == list(range(pages))
    assert served() == pages  # it resumed as the backlog drained


UNGUARDED = """
import asyncio, sys
from scraper import FetchConfig, Fetcher

async def main(url):
    config = FetchConfig(allow_private=True, obey_robots=False, delay=0)
    async with Fetcher(config) as fetcher:
        async for result in fetcher.fetch_many([url]):
            print("RESULT", result.ok, result.error)

asyncio.run(main(sys.argv[1]))  # no `if __name__ == "__main__":` guard
"""


def test_a_script_without_a_main_guard_is_told_and_does_not_crawl_twice(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    """Each spawned worker imports the script again; its Fetcher must refuse to run
    there, or every worker would start a crawl of its own."""
    script = tmp_path / "crawl.py"
    script.write_text(UNGUARDED)
    url = fetch_server.url("/article/unguarded")
    done = subprocess.run(
        [sys.executable, str(script), url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    told = f"{script}: a Fetcher was started while a cleaning process imported this script"
    assert told in done.stderr
    [result] = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert result.startswith("RESULT False")
    assert "cleaning processes die as they start: each imports the main script again" in result
    assert len(fetch_server.state.requests("/article/unguarded")) == 1
