"""Parsing HTML with selectolax (lexbor), guarded against pathological nesting.

lexbor's tree builder takes time that grows with the square of the nesting depth
(100,000 nested ``<div>`` take it about half a minute), and a C call cannot be
interrupted by a Python time limit, so the depth is checked before parsing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from scraper.errors import TimeLimitError, TooDeepError

__all__ = ["Deadline", "check_depth", "parse_html"]

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
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


def check_depth(html: str, max_depth: int) -> None:
    """Raise ``TooDeepError`` if the markup's nesting goes past ``max_depth``.

    A linear scan of the tags (about 1 ms for a 200 kB page); it over-counts only for
    markup whose end tags are missing, which is what makes the parser slow anyway.
    """
    if html.count("<") < max_depth:
        return
    depth = deepest = 0
    for match in _TAG.finditer(html):
        tag = match.group(2).lower()
        if tag in _NOT_NESTING:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        elif match.group(3) and tag not in _HTML_CONTAINERS:
            continue  # <path/> in SVG closes itself; <div/> in HTML does not
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_depth:
                    raise TooDeepError(
                        f"elements nest deeper than {max_depth} levels (raise max_depth to allow)"
                    )


def parse_html(html: str, max_depth: int) -> LexborHTMLParser:
    check_depth(html, max_depth)
    return LexborHTMLParser(html)


class Deadline:
    """A per-page time budget, checked between the stages of extraction."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seconds = seconds
        self._end = None if seconds is None else self._clock() + seconds

    def check(self, stage: str) -> None:
        if self._end is not None and self._clock() > self._end:
            raise TimeLimitError(f"time limit of {self._seconds:g}s ran out during {stage}")
