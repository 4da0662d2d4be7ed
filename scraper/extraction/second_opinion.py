"""trafilatura's opinion on scraper's blocks: keep the blocks both extractors agree on.

Two extractors that work differently make different mistakes: scraper keeps a promo box
that looks like prose, trafilatura drops a section its scoring dislikes. Where scraper
doubts its own result (a low quality score), or where the user asked for precision, each
of scraper's blocks is kept only when most of its words are also in trafilatura's
extraction of the same page. Block by block, not word by word: a kept paragraph is kept
whole, so the text never comes out with holes. When trafilatura finds next to nothing
(it fails on some layouts), its opinion is not taken.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

from scraper.extraction.blocks import Block

__all__ = ["agreed_blocks", "trafilatura_text"]

_TOKEN = re.compile(r"\w+")
# A block is agreed when at least this share of its words is in trafilatura's text.
AGREE = 0.5
# trafilatura's opinion counts only when it kept at least this share of scraper's words.
_MIN_OVERLAP = 0.3


def trafilatura_text(html: str, url: str | None) -> str:
    """trafilatura's default extraction of the page, as plain text ("" when it fails)."""
    with warnings.catch_warnings():
        # trafilatura's downloader warns at import that urllib3 lacks SOCKS support; the
        # extractor never downloads, and the warning is noise in every cleaning worker.
        warnings.simplefilter("ignore")
        import trafilatura  # imported on first use: most pages never need it

    try:
        return trafilatura.extract(html, url=url, include_comments=False) or ""
    except Exception:
        return ""


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


# What trafilatura's opinion may not drop on a page scraper doubts: list items, table
# rows, definitions and headings. The doubtful pages are mostly listings, shops, forums
# and documentation, whose lists, tables and headings are the content, and those are
# what trafilatura (tuned on articles) leaves out; the chrome it catches there is in
# paragraph-like lines (promos, credits, notices).
_STRUCTURE = frozenset({"li", "row", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"})


def agreed_blocks(blocks: list[Block], other: str, *, doubtful: bool = False) -> list[Block]:
    """The blocks of ``blocks`` that ``other`` (the second opinion's text) agrees with.

    ``doubtful``: asked because scraper doubts the page (the balanced mode), not on every
    page (precision): list items, table rows and headings are kept whatever it says.
    """
    theirs = Counter(_tokens(other))
    ours = [_tokens(block.text) for block in blocks]
    total = sum(len(words) for words in ours)
    if not total or not theirs:
        return blocks
    shared = Counter(word for words in ours for word in words) & theirs
    if sum(shared.values()) < _MIN_OVERLAP * total:
        return blocks
    kept = []
    for block, words in zip(blocks, ours, strict=True):
        if (
            not words
            or (doubtful and block.kind in _STRUCTURE)
            or sum(1 for word in words if word in theirs) >= AGREE * len(words)
        ):
            kept.append(block)
    return kept
