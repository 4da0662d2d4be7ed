"""The cleaning pool: order, per-page errors, workers that die, the enforced time limit
(the attribute-flood page, through `scraper clean` and `scraper run`), backpressure
against the real test server, and scripts without a __main__ guard."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from clean_helpers import run_cli
from fetch_helpers import config
from fetch_server import FetchServer
from jobs_helpers import child_env, saved_documents, scraper_command, write_small_job
from news_site import NewsSite, attribute_flood, serve

from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, TimeLimitError, TooDeepError
from scraper.fetch_clean import fetch as fetch_one
from scraper.fetch_clean import fetch_documents
from scraper.fetching import Fetcher, FetchResult
from scraper.model import Page
from scraper.pool import Cleaned, CleaningPool

WORDS = b"The harbour committee met on Monday to discuss the old pier. " * 20


def article(n: int) -> Page:
    html = b"<html><body><article><h1>Story %d</h1><p>%s</p></article></body></html>"
    return Page(data=html % (n, WORDS), source=f"http://example.test/{n}", url=None)


def clean_in_order(pool: CleaningPool, pages: list[Page]) -> list[Cleaned | None]:
    return [cleaned for _, cleaned in pool.clean_ordered((p.source, p) for p in pages)]


def test_pages_come_back_in_order_each_decoded_once_with_its_encoding():
    cafe = Page(data="<html><body><p>Café crème</p></body></html>".encode("cp1252"), source="x")
    pages = [article(n) for n in range(40)] + [cafe]
    with CleaningPool(ExtractConfig(), workers=2) as pool:
        results = clean_in_order(pool, pages)
    titles = [r.document.title for r in results[:40] if r is not None and r.document]
    assert titles == [f"Story {n}" for n in range(40)]
    last = results[-1]
    assert last is not None
    assert last.encoding == "cp1252"
    assert last.document is not None
    assert "Café crème" in last.document.text


def test_a_page_that_cannot_be_cleaned_fails_alone_and_names_itself():
    deep = b"<html><body>" + b"<div>" * 200 + b"<p>deep</p>" + b"</div>" * 200 + b"</body></html>"
    pages = [article(1), Page(data=deep, source="http://example.test/deep"), article(2)]
    with CleaningPool(ExtractConfig(max_depth=50), workers=1) as pool:
        first, failed, last = clean_in_order(pool, pages)
    assert first is not None
    assert first.document is not None
    assert failed is not None
    assert isinstance(failed.error, TooDeepError)
    assert str(failed.error).startswith("http://example.test/deep: ")
    assert last is not None
    assert last.document is not None


def test_pages_read_ahead_are_bounded_by_their_weight_too():
    """``clean_ordered`` takes no more pages ahead once they weigh ``budget`` bytes,
    whatever its count window allows (128 dev pages in a row weigh 104 MB)."""
    pages = [article(n) for n in range(12)]
    size = len(pages[0].data)
    taken: list[int] = []
    lead: list[int] = []

    def items():
        for page in pages:
            taken.append(1)
            yield page.source, page

    with CleaningPool(ExtractConfig(), workers=1) as pool:
        for n, _ in enumerate(pool.clean_ordered(items(), window=100, budget=3 * size)):
            lead.append(len(taken) - n)
    assert len(lead) == 12
    assert max(lead) == 3


def test_a_closed_pool_refuses_pages_instead_of_hanging():
    pool = CleaningPool(workers=1)
    pool.close()
    [result] = clean_in_order(pool, [article(1)])
    assert result is not None
    assert isinstance(result.error, ExtractionError)


def _worker_pids(pool: CleaningPool) -> list[int]:
    return [w.process.pid for w in pool._manager.workers if w.process.pid]


def test_a_killed_worker_costs_only_its_page_and_a_new_one_takes_over():
    async def run() -> list[Cleaned]:
        with CleaningPool(workers=1) as pool:
            first = await pool.clean(article(1))
            [pid] = _worker_pids(pool)
            os.kill(pid, signal.SIGKILL)
            # The next page is either lost with the worker or cleaned by its successor;
            # the one after always is cleaned, by a new process.
            second = await asyncio.wait_for(pool.clean(article(2)), 60)
            third = await asyncio.wait_for(pool.clean(article(3)), 60)
            assert _worker_pids(pool) != [pid]
            return [first, second, third]

    first, second, third = asyncio.run(run())
    assert first.document is not None
    assert second.document is not None or "its process died" in str(second.error)
    assert third.document is not None


def _write_pages(folder: Path, good: int) -> None:
    folder.mkdir()
    html = "<html><body><article><h1>Story {n}</h1><p>{words}</p></article></body></html>"
    for n in range(good):
        (folder / f"good-{n:02d}.html").write_text(html.format(n=n, words=WORDS.decode()))
    (folder / "flood.html").write_text(attribute_flood())


def _abandoned_after(line: str, name: str) -> float:
    """The seconds the pool gave the page before it killed its worker (it says so)."""
    found = re.match(
        rf"{re.escape(name)}: time limit of 5s ran out; cleaning abandoned after"
        r" ([0-9.]+)s \(its process was killed and replaced\)",
        line,
    )
    assert found is not None, line
    return float(found[1])


def test_clean_abandons_the_attribute_flood_page_at_its_time_limit(tmp_path: Path):
    """One <div> with 100,000 attributes holds the parser for minutes: with a 5 s limit
    its worker is killed and replaced within 15 s of its start, and every other page
    is cleaned. (The whole command is not timed: on a loaded machine its start-up
    alone varies by seconds; the pool says how long the page had.)"""
    _write_pages(tmp_path / "in", good=12)
    out = tmp_path / "out"
    result = run_cli(
        ["clean", str(tmp_path / "in"), "--out", str(out), "--jobs", "2", "--time-limit", "5"]
    )
    assert result.code == 1
    flood = str(tmp_path / "in" / "flood.html")
    [line] = [line for line in result.stderr.splitlines() if "time limit" in line]
    assert 5 < _abandoned_after(line, flood) < 15
    assert sorted(p.name for p in out.iterdir()) == [f"good-{n:02d}.json" for n in range(12)]
    assert "cleaned 12, empty 0, failed 1" in result.stderr


def test_scraper_run_abandons_the_attribute_flood_page_and_saves_the_rest(tmp_path: Path):
    with serve(NewsSite(flood={2})) as site:
        urls = [site.url(f"/article/{n}") for n in range(1, 7)]
        job = write_small_job(tmp_path, urls)
        job.write_text(job.read_text() + "\n[extract]\ntime_limit = 5\n")
        done = subprocess.run(
            scraper_command("run", str(job)),
            capture_output=True,
            text=True,
            timeout=120,  # a bound on the test: the page alone would take minutes
            env=child_env(),
        )
    assert done.returncode == 1, done.stderr
    flood = site.url("/article/2")
    [line] = [line for line in done.stderr.splitlines() if "time limit" in line]
    assert 5 < _abandoned_after(line, flood) < 15
    assert saved_documents(tmp_path / "out") == {u: 1 for u in urls if u != flood}


def test_the_time_limit_error_names_the_url_through_fetch_documents(fetch_server: FetchServer):
    """The fetch path gives the same error for a page past its limit, naming the URL."""
    url = fetch_server.url("/article/quick")

    class Slow(CleaningPool):
        async def clean(self, page: Page) -> Cleaned:
            flood = Page(data=attribute_flood().encode(), source=page.source)
            return await super().clean(flood)

    async def run() -> list[FetchResult]:
        async with (
            Fetcher(config(obey_robots=False), resolver=fetch_server.resolve) as fetcher,
            Slow(ExtractConfig(time_limit=2), workers=1) as pool,
        ):
            return [r async for r in fetch_documents(fetcher, pool, [url])]

    [result] = asyncio.run(asyncio.wait_for(run(), 60))
    assert isinstance(result.error, TimeLimitError)
    assert str(result.error).startswith(f"{url}: time limit of 2s ran out")


def test_scraper_fetch_kills_a_page_past_its_time_limit_and_names_the_url():
    """The library's one-page ``scraper.fetch`` cleans in a process too: the
    attribute-flood page is abandoned at its limit, not after minutes."""
    with serve(NewsSite(flood={1})) as site:
        url = site.url("/article/1")
        try:
            fetch_one(url, config(obey_robots=False), extract_config=ExtractConfig(time_limit=2))
        except TimeLimitError as exc:
            error = str(exc)
        else:
            raise AssertionError("the page was cleaned")
    assert error.startswith(f"{url}: time limit of 2s ran out; cleaning abandoned after")


class HeldPool(CleaningPool):
    """Cleans nothing until ``go`` is set; records, at the start of every page, how many
    pages the server has served that are not yet cleaned (seen from outside)."""

    def __init__(self, served: Any) -> None:
        super().__init__(workers=1)
        self.go = threading.Event()
        self.outstanding: list[int] = []
        self._served = served
        self._cleaned = 0

    async def clean(self, page: Page) -> Cleaned:
        while not self.go.is_set():
            await asyncio.sleep(0.01)
        self.outstanding.append(self._served() - self._cleaned)
        result = await super().clean(page)
        self._cleaned += 1
        return result


def test_a_slow_pool_pauses_fetching_at_the_backlog_bound(fetch_server: FetchServer):
    pages, backlog, concurrency = 60, 8, 4
    urls = [fetch_server.url(f"/article/backlog-{n}") for n in range(pages)]

    def served() -> int:
        return len(fetch_server.state.requests("/article/backlog-"))

    bound = backlog - 1 + concurrency  # requests already on the wire still land

    async def run(pool: HeldPool) -> tuple[int, list[FetchResult]]:
        settings = config(obey_robots=False, concurrency=concurrency, per_host=concurrency)
        async with Fetcher(settings, resolver=fetch_server.resolve) as fetcher:
            results = fetch_documents(fetcher, pool, urls, backlog=backlog)
            consumer = asyncio.create_task(collect(results))
            async with asyncio.timeout(30):  # a bound on the test, not an assertion
                while served() < backlog:  # cleaning is held: the backlog fills up
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)  # room to overshoot, if fetching did not pause
            peak = served()
            pool.go.set()
            return peak, await asyncio.wait_for(consumer, 60)

    async def collect(results: Any) -> list[FetchResult]:
        return [result async for result in results]

    with HeldPool(served) as pool:
        peak, results = asyncio.run(run(pool))
    assert backlog <= peak <= bound
    assert max(pool.outstanding) <= bound
    assert sorted(r.index for r in results if r.ok) == list(range(pages))
    assert served() == pages  # it resumed as the backlog drained


def test_ordered_results_come_in_input_order(fetch_server: FetchServer):
    urls = [fetch_server.url(f"/article/ordered-{n}", f"h{n % 3}.test") for n in range(20)]

    async def run() -> list[FetchResult]:
        settings = config(obey_robots=False, concurrency=8, per_host=4)
        async with (
            Fetcher(settings, resolver=fetch_server.resolve) as fetcher,
            CleaningPool(workers=1) as pool,
        ):
            return [r async for r in fetch_documents(fetcher, pool, urls, ordered=True)]

    results = asyncio.run(run())
    assert [r.index for r in results] == list(range(20))
    assert all(r.document is not None for r in results)


UNGUARDED = """
import asyncio, sys
from scraper import CleaningPool, FetchConfig, Fetcher, fetch_documents

async def main(url):
    config = FetchConfig(allow_private=True, obey_robots=False, delay=0)
    async with Fetcher(config) as fetcher, CleaningPool(workers=1) as pool:
        async for result in fetch_documents(fetcher, pool, [url]):
            print("RESULT", result.ok, result.error)

asyncio.run(main(sys.argv[1]))  # no `if __name__ == "__main__":` guard
"""


def test_a_script_without_a_main_guard_runs_and_crawls_once(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    """Workers do not import the user's script (multiprocessing's "spawn" did, and
    every worker started a crawl of its own): an unguarded script just works."""
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
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["RESULT True None"]
    assert len(fetch_server.state.requests("/article/unguarded")) == 1


def test_every_entry_point_has_the_same_documented_time_limit(tmp_path: Path):
    """30 s a page unless told otherwise: clean, fetch, jobs ([extract]) and the library."""
    from scraper.cli import build_parser
    from scraper.jobs.job import Job

    parser = build_parser()
    clean = parser.parse_args(["clean", "in", "--out", "out"])
    fetch = parser.parse_args(["fetch", "http://example.com/", "--out", "out"])
    job = Job.from_toml(write_small_job(tmp_path, ["http://example.com/"]))
    assert ExtractConfig().time_limit == 30
    assert clean.time_limit == fetch.time_limit == job.extract_config.time_limit == 30
    docs = (Path(__file__).parent.parent / "docs" / "formats.md").read_text()
    assert "| `time_limit` | `--time-limit` | 30 | seconds per page |" in docs
