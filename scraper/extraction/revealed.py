"""Pages whose whole article sits in an element hidden until a script shows it.

Shops and single-page apps ship the product or story inside a ``display: none`` wrapper
(a "defer-block" that a script reveals once prices load). Hidden elements are chrome
(menus, dialogs, closed tabs) unless they hold most of the page's text; such a wrapper
can hold less when the page carries large hidden menus too. What tells it apart: it
holds the page's one ``<h1>``, and a whole article's worth of text under it; a hidden
logo heading or a closed dialog holds little.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

__all__ = ["PageHeading"]

# A hidden element this large (measure.size units) that holds the page's heading is the
# page's content waiting for a script, not a menu or a dialog.
REVEALED = 2000


class PageHeading:
    """Whether an element holds the page's only ``<h1>``: counted once per page, and only
    when a large hidden element asks (most hidden elements are small)."""

    __slots__ = ("_count", "_root")

    def __init__(self, root: LexborNode) -> None:
        self._root = root
        self._count: int | None = None

    def held_by(self, node: LexborNode) -> bool:
        if self._count is None:
            self._count = len(self._root.css("h1"))
        return self._count == 1 and node.css_first("h1") is not None
