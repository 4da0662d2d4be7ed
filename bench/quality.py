"""Extraction quality and speed on the WCXB dev split: scraper beside trafilatura.

    .venv/bin/python bench/quality.py [--limit N] [--only scraper] [--json OUT]

For every page of ../shared/eval/wcxb-dev, each extractor runs on the same decoded
HTML, each in a fresh process of its own, one after the other in the same run.
Printed per extractor: mean word F1 (the benchmark's metric) over all pages and per
page type, the share of pages that leak a ``without`` snippet, median and total
milliseconds per page, and peak memory (the resident set of the process that ran that
extractor, pages loaded one at a time).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import re
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def page_ids(limit: int | None) -> list[str]:
    return [p.stem for p in sorted((DATA / "ground-truth").glob("*.json"))][:limit]


def load_page(page_id: str) -> dict[str, Any]:
    truth = json.loads((DATA / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
    raw = gzip.decompress((DATA / "html" / f"{page_id}.html.gz").read_bytes())
    gt = truth["ground_truth"]
    return {
        "id": page_id,
        "url": truth.get("url"),
        "type": truth["_internal"]["page_type"]["primary"],
        "html": raw.decode("utf-8", errors="replace"),
        "reference": gt.get("main_content") or "",
        "without": gt.get("without") or [],
    }


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


EXTRACTORS = {"scraper": scraper_extractor, "trafilatura": trafilatura_extractor}


def measure(name: str, ids: list[str]) -> dict[str, Any]:
    """Run one extractor over the pages, in this (child) process; pages load one at a time
    so that peak memory is the extractor's, not the data set's."""
    run = EXTRACTORS[name]()
    scores: dict[str, float] = {}
    types: dict[str, str] = {}
    times: list[float] = []
    leaked = 0
    for page_id in ids:
        page = load_page(page_id)
        start = time.perf_counter()
        text = run(page["html"], page["url"])
        times.append(time.perf_counter() - start)
        scores[page_id] = word_f1(text, page["reference"])
        types[page_id] = page["type"]
        leaked += leaks(text, page["without"])
    by_type: dict[str, list[float]] = defaultdict(list)
    for page_id, score in scores.items():
        by_type[types[page_id]].append(score)
    return {
        "name": name,
        "f1": statistics.mean(scores.values()),
        "by_type": {k: statistics.mean(v) for k, v in sorted(by_type.items())},
        "counts": {k: len(v) for k, v in by_type.items()},
        "leak": leaked / len(ids),
        "median_ms": statistics.median(times) * 1000,
        "total_s": sum(times),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "scores": scores,
    }


def table(results: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = results[0]["counts"]
    types = sorted(counts)
    head = ["metric"] + [str(r["name"]) for r in results]
    rows = [["mean word F1, all pages"] + [f"{r['f1']:.3f}" for r in results]]
    for kind in types:
        rows.append([f"  {kind} ({counts[kind]})"] + [f"{r['by_type'][kind]:.3f}" for r in results])  # type: ignore[index]
    rows.append(["pages leaking a `without` snippet"] + [f"{r['leak']:.1%}" for r in results])
    rows.append(["median ms per page"] + [f"{r['median_ms']:.1f}" for r in results])
    rows.append(["total seconds"] + [f"{r['total_s']:.1f}" for r in results])
    rows.append(["peak memory (process RSS), MiB"] + [f"{r['peak_mib']:.0f}" for r in results])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), default=None)
    parser.add_argument("--json", type=Path, default=None, help="write per-page scores here")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"bench/quality.py: {DATA} not found (it sits beside the project in ../shared)")
    ids = page_ids(args.limit)
    names = [n for n in EXTRACTORS if args.only in (None, n)]
    # One fresh process per extractor: its imports, caches and peak memory are its own.
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        results = [pool.apply(measure, (name, ids)) for name in names]
    print(f"WCXB dev split: {len(ids)} pages, `{' '.join(sys.argv)}`")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({r["name"]: r["scores"] for r in results}, indent=1))


if __name__ == "__main__":
    main()
