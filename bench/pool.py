"""Issue 10's figures in one run: speed beside trafilatura, memory of big runs, fetch
throughput beside Scrapy, and whether each meets its target.

    python bench/pool.py [--limit 300] [--pages 1000,10000] [--urls 500,5000]
                         [--learn yes] [--fetch-pages 2000] [--repeat 3] [--skip PARTS]

1. Speed (bench/speed.py): median ms per page of ``scraper.extract`` over trafilatura's,
   in one process, interleaved page by page, on WCXB dev and fundus-dev (target: 0.25).
2. Memory (bench/memory.py): ``scraper clean --jobs 2`` of the ``--pages`` counts
   (learning on, as ``clean`` runs by default; ``--learn no|both`` for ``--no-learn``
   runs), and ``scraper run`` jobs of the ``--urls`` counts: peak of
   the main process and of the process tree (targets: main process peak at the largest
   run within 10% of the smallest; tree under 600 MB).
3. Fetch (bench/fetch.py): fetch + clean beside Scrapy's fetch alone at concurrency 8
   and 32, median of ``--repeat`` interleaved runs (target: at least 2x).

Each part prints as it ends (stderr shows progress); a last section says, for each
target, the figure and whether it is met. ``--skip speed,memory,fetch`` leaves parts
out.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable

import fetch
import memory
import speed
from evalsets import available

MiB = 1024 * 1024
MB = 1000 * 1000


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _memory_targets(rows: list[tuple[str, ...]]) -> list[str]:
    """Per kind of run (clean, job): the main peak's growth and the tree's peak."""
    out = []
    kinds: dict[str, Callable[[tuple[str, ...]], bool]] = {
        "clean": lambda r: r[0].startswith("clean") and "--no-learn" not in r[0],
        "clean --no-learn": lambda r: r[0].startswith("clean") and "--no-learn" in r[0],
        "job": lambda r: r[0].startswith("job"),
    }
    for kind, wanted in kinds.items():
        mine = [r for r in rows if wanted(r)]
        if len(mine) < 2:
            continue
        first, last = float(mine[0][1]), float(mine[-1][1])
        tree = max(float(r[2]) for r in mine) * MiB / MB
        growth = last / first - 1
        out.append(
            f"- memory, {kind}: main process peak {first:.0f} -> {last:.0f} MiB"
            f" ({growth:+.0%}; target within 10%): {_verdict(growth <= 0.10)}; process tree"
            f" peak {tree:.0f} MB (target under 600 MB): {_verdict(tree < 600)}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="pages per eval set (0: all)")
    parser.add_argument("--pages", default="1000,10000", help="pages per clean run")
    parser.add_argument("--urls", default="500,5000", help="URLs per job run")
    parser.add_argument("--learn", choices=("no", "yes", "both"), default="yes")
    parser.add_argument("--fetch-pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="parts to leave out: speed,memory,fetch")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    print(f"$ {shlex.join(['python', 'bench/pool.py', *sys.argv[1:]])}", flush=True)
    verdicts: list[str] = []
    if "speed" not in skip:
        print("\n## Speed: median ms per page, interleaved, one process\n", flush=True)
        rows = speed.measure(available(), args.limit)
        print(speed.table(rows), flush=True)
        for row in rows:
            name, count, ms = row.name, row.pages, row.medians
            ratio = ms["scraper"] / ms["trafilatura"]
            default = ms["scraper"] / ms["trafilatura default"]
            verdicts.append(
                f"- speed, {name} ({count} pages): {ratio:.2f} of trafilatura with metadata,"
                f" {default:.2f} of its default (target 0.25): {_verdict(ratio <= 0.25)}"
                f" with metadata, {_verdict(default <= 0.25)} against its default"
            )
    if "memory" not in skip:
        print("\n## Memory: peak resident memory, --jobs 2\n", flush=True)
        pages = [int(x) for x in args.pages.split(",") if x]
        urls = [int(x) for x in args.urls.split(",") if x]
        rows_m = memory.measure_rows(pages, urls, 2, args.learn)
        print(memory.table(rows_m), flush=True)
        verdicts += _memory_targets(rows_m)
    if "fetch" not in skip:
        print("\n## Fetch: pages per second (fetch + clean beside Scrapy's fetch alone)\n")
        rows_f = fetch.measure(args.fetch_pages, 20, [8, 32], args.repeat)
        print("| concurrency | fetch only | fetch + clean | Scrapy fetch only | ratio |")
        print("|---:|---:|---:|---:|---:|")
        for level, _, cells in rows_f:
            print(f"| {level} | " + " | ".join(cells) + " |")
        median = f"median of {args.repeat} interleaved runs, " if args.repeat > 1 else ""
        print(
            f"\nPages per second ({median}{args.fetch_pages} distinct pages of"
            f" {fetch.page_kib(args.fetch_pages):.1f} KiB on average on 20 ports of"
            " 127.0.0.1; the same settings on both sides: no robots.txt, no delay,"
            f" per-host limit = concurrency). {fetch._versions()}.",
            flush=True,
        )
        for level, rates, _ in rows_f:
            ours, theirs = rates[1], rates[2]
            if ours and theirs:
                verdicts.append(
                    f"- fetch, concurrency {level}: fetch + clean {ours / theirs:.2f}x Scrapy's"
                    f" fetch alone (target 2x): {_verdict(ours / theirs >= 2)}"
                )
    print("\n## Targets\n")
    print("\n".join(verdicts), flush=True)


if __name__ == "__main__":
    main()
