"""Shared set-up for the job tests: a news site and a job file pointing at it."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from news_site import NewsSite

from scraper.jobs.job import Job

ROOT = Path(__file__).resolve().parent.parent


async def no_sleep(seconds: float) -> None:
    """Retries and politeness waits take no time in tests."""


def write_job(tmp_path: Path, site: NewsSite, extra: str = "", fetch: str = "") -> Path:
    path = tmp_path / "job.toml"
    path.write_text(
        f"""\
[job]
name = "test-news"
out = "out"
state = "state/test-news.sqlite"
retry_backoff = 0
{extra}

[[source]]
feed = "{site.url("/feed.xml")}"
[[source]]
sitemap = "{site.url("/sitemap.xml")}"

[fetch]
allow_private = true
delay = 0
backoff = 0
attempts = 3
{fetch}
""",
        encoding="utf-8",
    )
    return path


def write_small_job(tmp_path: Path, urls: list[str], feed: str | None = None) -> Path:
    """A job of a few page URLs (and optionally a feed): runs in a fraction of a second."""
    path = tmp_path / "job.toml"
    listed = ", ".join(f'"{url}"' for url in urls)
    sources = f'[[source]]\nfeed = "{feed}"\n' if feed else ""
    path.write_text(
        f"""\
[job]
name = "small"
out = "out"
retry_backoff = 0

{sources}[[source]]
urls = [{listed}]

[fetch]
allow_private = true
delay = 0
backoff = 0
attempts = 3
""",
        encoding="utf-8",
    )
    return path


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
