"""How little prose makes a page a listing (an index of links, whose links are content).

A page with almost no prose outside links is an index page. Two kinds of page are read
with another threshold: a product's page is never a listing (its own text can be a few
lines beside rails of other products' linked names: ``Metadata.sold``), and a
newsroom's story (a JSON-LD NewsArticle or a kind of it) is one only below 400 size
units: an agency's brief of three paragraphs, read as a listing, kept its "Read also"
links and the rankings and teaser lists after it. Any page calling itself an article is
not enough (on WCXB dev's check part that cost 0.0001).
"""

from __future__ import annotations

from scraper.extraction.metadata import Metadata

__all__ = ["LISTING_PROSE", "listing_prose"]

LISTING_PROSE = 1000
_STORY_PROSE = 400


def listing_prose(meta: Metadata) -> int:
    """Below how much prose (``measure.size`` units) the page is read as a listing."""
    if meta.sold:
        return 0
    return _STORY_PROSE if meta.newsroom else LISTING_PROSE
