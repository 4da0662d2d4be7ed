"""The part of the page that its markup names as the article.

``content`` takes the deepest element that still holds most of the page's prose. Where
that element is a section of a few parts, one of them an ``<article>`` with at least
half of the section's prose, the page has said which part is its article: the rest
beside it (a shop's specifications, warranty and "ask an expert" boxes in one product
section) is what the page says around it. A thread's posts are articles side by side:
none of them is the page. So with ``<main>``, the page's main content by its own markup,
beside a welcome box, a wishlist slider or the next stories outside it.
"""

from __future__ import annotations

from scraper.extraction.blocks import Flattened

__all__ = ["lone_article"]

# The tags by which a page names its article or its main content.
MARKED = ("article", "main")
# The marked element holds at least this share of the container's prose.
SHARE = 0.5


def lone_article(flat: Flattened, totals: list[int], container: int, best: int | None) -> int:
    """``best`` (the container's child with the most prose, ``totals`` per element) when
    it is a marked element that holds at least half of the container's prose, and the
    container holds no other element of its tag; else ``container``."""
    if best is None:
        return container
    tag = flat.elements[best].tag
    if tag not in MARKED or totals[best] < SHARE * totals[container]:
        return container
    others = (i for i, e in enumerate(flat.elements) if e.tag == tag and i != best)
    if any(flat.contains(container, i) for i in others):
        return container
    return best
