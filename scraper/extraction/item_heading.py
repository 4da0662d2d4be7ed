"""The page's heading as part of its text: a product's, a service's or a category's
``<h1>`` names what the text is about, where a story's headline is its title
(``content.filter_blocks``' ``heading``)."""

from __future__ import annotations

from collections.abc import Iterable

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened

__all__ = ["HEADING_ABOVE", "HEADING_INSIDE", "HEADING_NONE", "heading_above", "page_heading"]

# How much of the page's heading its text keeps (``page_heading``): none; its <h1> when
# it sits in the article's container; also an <h1> above the container.
HEADING_NONE, HEADING_INSIDE, HEADING_ABOVE = 0, 1, 2


def page_heading(published: str | None, metas: Iterable[LexborNode]) -> int:
    """Whether the page's ``<h1>`` is part of its text. A story's headline is its title,
    not its text; the heading of a page that is no story (a product, a service, a shop's
    category) names what the text is about. Such a page states no publication date and
    declares a kind of its own in Open Graph's ``og:type`` ("product", "website"); a page
    that declares nothing is read as a story. A kind of its own that is not a website's
    page ("product", "product.group", a marketplace's item) is an item: its name heads
    the text even above the container, over the buy box and gallery beside it."""
    if published is not None:
        return HEADING_NONE
    for node in metas:
        attributes = node.attributes
        if attributes.get("property") == "og:type":
            kind = (attributes.get("content") or "").strip().lower()
            if kind in ("", "article"):
                return HEADING_NONE
            return HEADING_INSIDE if kind == "website" else HEADING_ABOVE
    return HEADING_NONE


def heading_above(flat: Flattened, inside: list[Block]) -> list[Block]:
    """The page's first ``<h1>``, when the container holds none and it comes before the
    container's first block."""
    if not inside or any(block.kind == "h1" for block in inside):
        return []
    first = inside[0]
    for block in flat.blocks:
        if block is first:
            return []
        if block.kind == "h1":
            return [block]
    return []
