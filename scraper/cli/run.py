"""``scraper run JOB.toml`` and ``scraper status JOB.toml``: thin wrappers over ``Job``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console

from scraper.credentials import redact
from scraper.errors import ConfigError, JobError, JobLockedError, ScraperError
from scraper.exitcodes import ExitCode
from scraper.jobs.job import Job
from scraper.progress import Reporter

__all__ = ["register"]


def register(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run",
        help="run a scheduled job once: discover, fetch what is new, save, report",
        description="Run the job described by JOB.toml once. Exit status: 0 all good,"
        " 1 some pages failed, 2 job file, state or storage error, 75 already running,"
        " 130 interrupted (143 SIGTERM, 129 SIGHUP).",
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
    status = subparsers.add_parser(
        "status",
        help="show a job's state: counts, runs, failures",
        description="Show the state of the job described by JOB.toml, without running it:"
        " its URLs by status, its last runs, and the URLs that keep failing with their"
        " last error. Tables on a terminal, plain lines otherwise, JSON with --json."
        " Exit status: 0 shown, 2 job file or state error.",
    )
    status.add_argument("job", metavar="JOB.toml", help="the job file")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=_status)


def _fail(message: str, code: ExitCode) -> ExitCode:
    sys.stderr.write(f"scraper: {redact(message)}\n")
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
    except (ConfigError, JobError, ScraperError) as exc:  # ScraperError: a storage problem
        return _fail(str(exc), ExitCode.USAGE)
    if args.json:
        print(json.dumps(status.to_dict(), indent=2, ensure_ascii=False))
    elif sys.stdout.isatty():
        Console(highlight=False).print(*status.tables())
    else:
        print("\n".join(status.lines()))
    return ExitCode.OK
