"""Finding the site's chrome in the DOM: elements to skip when the page is flattened.

Two sources of knowledge, both data (``scraper/data/chrome.toml`` plus user rules):
CSS selectors of elements that are chrome wherever they appear (``nav``, share bars of
known plugins, cookie dialogs), and class/id words that name chrome (``share``,
``related``, ``newsletter``). Either can be wrong about a wrapper (a ``<body
class="has-sidebar">``, a theme that calls its article column ``main-nav-offset``), so
an element that holds most of the page's text is never skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import size
from scraper.extraction.rules import CompiledRules

__all__ = ["chrome_nodes", "delete_nodes", "drop_dialogs"]

# Hidden elements: never shown, so never article text.
_HIDDEN = (
    '[hidden], [style*="display:none" i], [style*="display: none" i], '
    '[style*="visibility:hidden" i], [style*="visibility: hidden" i]'
)

# An element holding more than this share of the page's text is never chrome: removing
# it would remove the article with it.
MAX_CHROME_SHARE = 0.5


def _text_len(node: LexborNode) -> int:
    return size(node.text(deep=True, strip=False))


# Class words that describe a state or a layout, not the element: "has-sidebar",
# "no-comments", "main-content--sidebar" (a BEM modifier) are wrappers of the article.
_STATE_WORDS = re.compile(r"(?:^|\s)(?:has|no|with|without|is|show|hide|enable|disable)-\S*|--\S*")
# Weakly named chrome longer than this many characters must also be link-heavy.
SHORT = 1000
LINK_HEAVY = 0.25
_NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})


def _class_hit(node: LexborNode, rules: CompiledRules, seen: dict[str, int]) -> int:
    """2 for a strong chrome word in the class/id, 1 for a weak one, else 0.

    ``seen`` caches the answer per class/id string: pages repeat the same classes on
    hundreds of elements, and the word patterns are long alternations.
    """
    if node.tag in _NEVER_BY_CLASS:
        return 0
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    hit = seen.get(raw)
    if hit is None:
        # Every state word holds a hyphen: most names need no substitution.
        names = _STATE_WORDS.sub(" ", raw) if "-" in raw else raw
        hit = 0
        if _finds(rules.strong_class_pattern, names):
            hit = 2
        elif _finds(rules.class_pattern, names):
            hit = 1
        seen[raw] = hit
    return hit


def _finds(pattern: re.Pattern[str] | None, names: str) -> bool:
    """``pattern.search(names)``, three times faster on the usual ASCII class names.

    The class-word patterns are long alternations compiled case-insensitively, and
    case-insensitive matching costs most of the search. For ASCII text, lower-casing
    the text and matching case-sensitively finds the same, as long as the pattern is
    ASCII without an upper-case letter (no ``[A-Z]``, no ``\\S``) or inline flags.
    """
    if pattern is None:
        return False
    folded = _case_sensitive_twin(pattern)
    if folded is not None and names.isascii():
        return folded.search(names.lower()) is not None
    return pattern.search(names) is not None


@lru_cache(maxsize=16)
def _case_sensitive_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or not source.isascii() or source != source.lower():
        return None
    # Inline flags ("(?-i:...)") and escapes that name a non-ASCII character ("\\u017f",
    # a long s, matches "s" case-insensitively) would match differently.
    if "(?" in source.replace("(?:", "") or _CHARACTER_ESCAPE.search(source):
        return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


_CHARACTER_ESCAPE = re.compile(r"\\[uUxN0-7]")


# A paragraph counts towards the core when it is at least this long.
_PARAGRAPH = 80
_CORE = 300


def paragraph_core(root: LexborNode) -> LexborNode | None:
    """The element with the most paragraph text directly inside it (readability's core).

    Class words can be wrong about a wrapper ("subscription-eligible" on a shop's product
    column, "comment" on every forum post); the element that holds the page's main run
    of paragraphs, and its ancestors, are never removed by them.
    """
    weight: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for para in root.css("p, pre"):
        length = size(para.text(deep=True))
        parent = para.parent
        if length < _PARAGRAPH or parent is None:
            continue
        weight[parent.mem_id] = weight.get(parent.mem_id, 0) + length
        nodes[parent.mem_id] = parent
    best = max(weight, key=lambda key: weight[key], default=None)
    # One short paragraph (a login wall's "Sign in to keep reading") is no article core.
    if best is None or weight[best] < _CORE:
        return None
    return nodes[best]


def _with_ancestors(node: LexborNode | None, into: set[int]) -> None:
    while node is not None:
        into.add(node.mem_id)
        node = node.parent


def _protected(root: LexborNode, rules: CompiledRules) -> set[int]:
    """Never chrome: the first content-selector match, the paragraph core, their ancestors."""
    protected = {root.mem_id}
    # One query with every selector first: most pages match none of them, and each
    # query costs a selector compile and a walk of the whole tree.
    if rules.any_content and root.css_first(rules.any_content) is not None:
        for selector in rules.content_selectors:
            node = root.css_first(selector)
            if node is not None:
                _with_ancestors(node, protected)
                break
    _with_ancestors(paragraph_core(root), protected)
    return protected


def _prose_len(node: LexborNode, length: int) -> int:
    """Text that is not link text: what an article is made of."""
    return length - sum(size(a.text(deep=True, strip=False)) for a in node.css("a[href]"))


def _by_class_words(
    root: LexborNode, rules: CompiledRules, protected: set[int], skip: set[int], limit: float
) -> set[int]:
    """Elements named as chrome by a class/id word (or ``<header>``/``<footer>``).

    Two guards against a word that names the article instead: an element holding most of
    the page's prose stays (a ``<header>`` holding a whole menu bar is still chrome when
    the article is short: link text is not prose), and so does a class that, added up
    over every element carrying it, holds most of the prose (Condé Nast marks every
    paragraph past the first ``paywall``; chunked bodies repeat one class).
    """
    seen: dict[str, int] = {}
    groups: dict[str, list[_Candidate]] = {}
    for node in root.css("header, footer, [class], [id]"):
        mem_id = node.mem_id
        if mem_id in protected or mem_id in skip:
            continue
        tag = node.tag
        hit = 1 if tag in ("header", "footer") else _class_hit(node, rules, seen)
        if not hit:
            continue
        candidate = _Candidate(node, _text_len(node))
        # Prose (the links' text counted out) is the costly measure; it is never more
        # than the length, so it is taken only where the length cannot answer.
        if candidate.length >= limit and candidate.prose() >= limit:
            continue
        if hit == 2 or candidate.length < SHORT or candidate.link_share() > LINK_HEAVY:
            raw = f"{tag} {node.attributes.get('class') or ''}"
            groups.setdefault(raw, []).append(candidate)
    found: set[int] = set()
    for members in groups.values():
        if (
            len(members) > 1
            and sum(m.length for m in members) >= limit
            and sum(m.prose() for m in members) >= limit
        ):
            continue
        found.update(m.node.mem_id for m in members)
    return found


class _Candidate:
    """An element named as chrome, with its text length and (when asked) its prose."""

    __slots__ = ("_prose", "length", "node")

    def __init__(self, node: LexborNode, length: int) -> None:
        self.node = node
        self.length = length
        self._prose: int | None = None

    def prose(self) -> int:
        if self._prose is None:
            self._prose = _prose_len(self.node, self.length)
        return self._prose

    def link_share(self) -> float:
        return (self.length - self.prose()) / max(1, self.length)


# Utility classes of CSS frameworks that hide an element (Bootstrap's ``d-none`` and
# ``hidden``, Tailwind's ``hidden``, ``is-hidden``): registration walls and off-screen
# menus sit in the HTML under them. A responsive class beside them (``md:block``,
# ``d-md-flex``) shows the element on larger screens, so it is not hidden.
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|is-hidden|u-hidden|hide|invisible)(?:$|\s)")
_SHOWN_AGAIN = re.compile(
    r"(?:^|\s)(?:\w+:(?:block|flex|inline\S*|grid|table\S*|contents)|d-\w+-(?:block|flex|inline\S*|grid|table\S*))(?:$|\s)"
)


def _hidden_by_class(root: LexborNode, protected: set[int], limit: float) -> set[int]:
    found = set()
    for node in root.css(
        '[class~="hidden"], [class~="d-none"], [class~="is-hidden"], '
        '[class~="u-hidden"], [class~="hide"], [class~="invisible"]'
    ):
        names = (node.attributes.get("class") or "").lower()
        if node.mem_id in protected or not _HIDDEN_CLASS.search(names):
            continue
        if _SHOWN_AGAIN.search(names) or _text_len(node) >= limit:
            continue
        found.add(node.mem_id)
    return found


_SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})


def _page_banners(root: LexborNode, protected: set[int]) -> set[int]:
    """``<header>`` and ``<footer>`` outside any article or section: the page's banner and
    contentinfo in HTML's own terms, whatever their size. A site menu can outweigh a short
    article (a Japanese paper's header holds 11,000 characters of menus over a 400-character
    story), so the size guard of class words cannot decide here."""
    found = set()
    for node in root.css("header, footer"):
        if node.mem_id in protected:
            continue
        parent = node.parent
        while parent is not None and parent.tag not in _SECTIONING:
            parent = parent.parent
        if parent is None:
            found.add(node.mem_id)
    return found


def _photo_captions(root: LexborNode, protected: set[int]) -> set[int]:
    """Captions and credits under photos: readers skip them and news truths leave them
    out. A caption that is mostly a link names a product or a story (shop tiles are
    ``<figure>``s with the product's name as a linked caption): that one stays."""
    found = set()
    for node in root.css("figcaption"):
        if node.mem_id in protected:
            continue
        length = _text_len(node)
        if 2 * _prose_len(node, length) > length:
            found.add(node.mem_id)
    return found


def chrome_nodes(root: LexborNode, rules: CompiledRules) -> set[int]:
    """``mem_id``s of the elements under ``root`` that are chrome.

    Scripts and styles must already be gone from the tree: their text would count.
    """
    total = max(1, _text_len(root))
    limit = total * MAX_CHROME_SHARE
    prose_limit = max(1, _prose_len(root, total)) * MAX_CHROME_SHARE
    found: set[int] = set()
    protected = _protected(root, rules)
    # Selectors name chrome by structure (nav, aside, ARIA roles, known plugins): trusted
    # unless the element holds the article's core. Hidden elements: unless they are most
    # of the page (content that a script reveals).
    if rules.remove_selector:
        for node in root.css(rules.remove_selector):
            if node.mem_id not in protected:
                found.add(node.mem_id)
    for node in root.css(_HIDDEN):
        if node.mem_id not in protected and _text_len(node) < limit:
            found.add(node.mem_id)
    found.update(_hidden_by_class(root, protected, limit))
    found.update(_page_banners(root, protected))
    found.update(_photo_captions(root, protected))
    found.update(_by_class_words(root, rules, protected, found, prose_limit))
    found.update(_form_boxes(root, protected))
    return found


# A form with little text around it is a newsletter, login or search box. ASP.NET pages
# wrap the whole page in one <form>, hence the size bound; long lead-capture forms
# (field labels, "This field is hidden when viewing the form") stay under it.
FORM_BOX = 1500
# A box around a small form (its heading and pitch: "Request our free ebook") goes too,
# as long as the box stays this small.
FORM_PITCH = 500


def _form_boxes(root: LexborNode, protected: set[int]) -> set[int]:
    boxes = set()
    for form in root.css("form"):
        own = _text_len(form)
        if form.mem_id in protected or own >= FORM_BOX:
            continue
        box = form
        parent = box.parent
        while (
            parent is not None
            and parent.mem_id not in protected
            and parent.mem_id != root.mem_id
            and _text_len(parent) < max(FORM_PITCH, own + 1)
        ):
            box, parent = parent, parent.parent
        boxes.add(box.mem_id)
    return boxes


# Dialogs are closed when the page loads: terms of service, sign-up and cookie modals.
_DIALOGS = '[aria-modal="true"], [role="dialog"], [role="alertdialog"], dialog:not([open])'
# ... unless what is outside them is too little to be the page (an article that a site
# serves as a dialog over nothing).
_OUTSIDE_DIALOGS = 200


def drop_dialogs(root: LexborNode) -> None:
    """Delete closed dialogs, even one that holds most of the page's text (they are the
    one kind of chrome that can: a shop's terms of use, a policy in a modal)."""
    dialogs = _outermost(root.css(_DIALOGS))
    if not dialogs:
        return
    inside = sum(_text_len(node) for node in dialogs)
    if _text_len(root) - inside < _OUTSIDE_DIALOGS:
        return
    for node in dialogs:
        node.decompose()


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
