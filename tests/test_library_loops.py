"""The library where users call it: a script's top level, a running event loop
(a notebook cell, an ``async def``), and a script that mixes both with a ``Fetcher``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from fetch_helpers import config
from fetch_server import FetchServer

import scraper
from scraper.errors import ExtractionError


def test_fetch_works_inside_a_running_event_loop(fetch_server: FetchServer) -> None:
    url = fetch_server.url("/article/in-a-loop")

    async def cell() -> scraper.Document:
        asyncio.get_running_loop()  # as in Jupyter: a loop is running in this thread
        return scraper.fetch(url, config(obey_robots=False))

    doc = asyncio.run(cell())
    assert doc.title == "Article in-a-loop"
    assert doc.url == url


def test_afetch_is_awaitable_and_gives_what_fetch_gives(fetch_server: FetchServer) -> None:
    url = fetch_server.url("/article/awaited")
    settings = config(obey_robots=False)

    async def cell() -> scraper.Document:
        return await scraper.afetch(url, settings)

    awaited = asyncio.run(cell())
    blocking = scraper.fetch(url, settings)
    assert awaited.title == "Article awaited"
    assert awaited.text == blocking.text


MIXED = """
import asyncio, sys
import scraper
from scraper import CleaningPool, FetchConfig, Fetcher, fetch_documents

config = FetchConfig(allow_private=True, obey_robots=False, delay=0)
doc = scraper.fetch(sys.argv[1], config)  # top level, no guard
print("TOP", doc.title)

async def main(urls):
    async with Fetcher(config) as fetcher, CleaningPool() as pool:  # cleaning processes
        async for result in fetch_documents(fetcher, pool, urls):
            print("MANY", result.ok, result.error)

if __name__ == "__main__":
    asyncio.run(main(sys.argv[2:]))
"""


def test_a_script_with_top_level_fetch_and_a_guarded_fetcher_runs(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    """The cleaning processes import the script again, top-level fetch and all: that
    import must succeed (it used to fail every page, blaming the Fetcher)."""
    script = tmp_path / "mixed.py"
    script.write_text(MIXED)
    top = fetch_server.url("/article/mixed-top")
    urls = [fetch_server.url(f"/article/mixed-{n}") for n in range(3)]
    done = subprocess.run(
        [sys.executable, str(script), top, *urls],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "TOP Article mixed-top"
    assert sorted(line for line in lines if line.startswith("MANY")) == ["MANY True None"] * 3


NOTEBOOK = """
import asyncio, sys
import scraper
from scraper import CleaningPool, FetchConfig, Fetcher, fetch_documents

config = FetchConfig(allow_private=True, obey_robots=False, delay=0)

async def cell():  # what a notebook runs: code with no file, inside a running loop
    print("FETCH", scraper.fetch(sys.argv[1], config).title)
    print("AFETCH", (await scraper.afetch(sys.argv[1], config)).title)
    async with Fetcher(config) as fetcher, CleaningPool() as pool:
        async for result in fetch_documents(fetcher, pool, sys.argv[2:]):
            print("MANY", result.ok, result.error)

asyncio.run(cell())
"""


def test_a_notebook_cell_runs_fetch_afetch_and_a_fetcher(fetch_server: FetchServer) -> None:
    """Code given with ``-c`` has no file, as a notebook's has none: the cleaning
    processes have no script to import, and no guard is needed."""
    first = fetch_server.url("/article/cell")
    urls = [fetch_server.url(f"/article/cell-{n}") for n in range(2)]
    done = subprocess.run(
        [sys.executable, "-c", NOTEBOOK, first, *urls],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["FETCH Article cell", "AFETCH Article cell"]
    assert lines[2:] == ["MANY True None"] * 2


def test_cleaning_processes_that_cannot_start_are_named_as_the_cause(
    fetch_server: FetchServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Where the library needs processes and cannot have them, the error says so (not
    a message that blames the Fetcher or the page): a Python that is not there, then
    one that dies as it starts, its own words left on stderr."""
    url = fetch_server.url("/article/no-processes")
    settings = config(obey_robots=False)
    missing = tmp_path / "no-such-python"
    monkeypatch.setattr(sys, "executable", str(missing))
    with pytest.raises(ExtractionError) as lost:
        scraper.fetch(url, settings)
    assert str(lost.value).startswith(f"{url}: cannot start a cleaning process: ")
    assert str(missing) in str(lost.value)
    dying = tmp_path / "dying-python"
    dying.write_text("#!/bin/sh\necho 'dying-python: no module named scraper' >&2\nexit 3\n")
    dying.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(dying))
    with pytest.raises(ExtractionError) as died:
        scraper.fetch(url, settings)
    assert str(died.value) == (
        f"{url}: cleaning processes die as they start (their error output, above, says"
        " why); the last one's exit code: 3"
    )
    assert "dying-python: no module named scraper" in capfd.readouterr().err
