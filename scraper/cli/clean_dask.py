"""``scraper clean ... --dask ADDRESS``: the same inputs and outputs, cleaned on a Dask cluster.

Kept apart from ``clean.py`` so that a local run never imports Dask; the library side
is ``scraper.dask``.
"""

from __future__ import annotations

import argparse
import sys

from scraper.cleaning import CleanJob, CleanReport
from scraper.config import ExtractConfig
from scraper.errors import ConfigError
from scraper.learning.folder import LearnOptions
from scraper.progress import Reporter

__all__ = ["run_on_dask"]


def run_on_dask(
    args: argparse.Namespace,
    config: ExtractConfig,
    jobs: list[CleanJob],
    learn: LearnOptions | None,
) -> CleanReport | None:
    """Plan ``jobs`` into tasks and run them on ``args.dask``, progress counted in tasks;
    ``None`` (the line printed) when the output or the scheduler is unusable."""
    from scraper.dask import check_target, connect, prepare, run_tasks
    from scraper.scale.tasks import plan_tasks

    try:
        check_target(args.out, args.format, config)
        tasks = plan_tasks(jobs, args.task_files)
        client = connect(args.dask)
    except ConfigError as exc:
        sys.stderr.write(f"scraper clean: error: {exc}\n")
        return None
    try:
        prepare(client)
    except ConfigError as exc:
        client.close()
        sys.stderr.write(f"scraper clean: error: {exc}\n")
        return None
    passes = 1 if learn is None else 2  # learning cleans every page twice
    try:
        with Reporter(passes * len(tasks), "tasks") as reporter:
            report = run_tasks(
                tasks,
                client=client,
                out=args.out,
                config=config,
                fmt=args.format,
                learn=learn,
                on_message=reporter.line,
                on_progress=reporter.advance,
            )
            many = "s" * (len(tasks) != 1)
            reporter.finish(f"{report.summary()} on {len(tasks)} task{many}")
    finally:
        client.close()
    return report
