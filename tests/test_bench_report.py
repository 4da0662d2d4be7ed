"""bench/quality.py's figures on invented pages: what "done when" says, which pages the
worst-pages list may show (never the check part), and the peers' cache round trip."""

from __future__ import annotations

import dataclasses
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import report  # noqa: E402
from evalsets import EvalPage  # noqa: E402
from extractors import PageRun  # noqa: E402
from quality import Cache  # noqa: E402
from timing import Timing, sample, time_interleaved  # noqa: E402

TRUTH = "the harbour board voted to dredge the channel before the autumn regatta"
HALF = "the harbour board voted to dredge"


def _page(page_id: str, group: str = "de", *, check: bool = False) -> EvalPage:
    return EvalPage(
        set="fundus",
        id=page_id,
        url=None,
        group=group,
        site=page_id,
        check=check,
        reference=TRUTH,
        without=(),
        title=None,
        authors=(),
        date=None,
        html_path=Path("unused.html.gz"),
    )


def _set(pages: list[EvalPage], texts: dict[str, dict[str, str]]) -> report.SetRun:
    runs = {
        name: {p.id: PageRun(text=by_page.get(p.id, TRUTH), ms=1.0) for p in pages}
        for name, by_page in texts.items()
    }
    return report.SetRun("fundus", pages, runs, peaks=dict.fromkeys(texts, 50.0))


def test_worst_pages_never_show_a_check_page() -> None:
    pages = [_page("tune-1"), _page("check-1", check=True)]
    s = _set(pages, {"scraper": {"tune-1": HALF, "check-1": ""}, "trafilatura": {}})
    listed = report.worst_pages(s) or ""
    assert "tune-1" in listed
    assert "check-1" not in listed


def test_a_collapse_counts_only_where_the_best_peer_did_well() -> None:
    pages = [_page("a"), _page("b")]
    s = _set(
        pages,
        {"scraper": {"a": "", "b": ""}, "trafilatura": {"b": "regatta"}, "readability": {}},
    )
    assert report.collapses(s, [pages[0]]) == 1  # the peers got page a right
    assert report.collapses(s, pages) == 2  # readability got page b right too
    s = _set(pages, {"scraper": {"a": ""}, "trafilatura": {"a": "regatta"}})
    assert report.collapses(s, pages) == 0  # on page a no peer scored above 0.9


def test_done_when_names_a_large_group_behind_and_ignores_small_ones() -> None:
    big = [_page(f"de-{i}", "de") for i in range(9)]
    small = [_page(f"en-{i}", "en") for i in range(8)]
    behind = {p.id: HALF for p in big}
    s = _set(big + small, {"scraper": behind, "trafilatura": {}, "readability": {}})
    lines = report.done_when(s, "all")
    groups = next(line for line in lines if "every group" in line)
    assert groups.startswith("NO")
    assert "de (9)" in groups
    assert "en" not in groups


def test_done_when_passes_when_scraper_is_ahead_everywhere() -> None:
    pages = [_page(f"de-{i}", "de") for i in range(9)]
    peers = {p.id: HALF for p in pages}
    s = _set(pages, {"scraper": {}, "trafilatura": peers, "readability": peers})
    lines = report.done_when(s, "all")
    assert lines[0].startswith("ok")
    assert "F1 overall 1.000" in lines[0]
    assert all(line.startswith("ok") for line in lines if "ms" not in line), lines


def _speed(s: report.SetRun) -> str:
    return next(line for line in report.done_when(s, "all") if "median ms" in line)


def test_the_speed_verdict_comes_from_the_uncached_sample_even_with_a_cached_peer() -> None:
    pages = [_page("a"), _page("b")]
    runs = {n: {p.id: PageRun(TRUTH, 1.0) for p in pages} for n in ("scraper", "trafilatura")}
    cached = frozenset({"trafilatura"})
    s = report.SetRun("fundus", pages, runs, {}, cached)
    assert _speed(s).startswith("??")  # cached times: nothing to compare
    fast = report.SetRun("fundus", pages, runs, {}, cached, timing=Timing(40, 20.0, 50.0))
    assert _speed(fast).startswith("ok")
    assert "0.40" in _speed(fast)
    assert "40 pages" in _speed(fast)
    slow = report.SetRun("fundus", pages, runs, {}, cached, timing=Timing(40, 30.0, 50.0))
    assert _speed(slow).startswith("NO")
    assert "0.60" in _speed(slow)


def test_the_timing_sample_times_both_extractors_on_every_page(tmp_path: Path) -> None:
    body = "<p>" + "The harbour board voted to dredge the channel before the regatta. " * 8
    paths = []
    for i in range(3):
        path = tmp_path / f"{i}.html.gz"
        html = f"<html><body><article><h1>Story {i}</h1>{body}</p></article></body></html>"
        path.write_bytes(gzip.compress(html.encode("utf-8")))
        paths.append(path)
    pages = [_page(f"p{i}") for i in range(3)]
    pages = [dataclasses.replace(p, html_path=path) for p, path in zip(pages, paths, strict=True)]
    chosen = sample(pages, 2)
    assert chosen == [(None, paths[0]), (None, paths[1])]  # every k-th page
    timing = time_interleaved(sample(pages, 0))
    assert timing.pages == 3
    assert timing.scraper_ms > 0
    assert timing.trafilatura_ms > 0


def test_peer_outputs_survive_the_cache(tmp_path: Path) -> None:
    runs = {"p1": PageRun("text", 12.5, "Title", ("A. Author",), "2024-01-02", None, None)}
    cache = Cache(tmp_path)
    cache.store("trafilatura", "fundus", runs, 88.0)
    assert cache.load("trafilatura", "fundus") == (runs, 88.0)
    assert cache.load("trafilatura", "wcxb") == ({}, None)


def test_ranks_share_their_mean_rank_on_ties() -> None:
    assert report._ranks([0.5, 0.1, 0.5, 0.9]) == [2.5, 1.0, 2.5, 4.0]


def test_a_quality_score_that_orders_pages_by_f1_ranks_perfectly() -> None:
    pages = [_page(f"p{i}") for i in range(20)]
    words = TRUTH.split()
    # Page i keeps the first i+1 words of the truth: F1 rises with i, and so does the score.
    runs = {
        p.id: PageRun(" ".join(words[: i % len(words) + 1]), 1.0, quality=i / 20)
        for i, p in enumerate(pages[: len(words)])
    }
    s = report.SetRun("fundus", pages[: len(words)], {"scraper": runs}, {"scraper": None})
    table = report.ranking_table(s, "all") or ""
    row = table.splitlines()[2].split(" | ")
    assert row[2] == "1.000"  # Spearman
    assert row[3].startswith(f"{s.scores['scraper']['p0'].f1:.3f} (1 pages)")  # lowest tenth


def test_no_ranking_table_before_documents_carry_a_quality() -> None:
    s = _set([_page("a"), _page("b"), _page("c")], {"scraper": {}})
    assert report.ranking_table(s, "all") is None
