"""Taking elements out of the parsed tree: closed dialogs, and the chrome that
``chrome.chrome_nodes`` found (only the outermost of nested matches, since decomposing
an element frees its descendants)."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import node_size

__all__ = ["delete_nodes", "drop_dialogs"]


# Dialogs are closed when the page loads: terms of service, sign-up and cookie modals.
_DIALOGS = '[aria-modal="true"], [role="dialog"], [role="alertdialog"], dialog:not([open])'
# ... unless what is outside them is too little to be the page (an article that a site
# serves as a dialog over nothing).
_OUTSIDE_DIALOGS = 200


def drop_dialogs(root: LexborNode) -> bool:
    """Delete closed dialogs, even one that holds most of the page's text (they are the
    one kind of chrome that can: a shop's terms of use, a policy in a modal). Returns
    whether any went."""
    dialogs = _outermost(root.css(_DIALOGS))
    if not dialogs:
        return False
    inside = sum(node_size(node) for node in dialogs)
    if node_size(root) - inside < _OUTSIDE_DIALOGS:
        return False
    for node in dialogs:
        node.decompose()
    return True


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    # A node matched by two selectors of a list is listed twice: once is enough (a
    # second decompose would free it again).
    unique = list({node.mem_id: node for node in nodes}.values())
    ids = {node.mem_id for node in unique}
    out = []
    for node in unique:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def delete_nodes(root: LexborNode, found: set[int]) -> int:
    """Delete the elements of ``found`` under ``root`` from the tree; returns how many
    subtrees went.

    Only the outermost ones are decomposed: decomposing an element frees its
    descendants, so touching a nested match afterwards would touch freed memory.
    """
    outermost = []
    for node in root.traverse():
        if node.mem_id not in found:
            continue
        parent = node.parent
        while parent is not None and parent.mem_id not in found:
            parent = parent.parent
        if parent is None:
            outermost.append(node)
    for node in outermost:
        node.decompose()
    return len(outermost)
