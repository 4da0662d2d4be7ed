"""Pages streamed by React: the content of each suspended part arrives at the end of the
body, in a hidden ``<div hidden id="S:n">``, and a script moves it into its place.

React's streaming server renderer (React 18+, Next.js) first sends the page with a
placeholder where a part is still loading: ``<template id="B:n">`` followed by a
fallback (a spinner, a skeleton) up to the ``<!--/$-->`` comment that closes the
boundary, or ``<template id="P:n">`` for a part of a part. The part itself comes later as
``<div hidden id="S:n">`` with a script call (``$RC("B:n","S:n")``, ``$RS("S:n","P:n")``)
that replaces the placeholder (and the fallback) with the part's children. Scripts never
run here: without this, a shop page streamed that way is all hidden and comes out empty.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["place_streamed", "streamed_tree"]

# What a streamed page always holds; most pages do not, and are not walked for it.
MARKER = 'id="S:'
_SEGMENTS = 'div[hidden][id^="S:"]'
_PLACEHOLDERS = 'template[id^="B:"], template[id^="P:"]'
# Nested parts arrive in rounds: each placed part can hold placeholders of its own.
_MAX_ROUNDS = 32


def streamed_tree(html: str) -> LexborHTMLParser | None:
    """The page parsed with its streamed parts in place (its scripts and templates still
    in it); None when it has no part to place."""
    if MARKER not in html:
        return None
    tree = LexborHTMLParser(html)
    return tree if place_streamed(tree, html) else None


def place_streamed(tree: LexborHTMLParser, html: str) -> int:
    """Move each streamed part of the page into its placeholder, as the page's script
    would; returns how many were placed. ``html``: the page's text (a page that does not
    hold ``MARKER`` is left alone without a walk)."""
    if MARKER not in html:
        return 0
    placed = 0
    for _ in range(_MAX_ROUNDS):
        done = _one_round(tree)
        if not done:
            break
        placed += done
    return placed


def _one_round(tree: LexborHTMLParser) -> int:
    segments = {node.attributes.get("id"): node for node in tree.css(_SEGMENTS)}
    if not segments:
        return 0
    hidden = set(segments)
    # A placeholder inside a part not placed yet waits for the next round (placing the
    # part frees it): the ones to place now are chosen before anything moves.
    ready = []
    for marker in tree.css(_PLACEHOLDERS):
        ident = marker.attributes.get("id") or ""
        if f"S:{ident[2:]}" in segments and not _inside_segment(marker, hidden):
            ready.append((marker, ident))
    placed = 0
    for marker, ident in ready:
        segment = segments.pop(f"S:{ident[2:]}", None)
        if segment is None:  # two placeholders for one part: the first one has it
            continue
        child = segment.first_child
        while child is not None:
            marker.insert_before(child)  # inserts a copy
            child = child.next
        if ident.startswith("B:"):
            _drop_fallback(marker)
        marker.decompose()
        segment.decompose()
        placed += 1
    return placed


def _inside_segment(node: LexborNode, segments: set[str | None]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "div" and parent.attributes.get("id") in segments:
            return True
        parent = parent.parent
    return False


def _drop_fallback(marker: LexborNode) -> None:
    """The fallback shown while the part loaded: the boundary's nodes after its template,
    up to the comment that closes it (``<!--/$-->``; boundaries nest)."""
    depth = 0
    fallback = []
    node = marker.next
    while node is not None:
        if node.is_comment_node:
            content = (node.comment_content or "").strip()
            if content == "/$":
                if depth == 0:
                    break
                depth -= 1
            elif content.startswith("$"):
                depth += 1
        fallback.append(node)
        node = node.next
    if node is None:  # no end to the boundary: nothing is known to be fallback
        return
    for node in fallback:
        node.decompose()
