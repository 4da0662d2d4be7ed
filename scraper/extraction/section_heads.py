"""A section's own ``<header>``: the heading and blurb that open one section of a page.

HTML gives ``<header>`` two meanings. Outside any section it is the page's banner (logo,
menu, search), and ``named_chrome`` takes it for chrome. Inside a ``<section>`` or the
page's ``<main>`` it is that section's introduction: landing and service pages open each
section with a ``<header>`` that holds its heading and a sentence or two ("Lightning
fast screen recording" over "Record your screen and camera on any device"), and the
rest of the section is short feature lines. Taken for chrome, those heads leave the page
with only its longest block (a testimonial carousel), a third of its text. An
``<article>``'s header is left to ``heads.holds_lead`` (a story's headline, byline and
date sit there).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import size

__all__ = ["is_section_head"]

# The elements that open a section of their own in HTML's outline.
_SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})
# The parents whose <header> introduces a part of the page's content.
_CONTENT_SECTIONS = ("section", "main")
# The blurb under the heading: a sentence, not a label ("New!", "Learn more").
_BLURB = 40


def is_section_head(node: LexborNode) -> bool:
    """Whether ``node`` is a ``<header>`` that opens a section of the page's content:
    its nearest sectioning ancestor is a ``<section>`` or ``<main>``, it holds a heading
    below the page's ``<h1>`` and a paragraph of a sentence, and no ``<h1>`` (the page's
    own head) nor a form (a search or sign-up bar)."""
    if node.tag != "header":
        return False
    parent = node.parent
    while parent is not None and parent.tag not in _SECTIONING:
        parent = parent.parent
    if parent is None or parent.tag not in _CONTENT_SECTIONS:
        return False
    if node.css_first("h1, form") is not None or node.css_first("h2, h3, h4, h5, h6") is None:
        return False
    return any(size(paragraph.text().strip()) >= _BLURB for paragraph in node.css("p"))
