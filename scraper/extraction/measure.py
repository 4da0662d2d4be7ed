"""How much text a string holds, the same way in every script.

Thresholds in the extractor ("a paragraph is at least 80 characters", "a short article
leaves less than 500") were set on alphabetic text, where a word takes five or six
characters and a space. A Chinese or Japanese sentence carries the same meaning in a
third of the characters and no spaces, and a Korean one in about half: measured in
characters, a whole Japanese article is "scant" and its paragraphs are "short". ``size``
counts such characters as the alphabetic text they stand for, so the same page gets the
same decisions in any script; ratios (link density) use it on both sides.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

__all__ = ["link_sizes", "node_size", "prose_len", "size"]

# Han ideographs (with extensions A and compatibility), kana, half-width kana.
_IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_HANGUL = "\uac00-\ud7a3"
_WIDE = re.compile(f"[{_IDEOGRAPHIC}]")
_KOREAN = re.compile(f"[{_HANGUL}]")
# Every character either pattern counts is U+3040 or above: in UTF-8, a byte 0xE3 or
# above starts it. Encoding the text and deleting the bytes below that answers for most
# non-ASCII text (accented letters, typographic quotes) four times faster than a regex
# scan of the text, and the two patterns above run only on the text that has such a
# byte (CJK text, emoji, a few symbols).
_NARROW_BYTES = bytes(range(0xE3))
# An ideograph weighs what about three letters of English do; a Hangul syllable two.
_IDEOGRAPH_WEIGHT = 3
_HANGUL_WEIGHT = 2


def size(text: str) -> int:
    """Length of ``text`` in alphabetic-character equivalents."""
    if text.isascii() or not text.encode("utf-8", "surrogatepass").translate(None, _NARROW_BYTES):
        return len(text)
    extra = (_IDEOGRAPH_WEIGHT - 1) * len(_WIDE.findall(text))
    extra += (_HANGUL_WEIGHT - 1) * len(_KOREAN.findall(text))
    return len(text) + extra


def node_size(node: LexborNode) -> int:
    """``size`` of an element's whole text."""
    return size(node.text(deep=True, strip=False))


def link_sizes(links: list[LexborNode]) -> dict[int, int]:
    """The ``size`` of each link's whole text, by its ``mem_id``."""
    return {a.mem_id: size(a.text(deep=True, strip=False)) for a in links}


def prose_len(
    node: LexborNode,
    length: int,
    links: list[LexborNode] | None = None,
    sizes: dict[int, int] | None = None,
) -> int:
    """Text that is not link text: what an article is made of. ``length``: the ``size``
    of the element's text; ``links``: the ``a[href]`` elements under ``node`` when they
    are already known; ``sizes``: links' text sizes already measured (``link_sizes``)."""
    if links is None:
        links = node.css("a[href]")
    if sizes is None:
        return length - sum(size(a.text(deep=True, strip=False)) for a in links)
    total = 0
    for a in links:
        known = sizes.get(a.mem_id)
        total += size(a.text(deep=True, strip=False)) if known is None else known
    return length - total
