"""Closed tabs and accordion panels: the page's own text, folded away until a reader
opens it, not chrome.

A product's description and specifications behind tabs, an FAQ's answers, a docs page's
instructions for the other platforms: each sits in a hidden panel (``hidden``,
``display: none``) that a tab, an accordion's header or a toggle opens. The panel says
what it is: it carries ``role="tabpanel"``, or the control that opens it names it in
``aria-controls``. Menus drop down the same way, but they are links; a panel counts only
when it holds prose and a paragraph of it (a ``p``, ``pre`` or ``dd``, or its own text).

Most controls are ``<button>``s, which leave the tree with the other invisible elements:
the ids they name are read first (``invisible.strip_invisible``). An accordion often
hides the box around the panel, not the panel: a hidden element that holds the named
panel and nothing else is that box.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import node_size, prose_len, size

__all__ = ["folded_panel", "hidden_and_controlled"]

_HIDING_STYLE = re.compile(r"display:\s?none|visibility:\s?hidden", re.IGNORECASE)
# At least this share of a folded panel's text is not links, and one paragraph (a ``p``,
# ``pre`` or ``dd``) of it is this long (measure.size units).
_PROSE = 0.7
_PARAGRAPH = 80
# Landmarks are never a folded panel: a menu opened by a toggle is a <nav>.
_NEVER = frozenset({"nav", "aside", "header", "footer"})


def hidden_and_controlled(
    root: LexborNode, hidden: str, opened: frozenset[str] = frozenset()
) -> tuple[list[LexborNode], set[str]]:
    """The elements under ``root`` that the selector ``hidden`` matches, and the ids that
    an ``aria-controls`` names: one walk for both. ``opened``: the ids that controls
    already taken out of the tree named (buttons: invisible.py)."""
    found = []
    controlled: set[str] = set(opened)
    for node in root.css(f"{hidden}, [aria-controls]"):
        attributes = node.attributes
        controls = attributes.get("aria-controls")
        if controls is not None:
            controlled.update(controls.split())
            if "hidden" not in attributes and not _HIDING_STYLE.search(
                attributes.get("style") or ""
            ):
                continue
        found.append(node)
    return found, controlled


def folded_panel(node: LexborNode, controlled: set[str]) -> bool:
    """Whether ``node`` is a closed panel that holds prose: a ``role=tabpanel``, or the
    element that an ``aria-controls`` of ``controlled`` opens, or the collapsing wrapper
    around that element and nothing else (the box whose height an accordion animates)."""
    attributes = node.attributes
    panel = node
    if attributes.get("role") != "tabpanel" and attributes.get("id") not in controlled:
        child = _sole_child(node)
        if child is None or child.attributes.get("id") not in controlled:
            return False
        panel = child
    if node.tag in _NEVER or panel.tag in _NEVER:
        return False
    length = node_size(node)
    if not length or prose_len(node, length) < _PROSE * length:
        return False
    if size(panel.text(deep=False)) >= _PARAGRAPH:
        return True
    return any(size(block.text(deep=True)) >= _PARAGRAPH for block in node.css("p, pre, dd"))


def _sole_child(node: LexborNode) -> LexborNode | None:
    """The one element inside ``node``, when it holds no other element nor text."""
    found = None
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            if (child.text_content or "").strip():
                return None
        elif (child.tag or "-")[0].isalpha():
            if found is not None:
                return None
            found = child
    return found
