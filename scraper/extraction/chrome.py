"""Finding the site's chrome in the DOM: elements to skip when the page is flattened.

Two sources of knowledge, both data (``scraper/data/chrome.toml`` plus user rules):
CSS selectors of elements that are chrome wherever they appear (``nav``, share bars of
known plugins, cookie dialogs), and class/id words that name chrome (``share``,
``related``, ``newsletter``). Either can be wrong about a wrapper (a ``<body
class="has-sidebar">``, a theme that calls its article column ``main-nav-offset``), so
an element that holds most of the page's text is never skipped.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.rules import CompiledRules

__all__ = ["chrome_nodes"]

# An element holding more than this share of the page's text is never chrome: removing
# it would remove the article with it.
MAX_CHROME_SHARE = 0.5


def _text_len(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=False))


def _class_hit(node: LexborNode, rules: CompiledRules) -> bool:
    if rules.class_pattern is None:
        return False
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    search = rules.class_pattern.search
    return any(search(token) for token in names.split())


def chrome_nodes(root: LexborNode, rules: CompiledRules) -> set[int]:
    """``mem_id``s of the elements under ``root`` that are chrome."""
    total = max(1, _text_len(root))
    limit = total * MAX_CHROME_SHARE
    found: set[int] = set()
    own = root.mem_id
    if rules.remove_selector:
        for node in root.css(rules.remove_selector):
            if node.mem_id != own and _text_len(node) < limit:
                found.add(node.mem_id)
    for node in root.css("header, footer, [class], [id]"):
        if node.mem_id == own or node.mem_id in found:
            continue
        if (node.tag in ("header", "footer") or _class_hit(node, rules)) and _text_len(
            node
        ) < limit:
            found.add(node.mem_id)
    return found
