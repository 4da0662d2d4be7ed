"""Issue 10's figures in one run: speed beside trafilatura, memory of big runs, fetch
throughput beside Scrapy.

    python bench/pool.py [--limit 300] [--pages 1000,10000] [--urls 500,5000]
                         [--fetch-pages 2000] [--repeat 3]

1. Speed (bench/speed.py): median ms per page of ``scraper.extract`` over trafilatura's,
   in one process, interleaved page by page, on WCXB dev and fundus-dev (target: 0.25).
2. Memory (bench/memory.py): ``scraper clean --jobs 2`` of 1,000 and 10,000 pages, and
   jobs of 500 and 5,000 URLs: peak of the main process and of the process tree
   (targets: main process peak at the large run within 10% of the small; tree < 600 MB).
3. Fetch (bench/fetch.py): fetch + clean beside Scrapy's fetch alone at concurrency 8
   and 32, median of ``--repeat`` runs (target: at least 2x).

Each part prints as it ends (stderr shows progress); ``--skip speed,memory,fetch``
leaves parts out.
"""

from __future__ import annotations

import argparse
import shlex
import sys

import fetch
import memory
import speed
from evalsets import available


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="pages per eval set (0: all)")
    parser.add_argument("--pages", default="1000,10000")
    parser.add_argument("--urls", default="500,5000")
    parser.add_argument("--fetch-pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", default="", help="parts to leave out: speed,memory,fetch")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    print(f"$ {shlex.join(['python', 'bench/pool.py', *sys.argv[1:]])}", flush=True)
    if "speed" not in skip:
        print("\n## Speed: median ms per page, interleaved, one process\n", flush=True)
        print(speed.table(speed.measure(available(), args.limit)), flush=True)
    if "memory" not in skip:
        print("\n## Memory: peak resident memory, --jobs 2\n", flush=True)
        pages = [int(x) for x in args.pages.split(",")]
        urls = [int(x) for x in args.urls.split(",") if x]
        text, notes = memory.run(pages, urls, 2)
        print(text)
        print("\n" + "\n".join(notes), flush=True)
    if "fetch" not in skip:
        print("\n## Fetch: pages per second (fetch + clean beside Scrapy's fetch alone)\n")
        rows = fetch.measure(args.fetch_pages, 20, [8, 32], args.repeat)
        print("| concurrency | fetch only | fetch + clean | Scrapy fetch only | ratio |")
        print("|---:|---:|---:|---:|---:|")
        for level, _, cells in rows:
            print(f"| {level} | " + " | ".join(cells) + " |")
        print(f"\n{fetch._versions()}.", flush=True)


if __name__ == "__main__":
    main()
