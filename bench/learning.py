"""What learning each site's chrome changes on the eval sets (WCXB dev, fundus dev).

    .venv/bin/python bench/learning.py [--sets wcxb,fundus]

Pages are grouped by site (registered domain of their URL), the way `scraper clean` of a
folder would see them. Each page is cleaned alone; sites with at least 3 pages learn
their chrome from their pages, and their pages are cleaned again with it. Printed per
set: sites that could learn (3+ pages), sites that learned something, the lines learned,
pages whose text changed, mean word F1 and the share of pages leaking a `without`
snippet (WCXB only) before and after, over all pages and over the changed ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evalsets import EvalPage, available, leaks, load, word_f1  # noqa: E402
from scraper.config import ExtractConfig, load_rules  # noqa: E402
from scraper.extraction import extract_html  # noqa: E402
from scraper.learning.decide import LearnConfig, LearnedSite, learn_site  # noqa: E402
from scraper.learning.folder import with_learned  # noqa: E402
from scraper.learning.lines import page_lines  # noqa: E402
from scraper.learning.sites import url_site  # noqa: E402
from scraper.model import Document  # noqa: E402


def _doc(page: EvalPage, config: ExtractConfig) -> Document:
    return extract_html(page.html(), url=page.url, source=page.id, config=config)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def measure(name: str, learning_sites_only: bool) -> None:
    pages = load(name)
    config = ExtractConfig(rules=load_rules())
    by_site: dict[str, list[EvalPage]] = defaultdict(list)
    for page in pages:
        by_site[url_site(page.url) or page.site or page.id].append(page)
    if learning_sites_only:
        by_site = defaultdict(list, {s: p for s, p in by_site.items() if len(p) >= 3})
        pages = [p for found in by_site.values() for p in found]
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    learned: list[LearnedSite] = []
    for site, found in sorted(by_site.items()):
        docs = {page.id: _doc(page, config) for page in found}
        for page in found:
            before[page.id] = after[page.id] = docs[page.id].text
        if len(found) < 3:
            continue
        lines = [page_lines(docs[p.id], site) for p in found]
        result = learn_site(site, lines, LearnConfig())
        learned.append(result)
        if result.empty:
            continue
        taught = with_learned(config, [result])
        for page in found:
            after[page.id] = _doc(page, taught).text
    changed = [p for p in pages if before[p.id] != after[p.id]]
    print(f"\n{name}: {len(pages)} pages, {len(by_site)} sites")
    print(
        f"  sites with 3+ pages: {len(learned)}; learned something: "
        f"{sum(not s.empty for s in learned)}; chrome lines learned: "
        f"{sum(len(s.chrome) for s in learned)}; recurring lines kept: "
        f"{sum(len(s.kept) for s in learned)}"
    )
    print(f"  pages changed: {len(changed)}")
    for label, subset in (("all pages", pages), ("changed pages", changed)):
        f1_before = _mean([word_f1(before[p.id], p.reference) for p in subset])
        f1_after = _mean([word_f1(after[p.id], p.reference) for p in subset])
        print(f"  mean word F1, {label} ({len(subset)}): {f1_before:.4f} -> {f1_after:.4f}")
        if name == "wcxb":
            leak_before = _mean([leaks(before[p.id], list(p.without)) for p in subset])
            leak_after = _mean([leaks(after[p.id], list(p.without)) for p in subset])
            print(f"  leaking a without snippet, {label}: {leak_before:.1%} -> {leak_after:.1%}")
    for site in learned:
        if not site.empty:
            mine = by_site[site.site]
            f1 = [
                _mean([word_f1(texts[p.id], p.reference) for p in mine])
                for texts in (before, after)
            ]
            print(
                f"  {site.site} ({site.pages} pages, F1 {f1[0]:.3f} -> {f1[1]:.3f}): "
                + " | ".join(site.chrome)[:200]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(available()))
    parser.add_argument(
        "--learning-sites-only",
        action="store_true",
        help="clean only the pages of sites with 3+ pages (the only ones learning can change)",
    )
    args = parser.parse_args()
    for name in args.sets.split(","):
        measure(name, args.learning_sites_only)


if __name__ == "__main__":
    main()
