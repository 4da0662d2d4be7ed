"""Speed per page: ``scraper.extract`` beside trafilatura, in one process, page by page.

    python bench/speed.py [--sets wcxb,fundus] [--limit 300] [--clock cpu|wall]
        [--profile OUT.html]

For each page of each eval set (bench/evalsets.py; ``--limit N`` takes every k-th page
so that N are left), both extractors run on the same decoded HTML, one right after the
other, the order swapped every page, so that both see the same machine load and the
same warm caches. scraper's time includes its metadata (it always reads it), and
trafilatura is asked for its metadata too (``with_metadata=True``); its default
``extract`` is timed beside it. The ratio is the median of scraper's times over the
median of trafilatura's: the issue's target is at most 0.25 (against the default
``extract``).

Times are the process's CPU time by default (``--clock cpu``): both extractors run in
one thread and do no I/O, so on a quiet machine it equals the wall-clock time, and on
a shared one it leaves out the time spent waiting for a core, which would otherwise
land on whichever extractor the scheduler interrupted. ``--clock wall`` times by the
wall clock.

scraper's time includes its quality score and, on the pages it doubts, trafilatura's
second opinion (``scraper/extraction/second_opinion.py``): the table says on how many
pages that fired and what share of scraper's total time it took.

scraper runs compiled when its build is current (``make native``; ``scraper/native.py``),
else in pure Python (``SCRAPER_PURE_PYTHON=1`` forces it): the header says which.

``--profile OUT.html`` also runs scraper alone over the same pages under pyinstrument
(if installed) and writes its report, to see where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from evalsets import EvalPage, available, load

Run = Callable[[str, str | None], object]
Clock = Callable[[], float]
CLOCKS: dict[str, Clock] = {"cpu": time.process_time, "wall": time.perf_counter}


def _sample(pages: list[EvalPage], limit: int) -> list[EvalPage]:
    if limit <= 0 or len(pages) <= limit:
        return pages
    step = len(pages) / limit
    return [pages[int(i * step)] for i in range(limit)]


class SecondOpinions:
    """Counts and times scraper's calls to trafilatura (its second opinion), by wrapping
    the function the pipeline calls; the pipeline itself is unchanged."""

    def __init__(self, clock: Clock) -> None:
        from scraper.extraction import pipeline

        self.calls = 0
        self.ms = 0.0
        original = pipeline.trafilatura_text

        def timed(html: str, url: str | None) -> str:
            start = clock()
            try:
                return original(html, url)
            finally:
                self.calls += 1
                self.ms += (clock() - start) * 1000

        pipeline.trafilatura_text = timed

    def reset(self) -> None:
        self.calls, self.ms = 0, 0.0


def _runners() -> dict[str, Run]:
    import trafilatura

    import scraper

    def ours(html: str, url: str | None) -> object:
        return scraper.extract(html, url=url)

    def theirs(html: str, url: str | None) -> object:
        return trafilatura.extract(html, url=url, with_metadata=True)

    def default(html: str, url: str | None) -> object:
        return trafilatura.extract(html)

    return {"scraper": ours, "trafilatura": theirs, "trafilatura default": default}


def _time(run: Run, html: str, url: str | None, clock: Clock) -> float:
    start = clock()
    with contextlib.suppress(Exception):  # a page refused still costs what it cost
        run(html, url)
    return (clock() - start) * 1000


@dataclass(frozen=True, slots=True)
class SetTimes:
    name: str
    pages: int
    medians: dict[str, float]  # extractor -> median ms per page
    scraper_total_ms: float
    second_opinions: int  # pages where scraper asked trafilatura
    second_opinion_ms: float


def measure(sets: list[str], limit: int, clock: Clock = time.process_time) -> list[SetTimes]:
    """Per set: each extractor's median ms per page, and the second opinion's share."""
    runners = _runners()
    opinions = SecondOpinions(clock)
    names = list(runners)
    rows = []
    for name in sets:
        pages = _sample(load(name), limit)
        times: dict[str, list[float]] = {n: [] for n in names}
        opinions.reset()
        for i, page in enumerate(pages):
            html = page.html()
            order = names if i % 2 == 0 else list(reversed(names))
            for extractor in order:
                times[extractor].append(_time(runners[extractor], html, page.url, clock))
        medians = {n: statistics.median(t) for n, t in times.items()}
        total = sum(times["scraper"])
        rows.append(SetTimes(name, len(pages), medians, total, opinions.calls, opinions.ms))
        print(f"  {name}: {len(pages)} pages timed", file=sys.stderr, flush=True)
    return rows


def table(rows: list[SetTimes]) -> str:
    lines = [
        "| set | pages | scraper ms | trafilatura ms (with metadata) | ratio |"
        " trafilatura default ms | ratio | second opinion: pages, share of scraper's time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ms = row.medians
        ours, theirs, default = ms["scraper"], ms["trafilatura"], ms["trafilatura default"]
        fired = f"{row.second_opinions} ({row.second_opinions / max(1, row.pages):.0%})"
        share = row.second_opinion_ms / row.scraper_total_ms if row.scraper_total_ms else 0.0
        lines.append(
            f"| {row.name} | {row.pages} | {ours:.1f} | {theirs:.1f} | {ours / theirs:.2f} |"
            f" {default:.1f} | {ours / default:.2f} | {fired}, {share:.0%} |"
        )
    return "\n".join(lines)


def profile(sets: list[str], limit: int, out: str) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: no profile", file=sys.stderr)
        return
    import scraper

    pages = [(p.html(), p.url) for name in sets for p in _sample(load(name), limit)]
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for html, url in pages:
        with contextlib.suppress(Exception):
            scraper.extract(html, url=url)
    profiler.stop()
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)


def _build() -> str:
    """Which scraper ran: the compiled build (``make native``) or pure Python."""
    from scraper import native

    if native.active():
        return "compiled (mypyc)"
    return "in pure Python (SCRAPER_PURE_PYTHON set, or no current build: `make native`)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(available()))
    parser.add_argument("--limit", type=int, default=300, help="pages per set (0: all)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu", help="(default: cpu)")
    parser.add_argument("--profile", metavar="OUT.html", help="also profile scraper alone")
    args = parser.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    rows = measure(sets, args.limit, CLOCKS[args.clock])
    print(f"$ {shlex.join(['python', 'bench/speed.py', *sys.argv[1:]])}\n")
    print(f"median ms per page, {args.clock} time, scraper {_build()}\n")
    print(table(rows))
    if args.profile:
        profile(sets, args.limit, args.profile)


if __name__ == "__main__":
    main()
