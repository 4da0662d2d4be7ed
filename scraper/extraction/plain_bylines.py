"""A byline nobody marked: "By Jane Doe" as plain text just under the headline.

Many pages set the byline in an element whose markup says nothing of authors (a
``<p class="text-with-icon">`` holding "By Jane Doe"), so the marked-byline search
(``bylines.py``) misses it. The words before the name ("By", "Von", "Par", "Door",
``authors.toml``'s prefixes) say what the line is. Only the first few lines after the
headline are read, and none after the first paragraph of prose: a "by" further down is
a quotation, a comment or another story's credit.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.authors import is_lead_in, opens_byline

__all__ = ["main_h1", "plain_byline"]

# Text pieces read after the headline before giving up.
_NEAR = 16
# A byline is a line; an element this long is prose (the article has begun).
_MAX_TEXT = 160
_PROSE = 200
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "button", "nav"})


def main_h1(headings: list[LexborNode], title: str | None) -> LexborNode | None:
    """The headline among the page's ``<h1>``s: the one that says the title, else the
    first."""
    if title:
        key = _squeeze(title)
        for node in headings:
            text = _squeeze(node.text(deep=True))
            if text and (text in key or key in text):
                return node
    return headings[0] if headings else None


def _squeeze(text: str) -> str:
    return "".join(text.split()).casefold()


def _following(node: LexborNode) -> Iterator[LexborNode]:
    """The nodes after ``node``'s subtree, in page order."""
    after = _next_after(node)
    while after is not None:
        stack: list[LexborNode] = [after]
        while stack:  # ``after``'s subtree, in page order
            here = stack.pop()
            yield here
            if here.tag in _SKIP:
                continue
            children: list[LexborNode] = []
            child = here.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend(reversed(children))
        after = _next_after(after)


def _next_after(node: LexborNode) -> LexborNode | None:
    """The first node after ``node``'s subtree: its next sibling, or an ancestor's."""
    current: LexborNode | None = node
    while current is not None and current.next is None:
        current = current.parent
    return None if current is None else current.next


def plain_byline(tree: LexborHTMLParser, title: str | None) -> str | None:
    """The text of the first element just under the headline that starts with a byline's
    lead-in word ("By Jane Doe"), or None."""
    h1 = main_h1(tree.css("h1"), title)
    if h1 is None:
        return None
    seen = 0
    for node in _following(h1):
        if node.tag != "-text":
            continue
        text = (node.text_content or "").strip()
        if not text:
            continue
        seen += 1
        if seen > _NEAR or len(text) >= _PROSE:
            return None
        if not (opens_byline(text) or is_lead_in(text)):
            continue  # the element's text is read only where a byline's words open it
        line = _line(node)
        if line is not None and len(line) <= _MAX_TEXT and opens_byline(line):
            return line
    return None


def _line(text: LexborNode) -> str | None:
    """The text of the element that holds a text piece; for a bare lead-in ("By" in a
    ``<span>`` of its own), of the element that holds it and the name beside it."""
    element = text.parent
    for _ in range(3):
        if element is None:
            return None
        line = " ".join(element.text(deep=True).split())
        if not is_lead_in(line):
            return line
        element = element.parent
    return None
