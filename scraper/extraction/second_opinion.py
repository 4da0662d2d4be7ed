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
from collections.abc import Callable, Iterable
from typing import Any

from scraper.extraction.blocks import Block

__all__ = ["agreed_blocks", "freeze_stoplist", "frozen_stoplist", "trafilatura_text"]

_TOKEN = re.compile(r"\w+")
# A block is agreed when at least this share of its words is in trafilatura's text.
AGREE = 0.5
# trafilatura's opinion counts only when it kept at least this share of scraper's words.
_MIN_OVERLAP = 0.3


def _trafilatura() -> Any:
    """trafilatura, imported on first use (most pages never need it)."""
    with warnings.catch_warnings():
        # trafilatura's downloader warns at import that urllib3 lacks SOCKS support; the
        # extractor never downloads, and the warning is noise in every cleaning worker.
        warnings.simplefilter("ignore")
        import trafilatura

    return trafilatura


def _trafilatura_external() -> Any:
    """trafilatura's module for the external extractors (typed loosely: its globals are
    replaced here by other types than it declares)."""
    _trafilatura()
    from trafilatura import external

    return external


def trafilatura_text(html: str, url: str | None) -> str:
    """trafilatura's default extraction of the page, as plain text ("" when it fails)."""
    trafilatura = _trafilatura()
    freeze_stoplist()
    try:
        return trafilatura.extract(html, url=url, include_comments=False) or ""
    except Exception:
        return ""


# trafilatura's own initialiser of its all-language justext stoplist, once replaced.
_library_init: Callable[[], Iterable[str]] | None = None


def frozen_stoplist() -> frozenset[str]:
    """Every justext stoplist's words, as trafilatura's ``jt_stoplist_init`` gathers them,
    but as a frozenset, which trafilatura then keeps for the rest of the process."""
    external = _trafilatura_external()
    if _library_init is None:
        raise RuntimeError("the stoplist initialiser is not installed")
    words = frozenset(_library_init())
    external.JT_STOPLIST = words
    return words


def freeze_stoplist() -> None:
    """Make trafilatura keep its all-language justext stoplist as a frozenset.

    trafilatura keeps it as a tuple of some 150,000 words, and justext's
    ``classify_paragraphs`` looks it up in an ``lru_cache`` keyed by the stoplist itself:
    hashing the tuple costs about 18 ms on every justext call (the rescue that runs on
    most doubtful pages). A frozenset keeps its hash, and justext builds the same set of
    words from it. Installed as trafilatura's initialiser, so the words are still read
    only when justext first runs; the library's files are not touched.
    """
    global _library_init
    external = _trafilatura_external()
    init = getattr(external, "jt_stoplist_init", None)
    if init is None or init is frozen_stoplist or not hasattr(external, "JT_STOPLIST"):
        return
    _library_init = init
    if isinstance(external.JT_STOPLIST, tuple):  # already read, as a tuple
        external.JT_STOPLIST = frozenset(external.JT_STOPLIST)
    external.jt_stoplist_init = frozen_stoplist


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
