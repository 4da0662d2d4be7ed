"""Parsing HTML with selectolax (lexbor), guarded against pathological nesting.

lexbor's tree builder takes time that grows with the square of the nesting depth
(100,000 nested ``<div>`` take it about half a minute), and a C call cannot be
interrupted by a Python time limit, so the depth is checked before parsing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from itertools import accumulate, chain
from operator import sub

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.errors import TimeLimitError, TooDeepError

__all__ = ["Deadline", "check_depth", "parse_html", "strip_elements"]

# A tag: its end slash, its name and the last character before its ">" ("/" when it
# closes itself). The greedy form scans four times faster than ``[^>]*?(/?)>``.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>]*([^>]))?>")
# Elements that never hold children, or that the parser closes implicitly when a sibling
# opens: counting them would overstate the depth of ordinary pages.
_NOT_NESTING = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "rb",
        "rt",
        "rp",
        "colgroup",
    ]
)

_HTML_CONTAINERS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "cite",
        "code",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "em",
        "fieldset",
        "figure",
        "footer",
        "form",
        "header",
        "html",
        "i",
        "ins",
        "kbd",
        "main",
        "mark",
        "nav",
        "ol",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "u",
        "ul",
        "var",
        "font",
        "center",
    ]
)


class _Steps(dict[tuple[str, str, str], int]):
    """How a tag, as ``_TAG`` splits it (end slash, name, last character), moves the
    depth: +1, -1 or 0. Filled on first sight of each spelling, so that the scan below
    runs at C speed (``map`` over this dict) instead of a Python loop over every tag."""

    def __missing__(self, key: tuple[str, str, str]) -> int:
        closing, name, last = key
        tag = name.lower()
        if tag in _NOT_NESTING:
            step = 0
        elif closing:
            step = -1
        elif last == "/" and tag not in _HTML_CONTAINERS:
            step = 0  # <path/> in SVG closes itself; <div/> in HTML does not
        else:
            step = 1
        self[key] = step
        return step


def _deepest(html: str) -> int:
    """The deepest nesting of the markup: a running sum of the tags' steps that never
    goes below zero (a stray end tag closes nothing). Such a clamped sum is the plain
    running sum minus the lowest value the plain sum has reached so far (or zero)."""
    tags: list[tuple[str, str, str]] = _TAG.findall(html)
    steps = list(map(_Steps().__getitem__, tags))
    if not steps:
        return 0
    sums = list(accumulate(steps))
    floors = accumulate(chain((0,), sums), min)
    next(floors)  # the floor before the first tag
    deepest: int = max(map(sub, sums, floors))
    return deepest


def check_depth(html: str, max_depth: int, utf8: bytes | None = None) -> None:
    """Raise ``TooDeepError`` if the markup's nesting goes past ``max_depth``.

    A linear scan of the tags (about 1 ms for a 200 kB page); it over-counts only for
    markup whose end tags are missing, which is what makes the parser slow anyway.
    """
    # Only start tags deepen the nesting, and every start tag is a "<" that no "/"
    # follows: pages with fewer of those than the limit (most pages) need no scan.
    # (Counting "<" alone first spares the second count on most pages: it is
    # already an upper bound.)
    # In UTF-8, the bytes of "<" and "/" stand for those characters and nothing else:
    # ``utf8`` (``html`` encoded, when known) is counted alike and faster.
    if utf8 is not None:
        starts = utf8.count(b"<")
        if starts <= max_depth or starts - utf8.count(b"</") <= max_depth:
            return
    else:
        starts = html.count("<")
        if starts <= max_depth or starts - html.count("</") <= max_depth:
            return
    if _deepest(html) > max_depth:
        raise TooDeepError(
            f"elements nest deeper than {max_depth} levels (raise max_depth to allow)"
        )


def parse_html(html: str, max_depth: int, utf8: bytes | None = None) -> LexborHTMLParser:
    """The parsed page. ``utf8``: ``html`` encoded as UTF-8, when the caller has it: the
    parser reads those bytes (given a ``str``, it would encode it itself)."""
    check_depth(html, max_depth, utf8)
    return LexborHTMLParser(html if utf8 is None else utf8)


def strip_elements(tree: LexborHTMLParser, tags: Iterable[str]) -> list[LexborNode]:
    """What ``tree.strip_tags(tags)`` does (each element taken out of the tree, its
    subtree with it), found by one walk of the tree instead of one per tag.

    Returns the elements taken out: every element that ``strip_tags`` would take out
    matches one tag of the list, and ``css`` lists them in document order.
    """
    found = tree.css(", ".join(tags))
    for node in found:
        node.decompose(recursive=False)
    return found


class Deadline:
    """A per-page time budget, checked between the stages of extraction."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seconds = seconds
        self._end = None if seconds is None else self._clock() + seconds

    def check(self, stage: str) -> None:
        if self._end is not None and self._clock() > self._end:
            raise TimeLimitError(f"time limit of {self._seconds:g}s ran out during {stage}")


def within(node: LexborNode, ids: set[int]) -> bool:
    """Whether ``node`` is one of the elements whose ``mem_id`` is in ``ids``, or inside
    one."""
    ancestor: LexborNode | None = node
    while ancestor is not None:
        if ancestor.mem_id in ids:
            return True
        ancestor = ancestor.parent
    return False
