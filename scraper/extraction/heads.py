"""The article's head: the ``<header>`` of an ``<article>``, with its title, standfirst
and byline.

Its standfirst (the lead paragraph beside the title, which news truths keep) is the
article's, so the header is not chrome when it holds one; but the header's text does
not choose the container: a standfirst of a few lines beside a body that holds 80% of
the prose would tip the balance towards a wrapper that also holds the sidebar.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.measure import node_size, size

__all__ = ["holds_lead", "weightless_heads", "with_heading"]

# A lead paragraph: this long, ending a sentence.
_LEAD = 80
_SENTENCE_END = re.compile(r"[.!?…。！？\"”»)]\s*$")
# A line this short that is mostly its link is a name ("By <a>Jane Doe</a>").
_NAME_LINE = 80
_SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})


def holds_lead(node: LexborNode) -> bool:
    """Whether ``node`` is an ``<article>``'s ``<header>`` that holds the standfirst: a
    paragraph of prose beside the title ("header.article-head > h1 + p.preface"). Its
    byline, date and share buttons are left to the article's own rules."""
    if node.tag != "header" or not _in_article(node):
        return False
    for para in node.css("p"):
        text = para.text(deep=True)
        if size(text) >= _LEAD and _SENTENCE_END.search(text) and not _after_name(para):
            return True
    return False


def _after_name(para: LexborNode) -> bool:
    """Whether the paragraph follows a linked name: the author's bio, not the lead."""
    before = para.prev
    while before is not None and before.tag == "-text":
        before = before.prev
    if before is None:
        return False
    length = node_size(before)
    if not length or length > _NAME_LINE:
        return False
    linked = sum(size(a.text(deep=True, strip=False)) for a in before.css("a[href]"))
    return 2 * linked > length


def _in_article(node: LexborNode) -> bool:
    """Whether the nearest sectioning element around ``node`` is an ``<article>``."""
    parent = node.parent
    while parent is not None and parent.tag not in _SECTIONING:
        parent = parent.parent
    return parent is not None and parent.tag == "article"


# A <header> holding less than this share of the page's prose is the article's head; one
# that holds more is the page (some themes put the whole article in one).
_HEAD_SHARE = 0.2


def weightless_heads(flat: Flattened, weights: list[int]) -> list[int]:
    """``weights`` (prose per block) with the blocks of the article's head at 0: a
    ``<header>`` that holds the ``<h1>`` and less than a fifth of the prose. Its
    standfirst is read beside the body (``content._lead``)."""
    heads = _outermost_headers(flat)
    held: dict[int, int] = {}
    titled: set[int] = set()
    for block, weight in zip(flat.blocks, weights, strict=True):
        head = heads[block.owner]
        if head >= 0:
            held[head] = held.get(head, 0) + weight
            if block.kind == "h1":
                titled.add(head)
    limit = sum(weights) * _HEAD_SHARE
    small = {head for head in titled if held[head] < limit}
    if not small:
        return weights
    return [
        0 if heads[block.owner] in small else weight
        for block, weight in zip(flat.blocks, weights, strict=True)
    ]


def _outermost_headers(flat: Flattened) -> list[int]:
    """Per element, the index of the outermost ``<header>`` it is or sits in, else -1
    (a parent comes before its children in ``flat.elements``)."""
    heads: list[int] = []
    for index, element in enumerate(flat.elements):
        above = heads[element.parent] if element.parent >= 0 else -1
        heads.append(above if above >= 0 else (index if element.tag == "header" else -1))
    return heads


# Less text than a paragraph's beside the heading: the heading is the post.
_BARE = 80


def with_heading(inside: list[Block], blocks: list[Block]) -> list[Block]:
    """A post that is only its heading (a link shared on a forum, a photo with a title):
    the ``<h1>``, dropped as the title's repeat, is all it says, and goes back on top
    when the kept ``blocks`` hold less than a paragraph. ``inside``: the container's
    blocks."""
    if sum(block.size for block in blocks) >= _BARE:
        return blocks
    heading = next((block for block in inside if block.kind == "h1"), None)
    if heading is None or any(block is heading for block in blocks):
        return blocks
    return [heading, *blocks]
