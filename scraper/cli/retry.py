"""``scraper retry JOB.toml [URL...] [--failed]``: a thin wrapper over ``Job.retry``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scraper.credentials import redact
from scraper.errors import ConfigError, JobError, JobLockedError, ScraperError
from scraper.exitcodes import ExitCode
from scraper.jobs.job import Job

__all__ = ["register"]


def register(subparsers: Any) -> None:
    retry = subparsers.add_parser(
        "retry",
        help="re-queue failed pages of a job: the next run fetches them",
        description="Re-queue pages of the job described by JOB.toml, whatever their"
        " retry schedule: the URLs given, and with --failed every page that failed or"
        " waits for a retry. Exit status: 0 done, 1 some URLs are not in the job's state,"
        " 2 job file or state error, 75 the job is running.",
    )
    retry.add_argument("job", metavar="JOB.toml", help="the job file")
    retry.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch on the next run")
    retry.add_argument(
        "--failed", action="store_true", help="re-queue every page that failed or waits to retry"
    )
    retry.set_defaults(handler=_retry)


def _fail(message: str, code: ExitCode) -> ExitCode:
    sys.stderr.write(f"scraper: {message}\n")
    return code


def _retry(args: argparse.Namespace) -> ExitCode:
    if not args.urls and not args.failed:
        return _fail("retry: name the URLs to re-queue, or give --failed", ExitCode.USAGE)
    try:
        job = Job.from_toml(args.job)
        result = job.retry(args.urls, failed=args.failed)
    except ConfigError as exc:
        return _fail(str(exc), ExitCode.USAGE)
    except JobLockedError as exc:
        return _fail(str(exc), ExitCode.LOCKED)
    except (JobError, ScraperError) as exc:
        return _fail(str(exc), ExitCode.USAGE)
    for url in result.saved:
        sys.stderr.write(f"{redact(url)}: already saved (`scraper run --revalidate` checks it)\n")
    for url in result.unknown:
        sys.stderr.write(f"{redact(url)}: not a page of job {job.name!r}\n")
    count = len(result.requeued)
    print(f"{job.name}: {count} page{'s' * (count != 1)} re-queued; the next run fetches them")
    return ExitCode.SOME_FAILED if result.unknown else ExitCode.OK
