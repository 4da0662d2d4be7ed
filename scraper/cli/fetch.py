"""``scraper fetch URL... --out DIR``: fetch pages, clean them, write one document each.

A thin layer: it turns flags into a ``FetchConfig`` (every flag is named after its
field, the same name as the job file's ``[fetch]`` key) and an ``ExtractConfig``
(``--rules``, ``--time-limit``), runs ``fetch_documents`` (a ``Fetcher`` and a
``CleaningPool``) and saves what comes back with ``storage.save``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import MISSING, dataclass, fields, replace
from pathlib import Path
from typing import Any

from scraper.cli.options import add_extract_flags, extract_options
from scraper.config import ExtractConfig, load_rules
from scraper.errors import ConfigError, ContentTypeError, ScraperError, StorageError
from scraper.exitcodes import ExitCode
from scraper.fetch_clean import fetch_documents
from scraper.fetching import FetchConfig, Fetcher, FetchResult
from scraper.formats import FORMATS
from scraper.jobs.folders import check_writable
from scraper.jobs.jobfile import url_problem
from scraper.jobs.oneshot import crawl, source_urls
from scraper.pool import CleaningPool
from scraper.progress import Reporter
from scraper.selection import Selection, Skip
from scraper.storage import file_name, save
from scraper.warc import WarcArchive

__all__ = ["register"]

_HELP = {
    "concurrency": "requests in flight in all (default %(default)s)",
    "per_host": "requests in flight to one host (default %(default)s)",
    "delay": "seconds between two requests to one host (default %(default)s)",
    "timeout": "seconds to connect, and to wait for each read (default %(default)s)",
    "deadline": "seconds for one attempt at a page, first byte to last (default %(default)s)",
    "max_bytes": "size cap of a page, raw and decompressed (default %(default)s)",
    "attempts": "attempts per page, retries included (default %(default)s)",
    "retry_time": "seconds after which a page is not retried again (default %(default)s)",
    "backoff": "first wait between attempts, doubling with jitter (default %(default)s)",
    "max_backoff": "longest wait between attempts, Retry-After included (default %(default)s)",
    "max_redirects": "redirects followed per page (default %(default)s)",
    "user_agent": "User-Agent header (default: scraper/VERSION ...)",
    "obey_robots": "obey robots.txt and its Crawl-delay (default: yes)",
    "allow_private": "allow loopback, private and link-local addresses (default: no)",
    "http2": "offer HTTP/2 to servers that support it (default: yes)",
    "headers": "extra request header 'Name: value' (repeatable); Cookie and Authorization"
    " go only to the first origin",
}


# A crawl with no --max-pages stops here: an unbounded crawl of a news site never ends.
_CRAWL_PAGES = 100


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="fetch pages, clean them, write one document per page",
        description="Fetch each URL politely (robots.txt, per-host limits, retries), clean"
        " it, and write one document per page into DIR (--format; JSON by default), or"
        " JSON Lines to stdout with --out -. Exit status: 0 all fetched (or skipped),"
        " 1 some failed, 2 usage error or storage problem (a full or read-only disk),"
        " 130 interrupted (143 SIGTERM,"
        " 129 SIGHUP).",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    parser.add_argument(
        "--urls", dest="url_file", metavar="FILE", help="one URL a line; - for stdin"
    )
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="output folder, or - for stdout (JSON Lines)"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="json", help="file kind, also on stdout (default json)"
    )
    parser.add_argument("--archive", type=Path, metavar="FILE.warc.gz", help="keep raw responses")
    cleaning = parser.add_argument_group(
        "cleaning settings", "The same as scraper clean's, and a job file's [extract] table."
    )
    cleaning.add_argument(
        "--rules", type=Path, default=None, metavar="FILE", help="TOML file of site rules"
    )
    cleaning.add_argument(
        "--time-limit",
        type=float,
        default=ExtractConfig().time_limit,
        metavar="SECONDS",
        help="seconds to clean one page; past it the page fails (default %(default)s)",
    )
    _add_discovery_flags(parser)
    settings = parser.add_argument_group(
        "fetch settings",
        "Each flag is also a key of a job file's [fetch] table, with - as _"
        " (--per-host 2 is per_host = 2).",
    )
    _add_config_flags(settings)
    add_extract_flags(parser)
    parser.set_defaults(handler=_run)


def _add_discovery_flags(parser: argparse.ArgumentParser) -> None:
    discovery = parser.add_argument_group(
        "discovery", "Pages to fetch found for you; same-site links only, robots.txt obeyed."
    )
    discovery.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="an RSS or Atom feed's pages"
    )
    discovery.add_argument(
        "--sitemap",
        action="append",
        default=[],
        metavar="URL",
        help="a sitemap's pages (indexes followed)",
    )
    discovery.add_argument(
        "--crawl", metavar="URL", help="URL, then the pages it links to, breadth first"
    )
    discovery.add_argument(
        "--max-pages",
        type=int,
        metavar="N",
        help=f"stop after N pages (default: {_CRAWL_PAGES} with --crawl, else no limit)",
    )


def _add_config_flags(group: argparse._ArgumentGroup) -> None:
    defaults = FetchConfig()
    for field in fields(FetchConfig):
        flag = "--" + field.name.replace("_", "-")
        # Every default is None so that only the flags given reach from_mapping.
        options: dict[str, Any] = {"dest": field.name, "default": None}
        shown = str(getattr(defaults, field.name)) if field.default is not MISSING else ""
        options["help"] = _HELP[field.name].replace("%(default)s", shown)
        if field.type == "bool":
            options["action"] = argparse.BooleanOptionalAction
        elif field.name == "headers":
            options.update(action="append", metavar="'NAME: VALUE'")
        else:
            options.update(type={"int": int, "float": float}.get(str(field.type), str))
            options["metavar"] = field.name.upper()
        group.add_argument(flag, **options)


def _config(args: argparse.Namespace) -> FetchConfig:
    given: dict[str, Any] = {}
    for field in fields(FetchConfig):
        value = getattr(args, field.name)
        if value is None:
            continue
        if field.name == "headers":
            pairs = [h.split(":", 1) for h in value]
            if any(len(p) != 2 or not p[0].strip() for p in pairs):
                raise ConfigError("--headers takes 'Name: value'")
            value = {name.strip(): v.strip() for name, v in pairs}
        given[field.name] = value
    return FetchConfig.from_mapping(given, where="scraper fetch")


def _read_urls(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    if args.url_file:
        try:
            if args.url_file == "-":
                text = sys.stdin.read()
            else:
                text = Path(args.url_file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{args.url_file}: cannot read URL list: {exc}") from exc
        urls += [line.strip() for line in text.splitlines()]
    urls = [u for u in urls if u and not u.startswith("#")]
    sources = [*args.feed, *args.sitemap, *([args.crawl] if args.crawl else [])]
    if not urls and not sources:
        raise ConfigError("no URLs given (pass URL..., --urls FILE, --feed, --sitemap or --crawl)")
    if args.crawl and (urls or args.feed or args.sitemap):
        raise ConfigError("--crawl starts from one URL: give no other URLs, feeds or sitemaps")
    if args.max_pages is not None and args.max_pages < 1:
        raise ConfigError("--max-pages must be at least 1")
    for url in [*urls, *sources]:
        if "://" not in url and url_problem("https://" + url) is None:
            raise ConfigError(f"{url}: no scheme; did you mean https://{url} ?")
    for url in sources:  # (a bad page URL fails that page only, and the rest go on)
        if problem := url_problem(url):
            raise ConfigError(f"{url}: not a URL to fetch ({problem})")
    return list(dict.fromkeys(urls))  # the same URL twice is fetched once


@dataclass
class _Tally:
    counts: Counter[str]
    started: float
    selection: Selection

    def summary(self, interrupted: bool = False, stopped: bool = False) -> str:
        c = self.counts
        skipped = c["robots"] + c["content type"] + c[Skip.LANGUAGE] + c[Skip.DUPLICATE]
        head = "fetch interrupted" if interrupted else "fetch stopped" if stopped else "fetch"
        chosen = "".join(f", {c[why]} {why}" for why in Skip if c[why])
        return (
            f"{head}: {c['fetched']} fetched, {c['not modified']} not modified,"
            f" {skipped} skipped ({c['robots']} robots, {c['content type']} content type"
            f"{chosen}),"
            f" {c['failed']} failed, {c['retries']} retries,"
            f" {time.monotonic() - self.started:.1f} s"
        )


def _handle(
    result: FetchResult, args: argparse.Namespace, tally: _Tally, reporter: Reporter
) -> None:
    tally.counts["retries"] += max(0, result.attempts - 1)
    error: ScraperError | None = result.error
    skip = tally.selection.reason(result.document) if result.document is not None else None
    if skip is not None:
        tally.counts[skip[0]] += 1
        reporter.line(f"skipped: {skip[1]}")
    elif error is None and result.document is not None:
        out = sys.stdout if args.out == "-" else Path(args.out)
        try:
            save(result.document, out, file_name(result.url, suffix=""), args.format)
        except ScraperError as exc:
            error = exc
    if isinstance(error, StorageError) and error.stops:  # the output or archive disk
        raise error
    if skip is not None:
        pass
    elif error is None:
        tally.counts["not modified" if result.not_modified else "fetched"] += 1
    elif result.skipped:
        tally.counts["content type" if isinstance(error, ContentTypeError) else "robots"] += 1
        reporter.line(f"skipped: {error}")
    else:
        tally.counts["failed"] += 1
        reporter.line(f"error: {error}")
    reporter.advance()


async def _fetch_all(
    urls: list[str],
    config: FetchConfig,
    extract: ExtractConfig,
    args: argparse.Namespace,
    tally: _Tally,
    rep: Reporter,
) -> None:
    archive = WarcArchive(args.archive) if args.archive else None
    try:
        async with Fetcher(config, archive=archive) as fetcher, CleaningPool(extract) as pool:
            async for result in _results(fetcher, pool, urls, args, tally, rep):
                _handle(result, args, tally, rep)
    finally:
        if archive is not None:
            archive.close()


async def _results(
    fetcher: Fetcher,
    pool: CleaningPool,
    urls: list[str],
    args: argparse.Namespace,
    tally: _Tally,
    rep: Reporter,
) -> AsyncIterator[FetchResult]:
    """The pages given, then those of the feeds and sitemaps, or those of a crawl."""
    if args.crawl:
        async for result in crawl(fetcher, pool, args.crawl, args.max_pages or _CRAWL_PAGES):
            yield result
        return
    if args.feed or args.sitemap:
        found = await source_urls(fetcher, args.feed, args.sitemap)
        for error in found.errors:
            rep.line(f"error: {error}")
        tally.counts["failed"] += len(found.errors)
        urls = list(dict.fromkeys(urls + [d.url for d in found.found]))
    async for result in fetch_documents(fetcher, pool, urls[: args.max_pages]):
        yield result


def _run(args: argparse.Namespace) -> ExitCode:
    try:
        config = _config(args)
        if args.time_limit is not None and args.time_limit <= 0:
            raise ConfigError("--time-limit must be positive")
        extract = replace(
            ExtractConfig.from_mapping(extract_options(args), where="scraper fetch"),
            time_limit=args.time_limit,
            rules=load_rules(args.rules),
        )
        urls = _read_urls(args)
        if args.out != "-":
            check_writable(Path(args.out), "the output folder (--out)")
        if args.archive is not None:
            check_writable(args.archive.parent, "the archive's folder")
    except (ConfigError, StorageError) as exc:
        sys.stderr.write(f"scraper fetch: {exc}\n")
        return ExitCode.USAGE
    tally = _Tally(Counter(), time.monotonic(), Selection(extract))
    known = None if args.crawl or args.feed or args.sitemap else len(urls)
    with Reporter(known, "fetch") as reporter:
        try:
            asyncio.run(_fetch_all(urls, config, extract, args, tally, reporter))
        except KeyboardInterrupt:
            reporter.finish(tally.summary(interrupted=True))
            return ExitCode.INTERRUPTED
        except StorageError as exc:  # the archive or output folder cannot be written
            reporter.line(f"scraper fetch: error: {exc}; run stopped")
            reporter.finish(tally.summary(stopped=True))
            return ExitCode.USAGE
        except ScraperError as exc:
            reporter.line(f"error: {exc}")
            tally.counts["failed"] += 1
        reporter.finish(tally.summary())
    return ExitCode.SOME_FAILED if tally.counts["failed"] else ExitCode.OK
