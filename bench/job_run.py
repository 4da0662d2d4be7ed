"""One measured run of a job against the test news site (tests/news_site.py).

    .venv/bin/python bench/job_run.py

Serves the site on 127.0.0.1, then runs the job three times: first run, second run
(nothing new), and a run with revalidation (conditional requests). Prints, for each,
the pages saved, the requests the server received (all, and article pages only) and
the wall time. Politeness delay is 0 (one host, the local machine); everything else is
the fetcher's defaults. Figures vary with the machine: they are not asserted anywhere.
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


def main() -> None:
    with serve(NewsSite()) as site, tempfile.TemporaryDirectory() as tmp:
        job = Job.from_toml(write_job(Path(tmp), site))
        print(
            "| run | saved | not modified | duplicates | requests (all) | article requests | time |"
        )
        print("|---|---|---|---|---|---|---|")
        for label, revalidate in (("first", False), ("second", False), ("revalidate", True)):
            before_all, before_pages = len(site.hits()), len(site.hits("/article/"))
            start = time.perf_counter()
            report = job.run(revalidate=revalidate)
            seconds = time.perf_counter() - start
            print(
                f"| {label} | {report.new} | {report.not_modified} | {report.duplicates}"
                f" | {len(site.hits()) - before_all} | {len(site.hits('/article/')) - before_pages}"
                f" | {seconds:.2f} s |"
            )


if __name__ == "__main__":
    main()
