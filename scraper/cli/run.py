"""``scraper run JOB.toml`` and ``scraper status JOB.toml``: thin wrappers over ``Job``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from scraper.errors import ConfigError, JobError, JobLockedError, ScraperError
from scraper.exitcodes import ExitCode
from scraper.jobs.job import Job, JobStatus
from scraper.progress import Reporter

__all__ = ["register"]


def register(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run",
        help="run a scheduled job once: discover, fetch what is new, save, report",
        description="Run the job described by JOB.toml once. Exit status: 0 all good,"
        " 1 some pages failed, 2 job file or state error, 75 already running,"
        " 130 interrupted.",
    )
    run.add_argument("job", metavar="JOB.toml", help="the job file")
    run.add_argument("--check", action="store_true", help="only validate the job file")
    run.add_argument(
        "--revalidate",
        action="store_true",
        default=None,
        help="revalidate saved pages with conditional requests (overrides the job file)",
    )
    run.set_defaults(handler=_run)
    status = subparsers.add_parser("status", help="show a job's state: counts, runs, failures")
    status.add_argument("job", metavar="JOB.toml", help="the job file")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=_status)


def _fail(message: str, code: ExitCode) -> ExitCode:
    sys.stderr.write(f"scraper: {message}\n")
    return code


def _run(args: argparse.Namespace) -> ExitCode:
    try:
        job = Job.from_toml(args.job)
    except ConfigError as exc:
        return _fail(str(exc), ExitCode.USAGE)
    if args.check:
        count = len(job.spec.sources)
        print(f"{args.job}: ok (job {job.name!r}, {count} source{'s' * (count != 1)})")
        return ExitCode.OK
    try:
        with Reporter(None, job.name) as reporter:
            report = job.run(revalidate=args.revalidate, reporter=reporter)
            if sys.stderr.isatty():
                reporter.finish("")
                Console(file=sys.stderr).print(report.table())
            else:
                reporter.finish(report.summary())
    except JobLockedError as exc:
        return _fail(str(exc), ExitCode.LOCKED)
    except (JobError, ScraperError) as exc:
        return _fail(str(exc), ExitCode.USAGE)
    return report.exit_code


def _status(args: argparse.Namespace) -> ExitCode:
    try:
        status = Job.from_toml(args.job).status()
    except (ConfigError, JobError) as exc:
        return _fail(str(exc), ExitCode.USAGE)
    if args.json:
        print(json.dumps(_status_dict(status), indent=2, ensure_ascii=False))
    else:
        Console(highlight=False, soft_wrap=True).print(*_status_tables(status))
    return ExitCode.OK


def _status_dict(status: JobStatus) -> dict[str, Any]:
    return {
        "job": status.job,
        "state": str(status.state),
        "counts": status.counts,
        "runs": [
            {
                "id": r.id,
                "started_at": r.started_at,
                "finished_at": r.finished_at,
                "outcome": r.outcome,
                **r.counts,
            }
            for r in status.runs
        ],
        "failing": [
            {"url": u.url, "status": u.status, "attempts": u.attempts, "error": u.last_error}
            for u in status.failing
        ],
    }


def _status_tables(status: JobStatus) -> list[Table]:
    counts = Table(title=f"{status.job}: URLs by status ({status.state})")
    counts.add_column("status")
    counts.add_column("URLs", justify="right")
    for name, number in status.counts.items():
        counts.add_row(name, str(number))
    counts.add_row("total", str(sum(status.counts.values())))
    runs = Table(title="last runs")
    for column in ("run", "started", "outcome", "new", "not modified", "duplicates", "failed"):
        runs.add_column(column)
    for r in status.runs:
        c = r.counts
        runs.add_row(
            str(r.id),
            r.started_at,
            r.outcome,
            str(c["new"]),
            str(c["not_modified"]),
            str(c["duplicates"]),
            str(c["failed"]),
        )
    failing = Table(title="URLs that keep failing")
    for column in ("URL", "status", "attempts", "last error"):
        failing.add_column(column)
    for u in status.failing:
        failing.add_row(u.url, u.status, str(u.attempts), u.last_error or "")
    return [counts, runs, failing]
