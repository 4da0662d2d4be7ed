"""Rails of product cards that are not the page's content.

A shop's product page ends in rails of other products ("Customers also viewed",
"Similar items", "Complete the look"), and shops put them under their category pages
and articles too. Their words differ from site to site and language to language; their
shape does not: three or more sibling elements of one tag, each an image, a link to
another page and a line or two of text, about half of them with a price, and no prose.
Such a run is left out with the short heading or label above it, unless the cards are
what the page is about (a category page, a search result), which they then make up a
large share of, while the page has no price and no paragraph of its own outside them
(a product page whose own text is one paragraph under its price has rails that outweigh
it, and they go). Cards without prices (feature tiles with icons, category links, story
teasers) are left to the other rules: on the pages they were tried on, they were as
often the content as not.

Two steps: ``card_runs`` finds the runs in the DOM (where images and links are seen),
``drop_card_runs`` measures them on the flattened blocks (where the chrome inside a card,
such as a carousel's hidden "why this ad" menu, is already gone) and drops them.

What the rails leave behind on an item's page is the same widget's short line once per
card, per variant or per slide ("Add To Cart", "Fast & Free Shipping.", "$18"): on such a
page, ``drop_repeated_lines`` keeps the first copy of each short line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened

__all__ = ["CardRun", "card_runs", "drop_card_runs", "drop_repeated_lines"]

# How far above an image the card and its grid may sit (img < a < div.card < li < ul,
# and a few wrappers more in component frameworks).
_LEVELS = 9
# A run has at least this many cards.
_MIN_CARDS = 3
# A card holds a name, a price, a rating or a one-line blurb: on average no more text
# than this (measure.size units). Feature tiles of the product itself hold sentences.
_CARD_TEXT = 200
# No block of a card is this long: a longer one is prose.
_PROSE = 160
# Cards that hold at least this share of the page's text are the page (a category page,
# a listing), not a rail beside it, unless the page also has a price and a paragraph of
# this size of its own (a product's, outside the rails).
_PAGE_SHARE = 0.35
_OWN_PROSE = 200
# A price: a currency sign or code beside a number ("$13.40", "19,99 €", "EUR 355.58",
# "R$ 59", "¥1,200", "1 299 kr"), on a short line of its own.
_PRICE = re.compile(
    r"(?:[$€£¥₹₩₽₺₫₪₱฿]|\b(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|R\$|kr|zł|Kč|Ft|lei|руб|zl)\b)"
    r"\s?\d|\d[\d.,\s]*\s?(?:[$€£¥₹₩₽₺₫₪₱฿円元원]|\b(?:kr|zł|Kč|Ft|lei|руб|EUR|USD|CHF)\b)"
)
_PRICE_LINE = 80  # "+ $23.51 delivery", "From $29", "previous price $20.11 20% off"
# A heading or label above a run ("Similar items"): short, not a sentence.
_LABEL = 60
# How far above the grid the section that holds its label may end.
_SECTION_LEVELS = 4


@dataclass(frozen=True, slots=True)
class CardRun:
    """A grid element and the number of cards in it."""

    grid: int  # mem_id
    cards: int


def card_runs(root: LexborNode) -> list[CardRun]:
    """The elements under ``root`` whose children make a run of linked image cards."""
    children: dict[int, dict[int, LexborNode]] = {}
    for image in root.css("img"):
        node = image
        for _ in range(_LEVELS):
            parent = node.parent
            if parent is None or parent.mem_id == root.mem_id:
                break
            children.setdefault(parent.mem_id, {})[node.mem_id] = node
            node = parent
    runs = []
    for grid, under in children.items():
        if len(under) >= _MIN_CARDS and _linked_siblings(list(under.values())):
            runs.append(CardRun(grid, len(under)))
    return runs


def _linked_siblings(nodes: list[LexborNode]) -> bool:
    """Siblings of one tag, most of one class (a carousel marks its current slide, or
    every fifth as a snap point, with a class of its own; a shop adds each product's id
    and categories after the card's class: the first word counts), that each link
    somewhere."""
    kinds = Counter((node.tag, _first_class(node)) for node in nodes)
    if 3 * kinds.most_common(1)[0][1] < 2 * len(nodes):
        return False
    tag = nodes[0].tag
    return all(
        node.tag == tag and (tag == "a" or node.css_first("a[href]") is not None) for node in nodes
    )


def _first_class(node: LexborNode) -> str:
    """The first word of an element's class: shops add words per product after the
    card's own ("product post-17624 instock product_cat-dress")."""
    names = (node.attributes.get("class") or "").split()
    return names[0] if names else ""


def drop_card_runs(flat: Flattened, runs: list[CardRun]) -> tuple[Flattened, set[int]]:
    """``flat`` without the blocks of the rails among ``runs`` (and their labels), unless
    the rails are a large share of a page with no price and prose of its own; and the
    ``mem_id``s of the rails dropped."""
    spans = [span for span in (_span(flat, run) for run in runs) if span is not None]
    dropped: set[int] = set()
    grids: set[int] = set()
    for grid, (first, last), cards in spans:
        if _is_rail(flat.blocks[first:last], cards):
            dropped.update(range(first, last))
            grids.add(flat.elements[grid].mem_id)
            if first > 0 and _is_label(flat, flat.blocks[first - 1], grid):
                dropped.add(first - 1)
    total = sum(block.size for block in flat.blocks)
    if not dropped:
        return flat, set()
    rest = [block for p, block in enumerate(flat.blocks) if p not in dropped]
    if sum(flat.blocks[p].size for p in dropped) >= _PAGE_SHARE * total and not (
        any(map(_is_own_prose, rest)) and any(map(_is_price, rest))
    ):
        return flat, set()
    return Flattened(flat.elements, rest, flat.index), grids


def _is_own_prose(block: Block) -> bool:
    """A paragraph of prose, not a line of links."""
    return block.size >= _OWN_PROSE and block.link_density < 0.3


def _is_price(block: Block) -> bool:
    """A price and little else ("$19.95", "From: $39.00", "€1.299,00 €999,00"), not a
    promotion ("Save up to $200") nor a filter's range ("$0 - $200")."""
    text = block.text
    if block.size >= _PRICE_LINE or _PRICE.search(text) is None or _RANGE.search(text):
        return False
    return len(_LETTER.findall(_PRICE.sub("", text))) <= _PRICE_WORDS


_RANGE = re.compile(r"\d\s*[-–—]\s*\D?\s?\d")
_LETTER = re.compile(r"[^\W\d_]")
_PRICE_WORDS = 12


def _span(flat: Flattened, run: CardRun) -> tuple[int, tuple[int, int], int] | None:
    """The run's grid element and the positions of its blocks (``first`` to ``last``,
    exclusive): flattening reads the page in document order, so the elements under the
    grid follow it, and their blocks follow one another."""
    grid = flat.index.get(run.grid)
    if grid is None:
        return None
    elements = flat.elements
    end = grid + 1
    # An element lies under the grid when its parent does (or is the grid).
    while end < len(elements) and elements[end].parent >= grid:
        end += 1
    blocks = flat.blocks
    first = next((p for p, b in enumerate(blocks) if grid <= b.owner < end), None)
    if first is None:
        return None
    last = first + 1
    while last < len(blocks) and grid <= blocks[last].owner < end:
        last += 1
    return grid, (first, last), run.cards


def _is_rail(blocks: list[Block], cards: int) -> bool:
    """Short lines only, a card's worth each on average, and prices on half the cards."""
    if any(block.size >= _PROSE for block in blocks):
        return False
    if sum(block.size for block in blocks) > _CARD_TEXT * cards:
        return False
    priced = sum(1 for block in blocks if block.size < _PRICE_LINE and _PRICE.search(block.text))
    return 2 * priced >= cards


def _is_label(flat: Flattened, block: Block, grid: int) -> bool:
    """A short heading or line just above the grid, in the section around it."""
    if block.size >= _LABEL or block.text.endswith("."):
        return False
    section = flat.ancestors(grid)[:_SECTION_LEVELS][-1]
    return flat.contains(section, block.owner)


# A line shorter than this (measure.size units) that comes out again is a widget's.
_REPEATED_LINE = 80
# Table rows and headings repeat by design (a spec table's "Weight" under each product,
# a comparison's "Yes"): other rules decide on them. A list item does not: a badge list
# ("- Free Shipping & Returns") repeated per slide is a widget's like any other line.
_STRUCTURED = frozenset({"row", "h1", "h2", "h3", "h4", "h5", "h6"})


def drop_repeated_lines(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the second and later copies of each short line or list item
    (not a table row or heading), for the page of an item for sale (``Metadata.item``):
    there a label or value that comes out twice is repeated by a widget, per card,
    variant or slide ("Add To Cart" under each product of a rail the card rules left, a
    "Fast & Free Shipping." badge in each slide). Articles are not read so: a recipe's or
    a report's short lines repeat on purpose."""
    seen: set[str] = set()
    kept = []
    for block in blocks:
        if block.size < _REPEATED_LINE and block.kind not in _STRUCTURED:
            if block.text in seen:
                continue
            seen.add(block.text)
        kept.append(block)
    return kept
