"""The quality score's measures: what lowers it, and when it makes scraper ask trafilatura."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE

from scraper import ExtractConfig, Favor, extract
from scraper.extraction import pipeline
from scraper.extraction.blocks import Block
from scraper.extraction.quality import Signals, assess


def _block(text: str) -> Block:
    return Block("p", text, 0, 0, size=len(text))


ARTICLE = [_block(f"{PROSE} {OTHER} ({n})") for n in range(6)]
TOTAL = sum(block.size for block in ARTICLE)


def test_an_output_that_is_a_small_part_of_the_chrome_free_page_scores_lower() -> None:
    """One region chosen among several (a listing's first card, one post of a thread)."""
    whole = assess(ARTICLE, Signals(TOTAL, False, False, page_text=TOTAL))
    part = assess(ARTICLE, Signals(TOTAL, False, False, page_text=5 * TOTAL))
    assert part.score < whole.score
    # Unknown (0): no penalty.
    assert assess(ARTICLE, Signals(TOTAL, False, False)).score == whole.score


def test_an_output_made_of_short_blocks_scores_lower_than_one_of_paragraphs() -> None:
    """Labels, card lines and teaser titles: even when each ends like a sentence, an output
    of short blocks is a shop, listing or forum page, or chrome left in an article."""
    words = (PROSE + " " + OTHER).split()
    lines = [" ".join(words[i : i + 6]) + "." for i in range(0, len(words), 6)]
    short = [_block(line) for line in lines * 10]
    long = [_block(" ".join(lines[i : i + 4])) for i in range(0, len(lines), 4)] * 10
    size = sum(block.size for block in short)
    assert abs(size - sum(block.size for block in long)) < 0.05 * size
    signals = Signals(size, False, False, page_text=size)
    assert assess(short, signals).score < assess(long, signals).score


def test_a_short_page_with_a_fact_list_is_not_doubted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A heading, a paragraph and a fact box: very short and list-like, which lowers the
    score, but not below the doubt threshold: trafilatura (its cost) is not asked."""
    asked: list[str | None] = []

    def second_opinion(html: str, url: str | None) -> str:
        asked.append(url)
        return ""

    monkeypatch.setattr(pipeline, "trafilatura_text", second_opinion)
    facts = "".join(
        f"<li>{fact}</li>"
        for fact in ("Cost: 3 million", "Length: 200 m", "Opening: 2026", "Lanes: two")
    )
    html = (
        "<html><head><title>Bridge plans</title></head><body><div><h2>Bridge plans</h2>"
        f"<p>{PROSE}</p><ul>{facts}</ul></div></body></html>"
    )
    doc = extract(html)
    assert doc.quality is not None
    assert "very short" in doc.quality.reasons
    assert not asked
    extract(html, config=ExtractConfig(favor=Favor.PRECISION))
    assert asked
