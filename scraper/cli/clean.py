"""``scraper clean INPUT... --out DIR``: saved pages and scraped text in, clean documents out."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from scraper.cleaning import CleanJob, CleanReport, plan_inputs, run_clean
from scraper.cli.clean_dask import run_on_dask
from scraper.cli.options import add_extract_flags, extract_options
from scraper.config import ExtractConfig, load_rules
from scraper.errors import ConfigError, StorageError
from scraper.exitcodes import ExitCode
from scraper.formats import FORMATS
from scraper.jobs.folders import check_writable
from scraper.learning.folder import LearnOptions
from scraper.learning.rulesfile import render_rules
from scraper.progress import Reporter
from scraper.scale.output import SHARD_FORMATS
from scraper.scale.shards import clean_to_shards
from scraper.scale.tasks import DEFAULT_FILES_PER_TASK
from scraper.storage import atomic_write

__all__ = ["register"]


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "clean",
        help="clean saved pages (.html, .htm, .xhtml, .txt, .gz, .warc) into documents",
        description=(
            "Clean saved pages (.html, .htm, .xhtml, gzipped or not, .txt, .warc) into one "
            "document each, written to DIR under its path relative to the folder given. "
            "Exit status: 0 all cleaned, 1 some failed, 2 usage error or storage problem"
            " (a full or read-only disk), 130 interrupted"
            " (143 SIGTERM, 129 SIGHUP)."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for stdin")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="output folder, or - for stdout (JSON Lines)"
    )
    parser.add_argument(
        "--format",
        choices=list(dict.fromkeys((*FORMATS, *SHARD_FORMATS))),
        default="json",
        help="file kind, also on stdout (default json); to a folder, jsonl and parquet"
        " write one shard per task of --task-files inputs (part-00000.jsonl, ...)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="processes (default: all cores)"
    )
    parser.add_argument(
        "--rules", type=Path, default=None, metavar="FILE", help="TOML file of site rules"
    )
    _add_learning_flags(parser)
    _add_limit_flags(parser)
    _add_dask_flags(parser)
    add_extract_flags(parser)
    parser.set_defaults(handler=run)


def _add_learning_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--learn",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write the chrome learned per site to FILE, as [[site]] rules for --rules",
    )
    parser.add_argument(
        "--no-learn",
        action="store_true",
        help="clean each page on its own: learn no site's chrome from its other pages",
    )
    parser.add_argument(
        "--site",
        default=None,
        metavar="NAME",
        help="the site of pages that name no URL (default: the folder they are in)",
    )


def _add_limit_flags(parser: argparse.ArgumentParser) -> None:
    defaults = ExtractConfig()
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=defaults.max_bytes,
        help=f"size cap of a page, raw and decompressed (default {defaults.max_bytes})",
    )
    parser.add_argument(
        "--max-depth",
        type=int,
        default=defaults.max_depth,
        help=f"deepest element nesting cleaned (default {defaults.max_depth})",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=defaults.time_limit,
        help=f"seconds per page (default {defaults.time_limit:g})",
    )


def _add_dask_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="clean on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786);"
        " the workers write to --out, a folder they share or an fsspec URL",
    )
    parser.add_argument(
        "--task-files",
        type=int,
        default=DEFAULT_FILES_PER_TASK,
        metavar="N",
        help="inputs per task (a --dask task, a jsonl or parquet shard); a WARC file is"
        f" one (default {DEFAULT_FILES_PER_TASK})",
    )


def run(args: argparse.Namespace) -> ExitCode:
    try:
        if args.jobs is not None and args.jobs < 1:
            raise ConfigError("--jobs must be at least 1")
        if args.learn is not None and args.no_learn:
            raise ConfigError("--learn and --no-learn exclude each other")
        options = ExtractConfig.from_mapping(extract_options(args), where="scraper clean")
        config = replace(
            options,
            max_bytes=args.max_bytes,
            max_depth=args.max_depth,
            time_limit=args.time_limit,
            rules=load_rules(args.rules),
            site=args.site,
        )
        if args.format == "parquet" and args.out == "-":
            raise ConfigError("--format parquet writes shards to a folder: not with --out -")
        if args.task_files < 1:
            raise ConfigError("--task-files must be at least 1")
        stdin = sys.stdin.buffer.read() if "-" in args.inputs else None
        skipped: list[str] = []
        jobs = plan_inputs(args.inputs, stdin, on_skip=skipped.append)
        out = None if args.out == "-" or args.dask is not None else Path(args.out)
        if out is not None:  # a file in the way or a read-only folder: said once, at once
            check_writable(out, "the output folder (--out)")
    except (ConfigError, StorageError) as exc:
        sys.stderr.write(f"scraper clean: error: {exc}\n")
        return ExitCode.USAGE
    learn = None if args.no_learn else LearnOptions(site=args.site)
    if args.dask is not None:  # the workers write: --out may be a URL the client cannot see
        for line in skipped:
            sys.stderr.write(line + "\n")
        on_dask = run_on_dask(args, config, jobs, learn)
        if on_dask is None:
            return ExitCode.USAGE
        report = on_dask
    else:
        report = _run_here(args, config, jobs, out, learn, skipped)
    if report.interrupted:
        return ExitCode.INTERRUPTED
    if report.stopped is not None:
        return ExitCode.USAGE
    if args.learn is not None:
        try:
            atomic_write(args.learn, render_rules(report.learned, source=" ".join(args.inputs)))
        except StorageError as exc:
            sys.stderr.write(f"scraper clean: error: {exc}\n")
            return ExitCode.USAGE
    return ExitCode.SOME_FAILED if report.failed else ExitCode.OK


def _run_here(
    args: argparse.Namespace,
    config: ExtractConfig,
    jobs: list[CleanJob],
    out: Path | None,
    learn: LearnOptions | None,
    skipped: list[str],
) -> CleanReport:
    """The run on this machine: files or shards in ``out``, or JSON Lines on stdout."""
    with Reporter(len(jobs), "cleaning") as reporter:
        for line in skipped:
            reporter.line(line)
        if out is not None and args.format in SHARD_FORMATS:  # shards, as with --dask
            report = clean_to_shards(
                jobs,
                str(out),
                config=config,
                fmt=args.format,
                files_per_task=args.task_files,
                processes=args.jobs,
                on_message=reporter.line,
                on_progress=reporter.advance,
                learn=learn,
            )
        else:
            report = run_clean(
                jobs,
                config=config,
                out=out,
                fmt=args.format,
                processes=args.jobs,
                on_message=reporter.line,
                on_progress=reporter.advance,
                learn=learn,
            )
        if report.stopped is not None:
            reporter.line(f"scraper clean: error: {report.stopped}; run stopped")
        reporter.finish(report.summary())
    return report
