"""Shared set-up for the job tests: a news site and a job file pointing at it."""

from __future__ import annotations

import json
from pathlib import Path

from news_site import NewsSite

from scraper.jobs.job import Job


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


def run(path: Path, **kwargs):
    return Job.from_toml(path).run(sleep=no_sleep, **kwargs)


def saved_documents(out: Path) -> dict[str, int]:
    """How many documents in ``out`` hold each article URL (by the requested URL)."""
    counts: dict[str, int] = {}
    for file in out.glob("*.json"):
        source = json.loads(file.read_text("utf-8"))["source"]
        counts[source] = counts.get(source, 0) + 1
    return counts
