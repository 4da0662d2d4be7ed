"""Metadata accuracy on the WCXB dev split: scraper beside trafilatura's extract_metadata.

    .venv/bin/python bench/metadata.py [--stride N]

For the pages whose ground truth states a title, an author or a publication date, the
share each extractor gets right: title equal after lower-casing and dropping punctuation,
author when one name list contains the other (order and separators ignored), date when
the day matches.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "eval" / "wcxb-dev"
_WORDS = re.compile(r"\W+")


def _norm(text: str | None) -> str:
    return _WORDS.sub(" ", (text or "").lower()).strip()


def _title_ok(found: str | None, truth: str) -> bool:
    return bool(found) and _norm(found) == _norm(truth)


def _author_ok(found: str | None, truth: str) -> bool:
    a = set(_norm(found).replace(" and ", " ").split())
    b = set(_norm(truth).replace(" and ", " ").split())
    return bool(a) and bool(b) and (a <= b or b <= a)


def _date_ok(found: str | None, truth: str) -> bool:
    return bool(found) and str(found)[:10] == truth[:10]


CHECKS: dict[str, tuple[str, Callable[[str | None, str], bool]]] = {
    "title": ("title", _title_ok),
    "author": ("author", _author_ok),
    "date": ("publish_date", _date_ok),
}


def _ours(html: str, url: str | None) -> dict[str, str | None]:
    from scraper import extract

    doc = extract(html, url)
    return {"title": doc.title, "author": "; ".join(doc.authors) or None, "date": doc.published}


def _trafilatura(html: str, url: str | None) -> dict[str, str | None]:
    import trafilatura

    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return {"title": None, "author": None, "date": None}
    return {"title": meta.title, "author": meta.author, "date": meta.date}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=1, help="every Nth page only")
    args = parser.parse_args()
    counts: dict[str, list[int]] = {key: [0, 0, 0] for key in CHECKS}
    for path in sorted((DATA / "ground-truth").glob("*.json"))[:: args.stride]:
        truth: dict[str, Any] = json.loads(path.read_text("utf-8"))
        gt = truth["ground_truth"]
        html = gzip.decompress((DATA / "html" / f"{path.stem}.html.gz").read_bytes())
        text = html.decode("utf-8", errors="replace")
        ours, theirs = _ours(text, truth.get("url")), _trafilatura(text, truth.get("url"))
        for key, (gt_key, check) in CHECKS.items():
            if gt.get(gt_key):
                counts[key][0] += 1
                counts[key][1] += check(ours[key], gt[gt_key])
                counts[key][2] += check(theirs[key], gt[gt_key])
    print(f"`{' '.join(sys.argv)}`\n")
    print("| field | pages stating it | scraper | trafilatura |\n|---|---:|---:|---:|")
    for key, (n, ours_ok, theirs_ok) in counts.items():
        print(f"| {key} | {n} | {ours_ok / n:.3f} | {theirs_ok / n:.3f} |")


if __name__ == "__main__":
    main()
