"""Choosing the article among the page's blocks, and dropping the chrome inside it.

The container is, in order of trust: the first content selector (site rules, then the
shipped list) that holds a fair share of the page's prose; else the deepest element
that still holds most of the prose. "Prose" is text in blocks that are not mostly
links, so menus and link lists weigh nothing even when no selector names them (pages
with hashed class names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.datelines import drop_datelines
from scraper.extraction.heads import weightless_heads, with_heading
from scraper.extraction.item_heading import HEADING_ABOVE, heading_above
from scraper.extraction.marked import lone_article
from scraper.extraction.measure import size
from scraper.extraction.rules import CompiledRules, phrase_key
from scraper.extraction.teasers import drop_teasers

__all__ = ["Article", "choose_container", "filter_blocks", "is_meta_line", "prose_weights"]

# A block whose text is more than this share link text is navigation, not prose.
MAX_LINK_DENSITY = 0.5
# The container must keep at least this share of the page's prose.
KEEP_SHARE = 0.8
# A content-selector match is trusted when it holds at least this share of the prose.
SELECTOR_SHARE = 0.3
# Below this many characters a block that is all link is dropped.
_SHORT = 120
_BYLINE = re.compile(r"^(by|von|por|par|di|door|av|przez|автор)\s+\S+", re.IGNORECASE)
_DATELINE = re.compile(
    r"^((published|updated|posted|last updated|modified|veröffentlicht|aktualisiert|"
    r"publicado|actualizado)\b.{0,60}|\d{1,2}[./ -]\w{2,9},?[./ -]\d{2,4}|"
    r"\w{3,9}\.? \d{1,2},? \d{4}.{0,20}|\d{4}-\d{2}-\d{2}.{0,20})$",
    re.IGNORECASE,
)
_READ_TIME = re.compile(r"^\d+\s*(min|minute|minutes|mins)\b.{0,30}$", re.IGNORECASE)


def prose_weights(flat: Flattened, rules: CompiledRules, *, links: bool = False) -> list[int]:
    """Per block, how many characters of prose it contributes (0 for chrome-like blocks).

    ``links``: count link text too (listing pages, whose content is links to articles).
    """
    weights = []
    for block in flat.blocks:
        weight = block.size
        linky = block.link_density > MAX_LINK_DENSITY and not links
        if linky or rules.is_chrome_phrase(block.text):
            weight = 0
        elif block.kind in ("h1", "h2", "h3", "h4", "h5", "h6"):
            weight = weight // 2
        weights.append(weight)
    return weightless_heads(flat, weights)


def _totals(flat: Flattened, weights: list[int]) -> list[int]:
    totals = [0] * len(flat.elements)
    for block, weight in zip(flat.blocks, weights, strict=True):
        if weight:
            for element in flat.ancestors(block.owner):
                totals[element] += weight
    return totals


def _children(flat: Flattened) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in flat.elements]
    for index, element in enumerate(flat.elements):
        if element.parent >= 0:
            children[element.parent].append(index)
    return children


# The container is a container: descending into one paragraph of a short article would
# lose its other paragraphs.
_TEXT_ELEMENTS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "pre",
        "blockquote",
        "td",
        "th",
        "dd",
        "dt",
        "figcaption",
        "tr",
        "caption",
    ]
)


def _deepest_majority(flat: Flattened, totals: list[int]) -> int:
    children = _children(flat)
    need = totals[0] * KEEP_SHARE
    current = 0
    while True:
        best = max(children[current], key=lambda c: totals[c], default=None)
        if best is None or totals[best] < need or flat.elements[best].tag in _TEXT_ELEMENTS:
            marked = lone_article(flat, totals, current, best)
            if marked == current:
                return current
            # Inside the marked element, the deepest one that holds most of its prose.
            need = totals[marked] * KEEP_SHARE
            best = marked
        current = best


def choose_container(flat: Flattened, weights: list[int], selected: Iterable[Iterable[int]]) -> int:
    """Index of the element that holds the article.

    ``selected`` gives, per content selector in order of trust, the element indexes it
    matched.
    """
    totals = _totals(flat, weights)
    if not flat.elements or totals[0] == 0:
        return 0
    for matches in selected:
        # Some sites split the body into chunks that all carry the body's class (Condé
        # Nast's "article__body" per chunk, between ads): the article is all of them.
        holding = [m for m in matches if totals[m] >= totals[0] * 0.05]
        if sum(totals[m] for m in _outermost(flat, holding)) >= totals[0] * SELECTOR_SHARE:
            return _common_ancestor(flat, holding)
    return _deepest_majority(flat, totals)


def _outermost(flat: Flattened, elements: list[int]) -> list[int]:
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in flat.ancestors(e)[1:])]


def _common_ancestor(flat: Flattened, elements: list[int]) -> int:
    common: list[int] | None = None
    for element in elements:
        chain = flat.ancestors(element)[::-1]  # root first
        if common is None:
            common = chain
            continue
        size = 0
        while size < min(len(common), len(chain)) and common[size] == chain[size]:
            size += 1
        common = common[:size]
    return common[-1] if common else 0


# The kinds of block that may repeat the page's title at the top of the article.
_TITLE_KINDS = ("h1", "h2", "p")


def _is_chrome_block(
    block: Block,
    rules: CompiledRules,
    title_key: str | None,
    link_list: bool,
    title_kinds: tuple[str, ...] = _TITLE_KINDS,
) -> bool:
    """``link_list``: the container's links are its content (a listing page, or a list
    of links that makes up most of the container); ``title_kinds``: the kinds of block
    that go when they repeat the title."""
    text = block.text
    if rules.is_chrome_phrase(text):
        return True
    if block.size < 300 and rules.has_chrome_prefix(text):
        return True
    if rules.matches_pattern(text):
        return True
    # Linked headings are kept here: whether they are teasers of other stories or the
    # content of a listing page is decided with their neighbours (teasers.py).
    if _is_link_line(block) and not link_list:
        # A table row with a cell of plain text ("Quanta Services | $7.7B") is data.
        return block.kind != "row" or block.link_density > 0.9
    if not title_key or block.kind not in title_kinds:
        return False
    # The title repeated as the article's first heading; lengths first, it is cheaper.
    return abs(len(text) - len(title_key)) <= 8 and phrase_key(text) == title_key


def _is_link_line(block: Block) -> bool:
    """A short line that is mostly a link, not a heading: a menu's or a list's entry."""
    return block.link_density > 0.6 and block.size < _SHORT and block.kind[0] != "h"


# Link lines that make up at least this share of the container's text are its content
# (a list of links, an index table, a directory of entries), not a menu left inside it.
_LINK_LIST_SHARE = 0.5


# How many levels above the container a lead paragraph may sit (the article's header
# beside its body: "div.ContentHead > p.lead" next to "div.ArticleBody").
_LEAD_LEVELS = 2
_LEAD_MAX = 2


def _lead(flat: Flattened, container: int, inside: list[Block]) -> list[Block]:
    """Prose paragraphs just above the container, in its header: the standfirst that
    sites set apart from the body, in the same article element. In an article's
    ``<header>``, only a ``<p>``: a dek set in a box of its own is read on news stories
    only (``heads.header_dek``), as magazines' truths leave theirs out."""
    if not inside:
        return []
    scope = container
    for _ in range(_LEAD_LEVELS):
        parent = flat.elements[scope].parent
        if parent < 0 or flat.elements[parent].tag in ("body", "html"):
            break
        scope = parent
    if scope == container:
        return []
    first = next(i for i, b in enumerate(flat.blocks) if b is inside[0])
    found: list[Block] = []
    index = first - 1
    while index >= 0 and len(found) < _LEAD_MAX:
        block = flat.blocks[index]
        if not flat.contains(scope, block.owner) or block.kind == "h1":
            break
        if (
            block.prose
            and block.link_density < 0.1
            and _SENTENCE_END.search(block.text)
            and (
                flat.elements[block.owner].tag == "p"
                or all(flat.elements[e].tag != "header" for e in flat.ancestors(block.owner))
            )
        ):
            found.append(block)
        index -= 1
    return found[::-1]


def is_meta_line(text: str) -> bool:
    """A byline, dateline or reading time ("By Jane Doe", "Updated March 3, 2024")."""
    if size(text) > 80:
        return False
    return bool(_BYLINE.match(text) or _DATELINE.match(text) or _READ_TIME.match(text))


def _is_tail_chrome(block: Block) -> bool:
    """After the last paragraph: link lists, short labels ("Have your say:"), headings
    of what follows ("Other stories")."""
    if block.link_density > 0.3 or block.menu:
        return True
    text = block.text
    if block.size < 50 or text.count(" | ") >= 2:  # or a "Radio 1 | 17.06.2025 | 15:00" line
        return not _SENTENCE_END.search(text) and block.kind not in ("li", "row")
    return False


def _drop_empty_sections(inside: list[Block], blocks: list[Block]) -> list[Block]:
    """Headings whose section was dropped: blocks followed them in the page, none of them
    was kept, and the next kept block is a heading of the same or a higher rank ("You
    might like" above cards that were dropped)."""
    position = {id(block): index for index, block in enumerate(inside)}
    out = []
    for index, block in enumerate(blocks):
        if block.kind[0] == "h" and index + 1 < len(blocks):
            following = blocks[index + 1]
            gap = position[id(following)] - position[id(block)] > 1
            if gap and following.kind[0] == "h" and following.kind <= block.kind:
                continue
        out.append(block)
    return out


# A paragraph this long that comes out twice is a template's copy (a caption in the
# slider and again in the lightbox, a teaser in two rails), not the article saying it twice.
_REPEAT = 100


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    """Long blocks whose exact text was already kept: only the first copy stays."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if block.size >= _REPEAT:
            if block.text in seen:
                continue
            seen.add(block.text)
        out.append(block)
    return out


_SENTENCE_END = re.compile(r"[.!?…。！？\"”»)]$")


@dataclass(frozen=True, slots=True)
class Article:
    blocks: list[Block]
    meta_lines: list[str]  # bylines and datelines found above the article
    page_prose: int = 0  # the prose of the whole page (measure.size units)
    listing: bool = False  # read as a list of links
    # Where the blocks were chosen from, for the options that read more of the article
    # than its text (links, images: scraper/extraction/extras.py).
    flat: Flattened | None = None
    container: int = -1
    root: LexborNode | None = None


def filter_blocks(
    flat: Flattened,
    container: int,
    rules: CompiledRules,
    title: str | None,
    *,
    listing: bool,
    page_prose: int = 0,
    heading: int = 0,
) -> Article:
    """The blocks of ``container`` that are article, not chrome.

    ``listing``: the page is a list of links (an index page); links are its content.
    ``page_prose``: the prose of the whole page, recorded for the quality score.
    ``heading``: keep the page's ``<h1>`` at the top (``page_heading``).
    """
    title_key = phrase_key(title) if title else None
    kept: list[Block] = []
    meta_lines: list[str] = []
    inside = [b for b in flat.blocks if flat.contains(container, b.owner)]
    if not listing:
        inside = _lead(flat, container, inside) + inside
    if heading == HEADING_ABOVE:
        inside = heading_above(flat, inside) + inside
    lines = sum(block.size for block in inside if _is_link_line(block))
    link_list = listing or lines >= _LINK_LIST_SHARE * sum(block.size for block in inside)
    title_kinds = _TITLE_KINDS[1:] if heading else _TITLE_KINDS
    for block in inside:
        # Bylines and datelines above the first paragraph feed the metadata, whether they
        # are dropped as chrome ("Posted: ...") or as meta lines below.
        above_prose = not any(b.prose for b in kept[-3:])
        if above_prose and len(meta_lines) < 6 and is_meta_line(block.text):
            meta_lines.append(block.text)
        if not _is_chrome_block(block, rules, title_key, link_list, title_kinds):
            kept.append(block)
    if not listing:
        kept = drop_teasers(flat, kept)
        kept = _drop_empty_sections(inside, kept)
        kept = _drop_repeats(kept)
    # Bylines, datelines and reading times sit at the top of the article, above the prose,
    # and so does a menu bar that lost its markup ("Weather\u00a0\u00a0Live Markets").
    start = 0
    while start < len(kept) and start < 6:
        head = kept[start]
        if not is_meta_line(head.text) and (heading or head.kind != "h1") and not head.menu:
            break
        start += 1
    end = len(kept)
    if not listing and any(b.prose for b in kept[start:]):
        while end > start and not kept[end - 1].prose and _is_tail_chrome(kept[end - 1]):
            end -= 1
        end = _headless_tail(kept, start, end)
        return Article(
            with_heading(inside, drop_datelines(kept[start:end])), meta_lines, page_prose, listing
        )
    return Article(with_heading(inside, kept[start:end]), meta_lines, page_prose, listing)


def _headless_tail(kept: list[Block], start: int, end: int) -> int:
    """Where the article ends once a heading after its last paragraph goes: a heading
    followed by no prose, only short lines, heads no section of the article; it is a call
    to action ("Ready to get started?", "Get the free eBook!") above its button. A run of
    headings there is a list (questions of an FAQ whose answers are folded away): it
    stays."""
    cut = end
    index = end
    headings = 0
    while index > start:
        block = kept[index - 1]
        if block.prose or block.kind in ("li", "row") or block.size >= _PARAGRAPH_MIN:
            break
        index -= 1
        if block.kind[0] == "h":
            headings += 1
            if headings > _CTA_HEADINGS:
                return end
            cut = index
    return cut


_PARAGRAPH_MIN = 80
_CTA_HEADINGS = 2
