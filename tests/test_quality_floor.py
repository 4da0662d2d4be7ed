"""A pinned quality floor on a fixed sample of the WCXB dev pages.

Raise FLOOR when quality rises (bench/quality.py prints the full figures); lowering it
needs a reason in the commit message.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from quality import DATA, leaks, word_f1  # noqa: E402

from scraper import extract  # noqa: E402

# Every 5th page of the dev split (300 pages, all page types), in file order.
SAMPLE_STRIDE = 5
FLOOR_F1 = 0.849
FLOOR_ARTICLE_F1 = 0.949
CEILING_LEAK = 0.114

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} is not beside the project")


def _sample() -> list[tuple[str, str, str, str | None, list[str]]]:
    rows = []
    for path in sorted((DATA / "ground-truth").glob("*.json"))[::SAMPLE_STRIDE]:
        truth = json.loads(path.read_text("utf-8"))
        html = gzip.decompress((DATA / "html" / f"{path.stem}.html.gz").read_bytes())
        gt = truth["ground_truth"]
        rows.append(
            (
                truth["_internal"]["page_type"]["primary"],
                html.decode("utf-8", errors="replace"),
                gt.get("main_content") or "",
                truth.get("url"),
                gt.get("without") or [],
            )
        )
    return rows


@pytest.fixture(scope="module")
def scores() -> list[tuple[str, float, bool]]:
    out = []
    for kind, html, reference, url, without in _sample():
        text = extract(html, url).text
        out.append((kind, word_f1(text, reference), leaks(text, without)))
    return out


def test_mean_word_f1_stays_above_the_floor(scores: list[tuple[str, float, bool]]) -> None:
    mean = statistics.mean(f1 for _, f1, _ in scores)
    assert mean >= FLOOR_F1, f"mean word F1 {mean:.4f} fell below the floor {FLOOR_F1}"


def test_article_f1_stays_above_the_floor(scores: list[tuple[str, float, bool]]) -> None:
    mean = statistics.mean(f1 for kind, f1, _ in scores if kind == "article")
    assert mean >= FLOOR_ARTICLE_F1, f"article F1 {mean:.4f} fell below {FLOOR_ARTICLE_F1}"


def test_leak_share_stays_below_the_ceiling(scores: list[tuple[str, float, bool]]) -> None:
    share = sum(leaked for _, _, leaked in scores) / len(scores)
    assert share <= CEILING_LEAK, f"leak share {share:.3f} rose above {CEILING_LEAK}"
