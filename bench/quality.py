"""Extraction quality and speed on the WCXB dev split: scraper beside trafilatura.

    .venv/bin/python bench/quality.py [--limit N] [--only scraper] [--json OUT]

For every page of ../shared/eval/wcxb-dev, both extractors run in this process, one
after the other, on the same decoded HTML. Printed per extractor: mean word F1 (the
benchmark's metric) over all pages and per page type, the share of pages that leak a
``without`` snippet, median and total milliseconds per page, and peak memory (the
tracemalloc peak of one call, the largest over all pages).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "eval" / "wcxb-dev"
_TOKEN = re.compile(r"\w+")


def word_f1(predicted: str, reference: str) -> float:
    """The benchmark's metric: F1 over multisets of lower-cased \\w+ tokens."""
    pred = Counter(_TOKEN.findall(predicted.lower()))
    ref = Counter(_TOKEN.findall(reference.lower()))
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def leaks(predicted: str, without: list[str]) -> bool:
    return any(snippet in predicted for snippet in without)


def load_pages(limit: int | None, stride: int = 1) -> list[dict[str, object]]:
    pages = []
    for path in sorted((DATA / "ground-truth").glob("*.json"))[::stride][:limit]:
        truth = json.loads(path.read_text("utf-8"))
        raw = gzip.decompress((DATA / "html" / f"{path.stem}.html.gz").read_bytes())
        gt = truth["ground_truth"]
        pages.append(
            {
                "id": path.stem,
                "url": truth.get("url"),
                "type": truth["_internal"]["page_type"]["primary"],
                "html": raw.decode("utf-8", errors="replace"),
                "reference": gt.get("main_content") or "",
                "without": gt.get("without") or [],
            }
        )
    return pages


def scraper_extractor() -> Callable[[str, str | None], str]:
    from scraper import ExtractConfig, extract

    config = ExtractConfig()

    def run(html: str, url: str | None) -> str:
        return extract(html, url, config=config).text

    return run


def trafilatura_extractor() -> Callable[[str, str | None], str]:
    import trafilatura

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html) or ""  # its default extract, as the issue asks

    return run


def measure(
    name: str, run: Callable[[str, str | None], str], pages: list[dict[str, object]], memory: bool
) -> dict[str, object]:
    scores: dict[str, float] = {}
    times: list[float] = []
    leaked = 0
    peak = 0
    for page in pages:
        html, url = str(page["html"]), page["url"]
        start = time.perf_counter()
        text = run(html, url if isinstance(url, str) else None)
        times.append(time.perf_counter() - start)
        if memory:
            tracemalloc.start()
            run(html, url if isinstance(url, str) else None)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        scores[str(page["id"])] = word_f1(text, str(page["reference"]))
        leaked += leaks(text, list(page["without"]))  # type: ignore[call-overload]
    by_type: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        by_type[str(page["type"])].append(scores[str(page["id"])])
    return {
        "name": name,
        "f1": statistics.mean(scores.values()),
        "by_type": {k: statistics.mean(v) for k, v in sorted(by_type.items())},
        "leak": leaked / len(pages),
        "median_ms": statistics.median(times) * 1000,
        "total_s": sum(times),
        "peak_mib": peak / 2**20,
        "scores": scores,
    }


def table(results: list[dict[str, object]], pages: list[dict[str, object]]) -> str:
    types = sorted({str(p["type"]) for p in pages})
    counts = Counter(str(p["type"]) for p in pages)
    head = ["metric"] + [str(r["name"]) for r in results]
    rows = [["mean word F1, all pages"] + [f"{r['f1']:.3f}" for r in results]]
    for kind in types:
        rows.append([f"  {kind} ({counts[kind]})"] + [f"{r['by_type'][kind]:.3f}" for r in results])  # type: ignore[index]
    rows.append(["pages leaking a `without` snippet"] + [f"{r['leak']:.1%}" for r in results])
    rows.append(["median ms per page"] + [f"{r['median_ms']:.1f}" for r in results])
    rows.append(["total seconds"] + [f"{r['total_s']:.1f}" for r in results])
    rows.append(["peak memory per page, MiB"] + [f"{r['peak_mib']:.1f}" for r in results])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--only", choices=["scraper", "trafilatura"], default=None)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--json", type=Path, default=None, help="write per-page scores here")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"bench/quality.py: {DATA} not found (it sits beside the project in ../shared)")
    pages = load_pages(args.limit)
    extractors = {"scraper": scraper_extractor, "trafilatura": trafilatura_extractor}
    results = []
    for name, factory in extractors.items():
        if args.only and name != args.only:
            continue
        results.append(measure(name, factory(), pages, memory=not args.no_memory))
    print(f"WCXB dev split: {len(pages)} pages")
    print(table(results, pages))
    if args.json:
        args.json.write_text(json.dumps({str(r["name"]): r["scores"] for r in results}, indent=1))


if __name__ == "__main__":
    main()
