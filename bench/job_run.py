"""One measured run of a job against the test news site (tests/news_site.py).

    .venv/bin/python bench/job_run.py

Serves the site on 127.0.0.1, then runs the job three times: first run, second run
(nothing new), and a run with revalidation (conditional requests). Prints, for each,
the pages saved, the requests the server received (all; robots.txt; feed and sitemaps;
pages), the report's own ``requests`` figure (fetch attempts, robots.txt not counted)
and the wall time. Politeness delay is 0 (one host, the local machine); everything else
is the fetcher's defaults. Figures vary with the machine: they are not asserted anywhere.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jobs_helpers import write_job
from news_site import NewsSite, serve

from scraper.jobs.job import Job

PAGES = ("/article/", "/story/", "/print/", "/private/")
SOURCES = ("/feed.xml", "/sitemap")


def main() -> None:
    with serve(NewsSite()) as site, tempfile.TemporaryDirectory() as tmp:
        job = Job.from_toml(write_job(Path(tmp), site))
        print(
            "| run | saved | not modified | duplicates | requests received | robots.txt"
            " | feed + sitemaps | pages | report `requests` | time |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, revalidate in (("first", False), ("second", False), ("revalidate", True)):
            before = len(site.hits())
            start = time.perf_counter()
            report = job.run(revalidate=revalidate)
            seconds = time.perf_counter() - start
            hits = site.hits()[before:]
            robots = sum(h.path == "/robots.txt" for h in hits)
            sources = sum(h.path.startswith(SOURCES) for h in hits)
            pages = sum(h.path.startswith(PAGES) for h in hits)
            print(
                f"| {label} | {report.new} | {report.not_modified} | {report.duplicates}"
                f" | {len(hits)} | {robots} | {sources} | {pages} | {report.requests}"
                f" | {seconds:.2f} s |"
            )


if __name__ == "__main__":
    main()
