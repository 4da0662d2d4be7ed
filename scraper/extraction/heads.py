"""The article's head: the ``<header>`` of an ``<article>``, with its title, standfirst
and byline.

Its standfirst (the lead paragraph beside the title, which news truths keep) is the
article's, so the header is not chrome when it holds one (and ``standfirst`` puts it
back on top of a news story whose body left it out); but the header's text does not
choose the container: a standfirst of a few lines beside a body that holds 80% of
the prose would tip the balance towards a wrapper that also holds the sidebar.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.extraction.authors import opens_byline
from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.datelines import is_dateline
from scraper.extraction.measure import node_size, size

__all__ = [
    "header_dek",
    "holds_lead",
    "says_description",
    "standfirst",
    "weightless_heads",
    "with_heading",
]

# A lead paragraph: this long, ending a sentence.
_LEAD = 80
_SENTENCE_END = re.compile(r"[.!?…。！？\"”»)]\s*$")
# A line this short that is mostly its link is a name ("By <a>Jane Doe</a>").
_NAME_LINE = 80
_SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})


def holds_lead(node: LexborNode) -> bool:
    """Whether ``node`` is an ``<article>``'s ``<header>`` that holds the standfirst: a
    paragraph of prose beside the title ("header.article-head > h1 + p.preface"), or a
    dek right under it ("h1 + h2.subtitle", "h1 + div.excerpt"). Its byline, date and
    share buttons are left to the article's own rules; a dek that is no paragraph of
    prose is read only on a news story (``header_dek``)."""
    if node.tag != "header" or not _in_article(node):
        return False
    for para in node.css("p"):
        text = para.text(deep=True)
        if size(text) >= _LEAD and _SENTENCE_END.search(text) and not _after_name(para):
            return True
    return _subheading_lead(node)


# A dek: the first text after the header's <h1>, in a subheading, a paragraph or a box
# of its own, this long, mostly not links.
_SUBHEADING_LEAD = 50
_SUBHEADINGS = frozenset({"h2", "h3", "h4", "p", "div"})
_BLOCKS = "p, div, ul, ol, h2, h3, h4"
_META = "time, address, [rel=author]"


def _subheading_lead(node: LexborNode) -> bool:
    """Whether the first text after the header's ``<h1>`` is a dek (``h1 +
    h2.subtitle``, ``h1 + p.subtitle``, ``h1 + div.excerpt``)."""
    title = node.css_first("h1")
    if title is None:
        return False
    after = title.next
    while after is not None and (after.tag == "-text" or not after.text(deep=True).strip()):
        after = after.next
    if after is None or after.tag not in _SUBHEADINGS:
        return False
    # A box of its own: one that holds paragraphs holds a byline and a bio, or the body;
    # one that holds a time or an author's link is the byline and the date.
    if any(inner.mem_id != after.mem_id for inner in after.css(_BLOCKS)):
        return False
    text = after.text(deep=True)
    if after.css_first(_META) is not None or opens_byline(text.strip()):
        return False
    length = size(text)
    linked = sum(size(a.text(deep=True)) for a in after.css("a[href]"))
    return length >= _SUBHEADING_LEAD and 3 * linked < length


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


# A news story's standfirst, set apart from its body (beside the title, in a heading or a
# paragraph of its own) where the container does not reach, is the summary the page
# gives in its description (og:description): a block before the body that says what the
# description says, no less and little more, where a standfirst stands (``_placed``).
# News truths keep it. Elsewhere (outside any ``<article>``, away from the headline,
# above a table of contents), such a summary is the page's teaser of itself.
_SAME = 0.8
# Elements between the standfirst and the body's container, up to their common
# ancestor and down again: further away, a summary is the page's, not the article's.
_NEAR = 10
_STANDFIRST = 60
# A short subheading ("First post in a series") is a blog's subtitle, not a summary.
_SUBHEAD = 100
_DESCRIPTION_WORDS = 5
_WORDS = re.compile(r"\w+")
_MINOR = frozenset({"h3", "h4", "h5", "h6"})
# The headline a standfirst stands right under.
_HEADLINE = frozenset({"h1", "h2"})
# Of the container's text, no more than a short line (a dateline, an ad's label) is left
# out between the standfirst and the body.
_LEFT_OUT = 80


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _says(words: list[str], summary: list[str]) -> bool:
    """Whether ``words`` and ``summary`` say the same: each holds most of the other's."""
    if not words:
        return False
    theirs, ours = set(summary), set(words)
    held = sum(word in theirs for word in words)
    holds = sum(word in ours for word in summary)
    return held >= _SAME * len(words) and holds >= _SAME * len(summary)


def says_description(text: str, description: str | None) -> bool:
    """Whether ``text`` says what the page's ``description`` says (a standfirst does)."""
    if not description:
        return False
    summary = _words(description)
    return len(summary) >= _DESCRIPTION_WORDS and _says(_words(text), summary)


def _distance(flat: Flattened, one: int, other: int) -> int:
    """Elements from ``one`` up to the nearest ancestor it shares with ``other`` and
    down to ``other``."""
    ours, theirs = flat.ancestors(one), flat.ancestors(other)
    shared = set(theirs)
    up = next(i for i, element in enumerate(ours) if element in shared)
    return up + theirs.index(ours[up])


def _placed(flat: Flattened, container: int, index: int, first: int) -> bool:
    """Whether the block at ``index`` stands where a standfirst does: in the story's
    ``<article>``, right under its headline (an ``<h1>``, or an ``<h2>`` in a heading
    group), leading into the body (which starts at block ``first``) with no other title
    (``<h1>``) and no more than a short line of the ``container`` between them."""
    owner = flat.blocks[index].owner
    if not any(flat.elements[element].tag == "article" for element in flat.ancestors(owner)):
        return False
    if index == 0 or flat.blocks[index - 1].kind not in _HEADLINE:
        return False
    between = flat.blocks[index + 1 : first]
    if any(block.kind == "h1" for block in between):
        return False
    return sum(b.size for b in between if flat.contains(container, b.owner)) < _LEFT_OUT


def standfirst(
    flat: Flattened | None, container: int, blocks: list[Block], description: str | None
) -> list[Block]:
    """``blocks`` (read from ``container``) with the story's standfirst on top, when it
    was left out: the nearest block before the first of ``blocks`` that says what the
    page's ``description`` says (a paragraph or heading, not the title, mostly not
    links), near the container, where a standfirst stands (``_placed``)."""
    if flat is None or container < 0 or not blocks or not description:
        return blocks
    summary = _words(description)
    if len(summary) < _DESCRIPTION_WORDS or any(_says(_words(b.text), summary) for b in blocks):
        return blocks
    first = next((i for i, b in enumerate(flat.blocks) if b is blocks[0]), 0)
    for index in range(first - 1, -1, -1):
        block = flat.blocks[index]
        shortest = _SUBHEAD if block.kind in _MINOR else _STANDFIRST
        if block.size < shortest or block.link_density > 0.3 or block.kind == "h1":
            continue
        words = _words(block.text)
        if _says(words, summary) and _distance(flat, block.owner, container) <= _NEAR:
            said = " ".join(words)
            if any(said in " ".join(_words(b.text)) for b in blocks):
                return blocks
            return [block, *blocks] if _placed(flat, container, index, first) else blocks
    return blocks


def _header_of(flat: Flattened, owner: int) -> int:
    """The nearest ``<header>`` around ``owner`` inside an ``<article>``, else -1."""
    chain = flat.ancestors(owner)
    header = next((e for e in chain if flat.elements[e].tag == "header"), -1)
    if header < 0 or not any(flat.elements[e].tag == "article" for e in chain):
        return -1
    return header


def header_dek(flat: Flattened | None, blocks: list[Block]) -> list[Block]:
    """``blocks`` with the news story's dek on top, when they left it out: the block right
    after the ``<h1>`` in the story's ``<header>`` (kept by ``holds_lead``), before the
    first of ``blocks``, at least ``_SUBHEADING_LEAD`` long and mostly not links. Deks
    that are no paragraph of prose (a subheading, a short line, a box) are left to news
    stories, whose truths keep them; a magazine's are its teaser."""
    if flat is None or not blocks:
        return blocks
    first = next((i for i, b in enumerate(flat.blocks) if b is blocks[0]), 0)
    for index in range(first - 1, 0, -1):
        block, title = flat.blocks[index], flat.blocks[index - 1]
        if title.kind != "h1":
            continue
        header = _header_of(flat, block.owner)
        if header < 0 or not flat.contains(header, title.owner):
            continue
        if block.size < _SUBHEADING_LEAD or block.link_density > 0.3 or block.kind == "h1":
            return blocks
        if opens_byline(block.text) or is_dateline(block):
            return blocks
        said = " ".join(_words(block.text))
        if any(said in " ".join(_words(b.text)) for b in blocks):
            return blocks
        return [block, *blocks]
    return blocks
