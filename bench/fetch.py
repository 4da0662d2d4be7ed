"""Fetch throughput: scraper (fetch only, fetch + clean) beside Scrapy, same pages, same run.

A local server in its own process serves 2,000 article pages on 20 ports of 127.0.0.1
(20 "hosts"); every page has an article of its own (no paragraph is on two pages), so
each is cleaned and kept, none a duplicate. Each fetcher gets them at concurrency 1,
8, 32 and 128 with the same settings on both sides, politeness off (no robots.txt, no
delay, per-host limit = concurrency, no retries; Scrapy's own benchmark obeys no
robots.txt or delay either; scraper's defaults for real use are unchanged) and the table
of pages per second is printed, ready to paste into the README, with the command that
made it on top. Scrapy runs in a subprocess per setting (its Twisted reactor starts
once per process) with the equivalent settings.

    python bench/fetch.py [--pages 2000] [--hosts 20] [--levels 1,8,32,128] [--repeat 3]

"fetch + clean" is ``fetch_documents`` as users get it: a ``Fetcher`` and a
``CleaningPool`` of processes, as many as ``default_workers()`` gives (two on a
two-core machine), started at the first page (its start-up is in the time).
``--repeat N`` (default 3) runs every cell N times and reports the median; the runs
are interleaved (fetch only, fetch + clean, Scrapy, then again), so that a burst of
load on a shared machine falls on all three alike rather than on one cell. ``measure``
is what bench/pool.py calls.

A second table gives the CPU time each part spent per page (median of the runs): the
bench's own process (the fetcher's event loop, and with cleaning the pool's threads),
the cleaning processes (their start-up included), Scrapy's process (its imports and
start-up included: its rate leaves them out) and the server. Before timing, scraper's
modules are compiled to bytecode, as pip compiles an installed package (Scrapy's is):
where ``PYTHONDONTWRITEBYTECODE`` is set, every cleaning process would otherwise compile
them again as it starts (0.1 s of CPU each).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import functools
import json
import multiprocessing
import os
import platform
import random
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WHO = (
    "The harbour committee",
    "Residents of Water Street",
    "The town council",
    "Local fishermen",
    "The mayor's office",
    "A group of volunteers",
    "The ferry company",
    "Shop owners near the quay",
)
DID = (
    "met to discuss",
    "raised new questions about",
    "published a report on",
    "asked for a public vote on",
    "set aside money for",
    "walked the length of",
    "wrote a letter about",
    "spent the morning inspecting",
)
WHAT = (
    "the future of the old pier",
    "repairs to the sea wall",
    "the cost of dredging the channel",
    "the market hall's leaking roof",
    "parking along the promenade",
    "the lifeboat station's new slipway",
    "the fish auction's opening hours",
    "the footpath over the dunes",
)
WHY = (
    "which has stood at the end of the street for more than a century",
    "after a winter of storms left cracks along its length",
    "because the boats that tie up there each morning need it",
    "since the last survey was made before most residents were born",
    "though nobody could agree on who should pay for it",
    "while tourists watched from the benches along the front",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NAV = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))


def _paragraph(rng: random.Random, n: int, i: int) -> str:
    sentences = [
        f"{rng.choice(WHO)} {rng.choice(DID)} {rng.choice(WHAT)} on {rng.choice(DAYS)},"
        f" {rng.choice(WHY)}."
        for _ in range(3)
    ]
    return f"<p>{' '.join(sentences)} This was note {i + 1} of report {n}.</p>"


def page(n: int) -> bytes:
    """An article page (about 9 KiB) with chrome around it: the same chrome on every
    page, and an article of its own, no paragraph of which is on any other page, so
    that every page is cleaned, kept and saved (none is a duplicate of another)."""
    rng = random.Random(n)
    body = "".join(_paragraph(rng, n, i) for i in range(12))
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Story {n}</title></head><body><header><nav><ul>{NAV}</ul></nav></header>"
        f"<main><article><h1>Story number {n}</h1>{body}</article></main>"
        f"<aside><h2>Most read</h2><ul>{NAV}</ul></aside>"
        f"<footer>Copyright 2025 Harbour News. All rights reserved.</footer></body></html>"
    )
    return html.encode("utf-8")


def page_kib(pages: int) -> float:
    """The mean size of the first ``pages`` pages, in KiB (for the table's note)."""
    return sum(len(page(n)) for n in range(pages)) / max(1, pages) / 1024


def _serve(ports_out: multiprocessing.connection.Connection, hosts: int, pages: int) -> None:
    """The server process: a bare ASGI app under uvicorn on ``hosts`` sockets."""
    import uvicorn

    bodies = [page(n) for n in range(pages)]

    async def app(scope, receive, send):  # plain ASGI: the server must not be the bottleneck
        if scope["type"] != "http":
            return
        try:
            body = bodies[int(scope["path"].rsplit("/", 1)[-1])]
            status = 200
        except (ValueError, IndexError):
            body, status = b"not found", 404
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    sockets = []
    for _ in range(hosts):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        sockets.append(sock)
    ports_out.send([s.getsockname()[1] for s in sockets])
    config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
    uvicorn.Server(config).run(sockets=sockets)


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (cleaning processes,
    Scrapy's process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int | None) -> float | None:
    """CPU seconds a running process has used so far (Linux's /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _compile_scraper() -> None:
    import scraper

    compileall.compile_dir(Path(scraper.__file__).parent, quiet=1)


def urls_for(ports: list[int], pages: int) -> list[str]:
    return [f"http://127.0.0.1:{ports[n % len(ports)]}/article/{n}" for n in range(pages)]


async def _scraper(urls: list[str], level: int, clean: bool) -> tuple[float, int]:
    from scraper.fetch_clean import fetch_documents
    from scraper.fetching import FetchConfig, Fetcher
    from scraper.pool import CleaningPool

    config = FetchConfig(
        concurrency=level,
        per_host=level,
        delay=0,
        obey_robots=False,
        allow_private=True,
        attempts=1,
        http2=False,
    )
    ok = 0
    start = time.perf_counter()
    async with Fetcher(config) as fetcher:
        if not clean:
            async for result in fetcher.fetch_many(urls):
                ok += result.ok
        else:
            async with CleaningPool() as pool:
                async for result in fetch_documents(fetcher, pool, urls):
                    ok += result.document is not None
    return time.perf_counter() - start, ok


SPIDER = """
import json, sys, time
import scrapy
from scrapy.crawler import CrawlerProcess

urls = json.load(open(sys.argv[1]))
level = int(sys.argv[2])
done = [0]

class Bench(scrapy.Spider):
    name = "bench"
    async def start(self):  # Scrapy >= 2.13
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def start_requests(self):  # Scrapy < 2.13
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def parse(self, response):
        done[0] += response.status == 200

settings = {
    "CONCURRENT_REQUESTS": level, "CONCURRENT_REQUESTS_PER_DOMAIN": level,
    "CONCURRENT_REQUESTS_PER_IP": 0, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False,
    "RETRY_ENABLED": False, "COOKIES_ENABLED": False, "AUTOTHROTTLE_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "ERROR", "HTTPCACHE_ENABLED": False,
    "REDIRECT_ENABLED": True, "DOWNLOAD_TIMEOUT": 60,
}
process = CrawlerProcess(settings)
process.crawl(Bench)
start = time.perf_counter()
process.start()
print(json.dumps({"seconds": time.perf_counter() - start, "ok": done[0]}))
"""


def _scrapy(urls: list[str], level: int) -> tuple[float, int] | None:
    try:
        import scrapy  # noqa: F401
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        url_file = Path(tmp) / "urls.json"
        url_file.write_text(json.dumps(urls))
        script = Path(tmp) / "spider.py"
        script.write_text(SPIDER)
        out = subprocess.run(
            [sys.executable, str(script), str(url_file), str(level)],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["seconds"], data["ok"]


def _rate(results: list[tuple[float, int] | None], pages: int) -> tuple[float | None, str]:
    """The median rate, and the cell showing it (with failures, if any)."""
    done = [r for r in results if r is not None]
    if not done:
        return None, "n/a"
    rates = [ok / seconds for seconds, ok in done]
    failed = max(pages - ok for _, ok in done)
    flag = "" if failed == 0 else f" ({failed} failed)"
    rate = statistics.median(rates)
    return rate, f"{rate:,.0f}{flag}"


def _versions() -> str:
    from scraper import __version__

    try:
        import scrapy

        theirs = f"Scrapy {scrapy.__version__}"
    except ImportError:
        theirs = "Scrapy not installed (pip install scrapy)"
    return f"scraper {__version__}, {theirs}, Python {platform.python_version()}"


def _cpu_table(cpu: dict[int, list[str]]) -> str:
    lines = [
        "| concurrency | fetch only: this process | fetch + clean: this process"
        " | fetch + clean: cleaning processes | Scrapy: its process | server |",
        "|---:|---:|---:|---:|---:|---:|",
        *(f"| {level} | " + " | ".join(cells) + " |" for level, cells in cpu.items()),
        "",
        'CPU milliseconds per page (median of the runs). "This process" is the fetcher\'s'
        " event loop, and with cleaning the pool's threads; the cleaning processes' and"
        " Scrapy's include their start-up; the server's is measured during fetch + clean.",
    ]
    return "\n".join(lines)


def _table(args: argparse.Namespace, rows: list[tuple[int, list[str]]]) -> str:
    from scraper.pool import default_workers

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = default_workers()
    pool = f"{workers} cleaning process{'es' if workers > 1 else ''}"
    command = shlex.join(["python", "bench/fetch.py", *sys.argv[1:]])
    median = f"median of {args.repeat} runs, " if args.repeat > 1 else ""
    lines = [
        f"$ {command}",
        "",
        "| concurrency | scraper fetch only | scraper fetch + clean"
        f" ({pool}, default) | Scrapy fetch only | fetch + clean / Scrapy |",
        "|---:|---:|---:|---:|---:|",
        *(f"| {level} | " + " | ".join(cells) + " |" for level, cells in rows),
        "",
        f"Pages per second, higher is better ({median}{args.pages} distinct pages of"
        f" {page_kib(args.pages):.1f} KiB on average on {args.hosts} ports of 127.0.0.1).",
        "The same settings on both sides: no robots.txt, no delay, per-host limit ="
        " concurrency, one attempt, no retries; scraper's defaults for real use stay"
        " per_host 2, delay 1 s, robots.txt obeyed.",
        f"One machine with {cores} cores runs everything: the server process, the fetcher,"
        " its cleaning processes and Scrapy; a second machine for the server would free"
        " about a sixth of the CPU.",
        "scraper's times include starting its cleaning processes; Scrapy's exclude its"
        f" imports. {_versions()}.",
    ]
    return "\n".join(lines)


# CPU seconds of one run: (this process, ended children, server or None).
Cpu = tuple[float, float, float | None]


def _timed(
    run: Callable[[], tuple[float, int] | None], server: int | None
) -> tuple[tuple[float, int] | None, Cpu]:
    """``run()``'s result and the CPU time each part spent on it."""
    own, children, served = time.process_time(), _children_cpu(), _process_cpu(server)
    result = run()
    after = _process_cpu(server)
    cpu: Cpu = (
        time.process_time() - own,
        _children_cpu() - children,
        None if after is None or served is None else after - served,
    )
    return result, cpu


def _cpu_cells(pages: int, cpu: list[list[Cpu]]) -> list[str]:
    """Median CPU ms per page: fetch only (this process), fetch + clean (this process,
    the cleaning processes), Scrapy (its process), the server (fetch + clean's runs)."""

    def ms(values: list[float | None]) -> str:
        known = [v for v in values if v is not None]
        return f"{1000 * statistics.median(known) / pages:.2f}" if known else "n/a"

    only, clean, scrapy = cpu
    return [
        ms([c[0] for c in only]),
        ms([c[0] for c in clean]),
        ms([c[1] for c in clean]),
        ms([c[1] for c in scrapy]),
        ms([c[2] for c in clean]),
    ]


def measure(
    pages: int,
    hosts: int,
    levels: list[int],
    repeat: int,
    cpu_cells: dict[int, list[str]] | None = None,
) -> list[tuple[int, list[float | None], list[str]]]:
    """Per concurrency level: the median rates (fetch only, fetch + clean, Scrapy) and
    the table's cells (the same, plus fetch + clean over Scrapy); ``cpu_cells`` gets
    each level's CPU time per page (``_cpu_cells``)."""
    _compile_scraper()
    here, there = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(there, hosts, pages))
    server.start()
    try:
        ports = here.recv()
        urls = urls_for(ports, pages)
        asyncio.run(_scraper(urls[:50], 8, True))  # warm up: imports, first connections
        runs: list[Callable[[int], tuple[float, int] | None]] = [
            lambda level: asyncio.run(_scraper(urls, level, False)),
            lambda level: asyncio.run(_scraper(urls, level, True)),
            lambda level: _scrapy(urls, level),
        ]
        rows = []
        names = ("fetch only", "fetch + clean", "Scrapy")
        for level in levels:
            done: list[list[tuple[float, int] | None]] = [[] for _ in runs]
            cpu: list[list[Cpu]] = [[] for _ in runs]
            for n in range(repeat):  # interleaved: each round runs all three
                for name, run, results, spent in zip(names, runs, done, cpu, strict=True):
                    got, used = _timed(functools.partial(run, level), server.pid)
                    results.append(got)
                    spent.append(used)
                    rate = f"{got[1] / got[0]:,.0f} pages/s" if got else "n/a"
                    print(f"  {level}: {name}, run {n + 1}: {rate}", file=sys.stderr, flush=True)
            rates, cells = [], []
            for results in done:
                rate, cell = _rate(results, pages)
                rates.append(rate)
                cells.append(cell)
            ours, theirs = rates[1], rates[2]
            cells.append(f"{ours / theirs:.2f}x" if ours and theirs else "n/a")
            rows.append((level, rates, cells))
            if cpu_cells is not None:
                cpu_cells[level] = _cpu_cells(pages, cpu)
            print(f"concurrency {level}: {' | '.join(cells)}", file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.join()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cell; median shown")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    cpu: dict[int, list[str]] = {}
    rows = measure(args.pages, args.hosts, levels, args.repeat, cpu)
    print(_table(args, [(level, cells) for level, _, cells in rows]))
    print()
    print(_cpu_table(cpu))


if __name__ == "__main__":
    main()
