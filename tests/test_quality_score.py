"""The quality score's measures: what lowers it, and when it makes scraper ask trafilatura."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE

from scraper import ExtractConfig, Favor, extract
from scraper.extraction import pipeline
from scraper.extraction.blocks import Block
from scraper.extraction.quality import Signals, assess, doubts


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


def _line(text: str) -> Block:
    return Block("li", text, len(text), 0, size=len(text))


TEASERS = [_line(f"Bridge closed again on day {n} of the works") for n in range(16)]


def test_text_after_the_last_paragraph_lowers_the_score_and_says_so() -> None:
    """A story followed by a run of teaser lines (chrome left in after the article): the
    same text before the paragraphs' end would still be the article's list."""
    clean = ARTICLE + TEASERS[:1]
    tailed = ARTICLE + TEASERS
    for blocks in (clean, tailed):
        signals = Signals(TOTAL, False, False, page_text=sum(b.size for b in blocks))
        assert "output mostly links" not in assess(blocks, signals).reasons
    signals = Signals(TOTAL, False, False, page_text=sum(b.size for b in tailed))
    inside = ARTICLE[:3] + TEASERS + ARTICLE[3:]
    assert assess(tailed, signals).score < assess(inside, signals).score
    assert "much text after the last paragraph" in assess(tailed, signals).reasons
    assert "much text after the last paragraph" not in assess(clean, signals).reasons


def test_text_before_the_first_paragraph_lowers_the_score_and_says_so() -> None:
    headed = TEASERS + ARTICLE
    signals = Signals(TOTAL, False, False, page_text=sum(b.size for b in headed))
    inside = ARTICLE[:3] + TEASERS + ARTICLE[3:]
    assert assess(headed, signals).score < assess(inside, signals).score
    assert "much text before the first paragraph" in assess(headed, signals).reasons


def test_the_doubt_that_asks_trafilatura_is_not_the_reported_score() -> None:
    """Text after the last paragraph lowers the reported score, not the doubt measure
    that decides whether trafilatura's time is paid: which pages ask it stays put."""
    tailed = ARTICLE + TEASERS
    inside = ARTICLE[:3] + TEASERS + ARTICLE[3:]
    signals = Signals(TOTAL, False, False, page_text=sum(b.size for b in tailed))
    low, high = assess(tailed, signals).score, assess(inside, signals).score
    threshold = (low + high) / 2
    assert doubts(tailed, signals, threshold) == doubts(inside, signals, threshold)
    assert doubts([], signals, threshold)
