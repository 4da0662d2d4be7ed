"""Extraction quality and speed on every eval set: scraper beside its peers, in one run.

    .venv/bin/python bench/quality.py [--sets wcxb,fundus] [--part all|tune|check]
        [--only scraper,trafilatura] [--limit N] [--json OUT] [--cache DIR] [--timing N]

The sets are those under ../shared/eval (WCXB dev, fundus-dev), loaded through
``bench/evalsets.py`` with its metric and its fixed check split. Extractors: scraper
(plus ``scraper-precision`` once ``ExtractConfig.favor`` exists), trafilatura's default
``extract``, readability-lxml and resiliparse; each runs on one set in a fresh process of
its own, one after the other, timing the extraction call only.

Printed per set and per part (all, tune, check): precision, recall and F1 overall and
per page type (WCXB) or language group (fundus), the share of pages leaking a WCXB
``without`` snippet, median milliseconds per page, peak memory (the extractor process's
resident set), title/author/date accuracy beside trafilatura's ``extract_metadata``, and,
once ``Document.quality`` exists, how well its score ranks pages by F1. Then the tune
pages where scraper falls furthest below the best peer, and the issue's "done when".

``--cache DIR`` keeps the peers' outputs per page (keyed by their package version), so a
run while tuning scraper only runs scraper; the times and memory shown for cached peers
are those of the run that filled the cache. The speed criterion of "done when" is never
read from those: ``--timing N`` (default 60; 0: off) times scraper and trafilatura
uncached on N pages of each set, in one fresh process, interleaved page by page
(``bench/timing.py``), whatever the cache holds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import evalsets  # noqa: E402
import report  # noqa: E402
from extractors import EXTRACTORS, Job, JobResult, PageRun, favor_field, run_extractor  # noqa: E402
from timing import Timing, sample, time_interleaved  # noqa: E402


def installed(name: str) -> bool:
    try:
        version(EXTRACTORS[name].package)
    except PackageNotFoundError:
        return False
    return True


def chosen_extractors(only: str | None) -> tuple[list[str], list[str]]:
    """The extractors to run, and the peers to show from the cache only (those that
    ``--only`` leaves out: a cached peer costs nothing to show)."""
    names = list(EXTRACTORS)
    if favor_field() is None:  # the lead's favor preference has not landed yet
        names.remove("scraper-precision")
    for name in list(names):
        if not installed(name):
            print(f"note: {name} is not installed (pip install -e '.[bench]'); skipped")
            names.remove(name)
    if not only:
        return names, []
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = sorted(set(wanted) - set(EXTRACTORS))
    if unknown:
        raise SystemExit(f"bench/quality.py: unknown extractor {unknown[0]!r} (--only)")
    return [n for n in names if n in wanted], [
        n for n in names if n not in wanted and EXTRACTORS[n].peer
    ]


class Cache:
    """Peers' page outputs as one JSON file per extractor version and set."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str, set_name: str) -> Path:
        spec = EXTRACTORS[name]
        return self.root / f"{name}-{version(spec.package)}-r{spec.recipe}" / f"{set_name}.json"

    def load(self, name: str, set_name: str) -> tuple[dict[str, PageRun], float | None]:
        path = self._path(name, set_name)
        if not path.is_file():
            return {}, None
        try:
            data = json.loads(path.read_text("utf-8"))
            runs = {k: PageRun.from_json(v) for k, v in data["pages"].items()}
        except (ValueError, KeyError, TypeError) as exc:
            print(f"note: {path}: unreadable cache ({exc}); running {name} again")
            return {}, None
        return runs, data.get("peak_mib")

    def store(self, name: str, set_name: str, runs: dict[str, PageRun], peak: float | None) -> None:
        path = self._path(name, set_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"peak_mib": peak, "pages": {k: runs[k].to_json() for k in sorted(runs)}}
        # Temp file then rename: an interrupted run never leaves half a cache behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, path)


def run_in_child(name: str, pages: list[evalsets.EvalPage]) -> JobResult:
    job = Job(name, tuple((p.id, p.url, p.html_path) for p in pages))
    # A fresh process per extractor and set: its imports, caches and peak memory are its own.
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(run_extractor, (job,))


def run_timing(pages: list[evalsets.EvalPage], count: int) -> Timing:
    """The uncached interleaved sample, in a fresh process like every extractor run."""
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(time_interleaved, (sample(pages, count),))


def run_set(
    set_name: str,
    pages: list[evalsets.EvalPage],
    names: list[str],
    cache: Cache | None,
    cache_only: Sequence[str] = (),
    timing: int = 0,
) -> report.SetRun:
    runs: dict[str, dict[str, PageRun]] = {}
    peaks: dict[str, float | None] = {}
    cached: set[str] = set()
    for name in [n for n in EXTRACTORS if n in names or n in cache_only]:
        use_cache = cache is not None and EXTRACTORS[name].peer
        have, peak = cache.load(name, set_name) if cache and use_cache else ({}, None)
        todo = [p for p in pages if p.id not in have]
        if name in cache_only and todo:
            continue  # not asked for, and not all of its pages are cached
        if len(todo) < len(pages):
            cached.add(name)
        if todo:
            start = time.perf_counter()
            result = run_in_child(name, todo)
            took = time.perf_counter() - start
            print(f"  {set_name}: {name} on {len(todo)} pages, {took:.0f} s", file=sys.stderr)
            have = {**have, **result.runs}
            peak = max(peak or 0.0, result.peak_mib)
            if cache and use_cache:
                cache.store(name, set_name, have, peak)
        runs[name] = {p.id: have[p.id] for p in pages}
        peaks[name] = peak
    timed = None
    if timing > 0 and "scraper" in names and installed("trafilatura"):
        start = time.perf_counter()
        timed = run_timing(pages, timing)
        took = time.perf_counter() - start
        print(
            f"  {set_name}: uncached timing on {timed.pages} pages, {took:.0f} s", file=sys.stderr
        )
    return report.SetRun(set_name, pages, runs, peaks, frozenset(cached), timing=timed)


def print_set(s: report.SetRun, parts: list[str]) -> None:
    title = report.SET_NAMES[s.name]
    for part in parts:
        pages = s.part(part)
        sites = len({p.site for p in pages})
        print(f"\n### {title}, {part} part: {len(pages)} pages, {sites} sites\n")
        if not pages:
            continue
        print(report.quality_table(s, part))
        for table in (report.metadata_table(s, part), report.ranking_table(s, part)):
            if table:
                print()
                print(table)
    if parts != ["check"]:
        worst = report.worst_pages(s)
        if worst:
            print(f"\n{title}: the {report.WORST} tune pages where scraper falls furthest below")
            print("the best peer (check pages are never listed)\n")
            print(worst)


def print_done(runs: list[report.SetRun], parts: list[str]) -> None:
    print("\n### Done when (issue 8)\n")
    for s in runs:
        for part in parts:
            lines = report.done_when(s, part)
            if lines:
                print(f"{report.SET_NAMES[s.name]}, {part} part:")
                for line in lines:
                    print(f"  {line}")


def load_earlier(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"bench/quality.py: {path}: cannot read it ({exc})") from None
    if not isinstance(data, dict):
        raise SystemExit(f"bench/quality.py: {path}: not a --json file of this bench")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sets", default=",".join(evalsets.SETS), help="wcxb,fundus (default both)"
    )
    parser.add_argument(
        "--part", choices=("all", "tune", "check"), help="one part (default: all three)"
    )
    parser.add_argument("--only", help="extractors to run, comma-separated (default: all)")
    parser.add_argument("--limit", type=int, help="the first N pages of each set (and part)")
    parser.add_argument("--json", type=Path, help="write every page's scores here")
    parser.add_argument("--cache", type=Path, help="keep peers' outputs here between runs")
    parser.add_argument(
        "--timing",
        type=int,
        default=60,
        metavar="N",
        help="time scraper and trafilatura uncached on N pages per set (0: off)",
    )
    parser.add_argument(
        "--compare", type=Path, help="a --json file of an earlier run: show what moved"
    )
    args = parser.parse_args()
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(evalsets.SETS))
    if unknown:
        parser.error(f"unknown set {unknown[0]!r} (--sets takes {','.join(evalsets.SETS)})")
    present = evalsets.available()
    sets = [s for s in wanted if s in present]
    if not sets:
        parser.exit(2, f"bench/quality.py: no eval set found under {evalsets.EVAL}\n")
    names, cache_only = chosen_extractors(args.only)
    if not args.cache:
        cache_only = []
    earlier = load_earlier(args.compare) if args.compare else {}
    parts = [args.part] if args.part else ["all", "tune", "check"]
    cache = Cache(args.cache) if args.cache else None
    print(f"`{' '.join(['bench/quality.py', *sys.argv[1:]])}`")
    print(f"extractors: {', '.join(f'{n} {version(EXTRACTORS[n].package)}' for n in names)}")
    results = []
    for set_name in sets:
        pages = evalsets.load(set_name, args.part or "all")[: args.limit]
        s = run_set(set_name, pages, names, cache, cache_only, args.timing)
        print_set(s, parts)
        if set_name in earlier:
            moved = report.compare(s, earlier[set_name])
            if moved:
                print(f"\n{report.SET_NAMES[set_name]}: scraper against {args.compare}\n")
                print(moved)
        results.append(s)
    print_done(results, parts)
    if args.json:
        data: dict[str, Any] = {s.name: report.page_scores(s) for s in results}
        args.json.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
