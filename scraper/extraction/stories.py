"""Other stories appended to the page's own: infinite-scroll news sites print the next
article (and the one after it) in full below the one the URL names.

Each story is an ``<article>`` with its own ``<h1>``. When exactly one of them is headed
by the page's title, the others are other pages' stories, however long: a chain of
appended stories can outweigh the page's own twenty times, so no measure of size or
density can tell them apart, but the title can.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import size
from scraper.extraction.rules import phrase_key

__all__ = ["drop_other_stories"]

# A heading shorter than this (after normalising) says too little to name a page.
_MIN_HEADING = 8
# The page's own story has at least this much text (measure.size units).
_MIN_STORY = 500


def _names_page(heading: str, title: str) -> bool:
    key = phrase_key(heading)
    return len(key) >= _MIN_HEADING and (key in title or title in key)


def _ancestors(node: LexborNode) -> set[int]:
    out = set()
    parent = node.parent
    while parent is not None:
        out.add(parent.mem_id)
        parent = parent.parent
    return out


def drop_other_stories(body: LexborNode, title: str | None) -> bool:
    """Delete the ``<article>``s headed by another story's ``<h1>`` than the page's;
    whether any was."""
    if not title:
        return False
    title_key = phrase_key(title)
    headed = []
    for story in body.css("article"):
        heading = story.css_first("h1")
        if heading is not None:
            headed.append((story, _names_page(heading.text(deep=True), title_key)))
    own = [story for story, named in headed if named]
    if len(headed) < 2 or len(own) != 1 or size(own[0].text(deep=True)) < _MIN_STORY:
        return False
    above = _ancestors(own[0])
    others = [story for story, named in headed if not named and story.mem_id not in above]
    others = [story for story in others if own[0].mem_id not in _ancestors(story)]
    for story in others:
        story.decompose()
    return bool(others)
