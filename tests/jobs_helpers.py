"""Shared set-up for the job tests: a news site and a job file pointing at it."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from news_site import NewsSite

from scraper.jobs.job import Job
from scraper.jobs.migrations import APPLICATION_ID, MIGRATIONS

ROOT = Path(__file__).resolve().parent.parent


async def no_sleep(seconds: float) -> None:
    """Retries and politeness waits take no time in tests."""


# Every test job fetches from 127.0.0.1 at once: no politeness delay, no retry waits.
_FETCH = """\
[fetch]
allow_private = true
delay = 0
backoff = 0
attempts = 3
"""


def _write_job_file(tmp_path: Path, name: str, job: str, sources: str, fetch: str = "") -> Path:
    """``job.toml`` in ``tmp_path``: the job ``name`` (saving to ``out``), more keys of
    its ``[job]`` table, its ``[[source]]`` tables and more ``[fetch]`` keys."""
    path = tmp_path / "job.toml"
    head = f'[job]\nname = "{name}"\nout = "out"\nretry_backoff = 0\n{job}\n'
    path.write_text(f"{head}\n{sources}\n{_FETCH}{fetch}\n", encoding="utf-8")
    return path


def write_job(
    tmp_path: Path,
    site: NewsSite,
    extra: str = "",
    fetch: str = "",
    *,
    name: str = "test-news",
    state: str = "state/test-news.sqlite",
    sitemap: bool = True,
) -> Path:
    """A job of ``site``'s feed (and, with ``sitemap``, its sitemap)."""
    sources = f'[[source]]\nfeed = "{site.url("/feed.xml")}"\n'
    if sitemap:
        sources += f'[[source]]\nsitemap = "{site.url("/sitemap.xml")}"\n'
    return _write_job_file(tmp_path, name, f'state = "{state}"\n{extra}', sources, fetch)


def write_small_job(tmp_path: Path, urls: list[str], feed: str | None = None) -> Path:
    """A job of a few page URLs (and optionally a feed): runs in a fraction of a second."""
    listed = ", ".join(f'"{url}"' for url in urls)
    sources = f'[[source]]\nfeed = "{feed}"\n' if feed else ""
    sources += f"[[source]]\nurls = [{listed}]\n"
    return _write_job_file(tmp_path, "small", "", sources)


def old_state(path: Path, version: int) -> None:
    """A job state as scraper wrote it at schema ``version``, with one saved URL."""
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO urls (url, status, first_seen, last_seen)"
        " VALUES ('http://a.org/', 'saved', 'x', 'x')"
    )
    db.commit()
    db.close()


def run(path: Path, **kwargs):
    return Job.from_toml(path).run(sleep=no_sleep, **kwargs)


def saved_documents(out: Path) -> dict[str, int]:
    """How many documents in ``out`` hold each article URL (by the requested URL)."""
    counts: dict[str, int] = {}
    for file in out.glob("*.json"):
        source = json.loads(file.read_text("utf-8"))["source"]
        counts[source] = counts.get(source, 0) + 1
    return counts


def scraper_command(*args: str) -> list[str]:
    """The real command line, run as a child process (``python -m scraper``)."""
    return [sys.executable, "-m", "scraper", *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(ROOT)]))
    return env


def wait_for(condition, limit: float = 60.0) -> bool:
    """Poll ``condition`` until true or ``limit`` seconds pass; no test can hang here."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False
