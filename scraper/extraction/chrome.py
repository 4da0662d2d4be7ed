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

from selectolax.lexbor import LexborNode

from scraper.extraction.credits import credited_captions
from scraper.extraction.dom import within
from scraper.extraction.folded import folded_panel, hidden_and_controlled
from scraper.extraction.measure import link_sizes, node_size, prose_len, size
from scraper.extraction.named import named_chrome
from scraper.extraction.named_index import NamedElements
from scraper.extraction.revealed import REVEALED, PageHeading
from scraper.extraction.rules import CompiledRules
from scraper.extraction.simple_selectors import (
    elements_matching,
    matches_of_each,
    remove_list_rest,
    split_selectors,
)

__all__ = ["chrome_nodes", "content_matches"]

# Hidden elements: never shown, so never article text.
_HIDDEN = (
    '[hidden], [style*="display:none" i], [style*="display: none" i], '
    '[style*="visibility:hidden" i], [style*="visibility: hidden" i]'
)

# An element holding more than this share of the page's text is never chrome: removing
# it would remove the article with it.
MAX_CHROME_SHARE = 0.5


# A paragraph counts towards the core when it is at least this long.
_PARAGRAPH = 80
_CORE = 300


def _paragraph_core(
    root: LexborNode, paragraphs: list[LexborNode], named: NamedElements | None = None
) -> LexborNode | None:
    """The element with the most paragraph text directly inside it (readability's core).

    Class words can be wrong about a wrapper ("subscription-eligible" on a shop's product
    column, "comment" on every forum post); the element that holds the page's main run
    of paragraphs, and its ancestors, are never removed by them.
    """
    weight: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for para in paragraphs:
        length = size(para.text(deep=True))
        parent = para.parent
        if length < _PARAGRAPH or parent is None:
            continue
        weight[parent.mem_id] = weight.get(parent.mem_id, 0) + length
        nodes[parent.mem_id] = parent
    # The page's own <footer> (legal small print, a shop's footnotes) is never its core.
    best = max(
        (key for key in weight if not _in_page_banner(nodes[key])),
        key=lambda key: weight[key],
        default=None,
    )
    # One short paragraph (a login wall's "Sign in to keep reading") is no article core.
    if best is None or weight[best] < _CORE:
        return None
    sections = _comment_sections(root, named)
    if sections and within(nodes[best], sections) and _article_outside(root, sections):
        # A short story under a long thread: the readers' paragraphs outweigh the
        # article's, but the comment section under an article is not the article. (On a
        # forum the thread itself is the page, and no article stands outside it.)
        return None
    return nodes[best]


# Where blogs, WordPress themes and news sites put their reader comments (also read by
# the comments option, scraper/extraction/extras.py).
COMMENT_SECTIONS = (
    "#comments, .comments, .comment-list, .commentlist, #comment-list, .comments-area, "
    ".comment-section, .comments-section, #comment-section, [itemprop=comment]"
)


_SECTIONS = split_selectors(COMMENT_SECTIONS)


def _comment_sections(root: LexborNode, named: NamedElements | None) -> set[int]:
    """``mem_id``s of what ``root.css(COMMENT_SECTIONS)`` finds; its plain class and id
    selectors answered from ``named`` when known."""
    if named is None:
        return {node.mem_id for node in root.css(COMMENT_SECTIONS)}
    found = {node.mem_id for node in named.plain_matches(_SECTIONS)}
    if _SECTIONS.rest:
        found.update(node.mem_id for node in root.css(_SECTIONS.rest))
    return found


def _in_page_banner(node: LexborNode) -> bool:
    """Whether ``node`` lies in a ``<header>`` or ``<footer>`` of the page, outside any
    article or section (``_page_banners``)."""
    ancestor: LexborNode | None = node
    banner = False
    while ancestor is not None:
        tag = ancestor.tag
        if tag in ("header", "footer"):
            banner = True
        elif banner and tag in _SECTIONING:
            return False
        ancestor = ancestor.parent
    return banner


def _article_outside(root: LexborNode, sections: set[int]) -> bool:
    return any(
        size(node.text(deep=True)) >= _CORE and not within(node, sections)
        for node in root.css("article")
    )


def _with_ancestors(node: LexborNode | None, into: set[int]) -> None:
    while node is not None:
        into.add(node.mem_id)
        node = node.parent


def _protected(
    root: LexborNode,
    rules: CompiledRules,
    paragraphs: list[LexborNode],
    content: list[list[LexborNode]] | None,
    named: NamedElements | None = None,
) -> set[int]:
    """Never chrome: the first content-selector match, the paragraph core, their ancestors.

    ``content``: per content selector, its matches under ``root`` (None: not known);
    ``named``: the named elements under ``root``, when known.
    """
    protected = {root.mem_id}
    if content is None:
        content = content_matches(root, rules, named)
    # The first match of the most trusted selector that matches.
    first = next((matches[0] for matches in content if matches), None)
    _with_ancestors(first, protected)
    _with_ancestors(_paragraph_core(root, paragraphs, named), protected)
    return protected


def content_matches(
    root: LexborNode, rules: CompiledRules, named: NamedElements | None = None
) -> list[list[LexborNode]]:
    """Per content selector of ``rules`` (in order of trust), the elements under ``root``
    (itself included) that it matches, in document order. ``named``: the named elements
    under ``root``, when known: the plain class and id selectors are answered from them."""
    selectors = rules.content_selectors
    if named is None:
        return matches_of_each(root, selectors)
    plain = tuple(selector for selector in selectors if _is_plain(selector))
    others = tuple(selector for selector in selectors if not _is_plain(selector))
    # The class names of every lookup of the page: the class values are scanned once.
    names = [split_selectors(selector).folded for selector in plain]
    remove = split_selectors(rules.remove_selector).folded  # named_chrome's
    named.look_for(_SECTIONS.folded.union(_HIDING_CLASSES, remove, *names))
    found = dict(zip(plain, named.matching(plain), strict=True)) if plain else {}
    found.update(zip(others, matches_of_each(root, others), strict=True))
    return [found[selector] for selector in selectors]


def _is_plain(selector: str) -> bool:
    """Whether ``selector`` is plain class and id selectors only."""
    simple = split_selectors(selector)
    return not simple.rest and bool(simple.simple)


# Utility classes of CSS frameworks that hide an element (Bootstrap's ``d-none`` and
# ``hidden``, Tailwind's ``hidden``, ``is-hidden``): registration walls and off-screen
# menus sit in the HTML under them. A responsive class beside them (``md:block``,
# ``d-md-flex``) shows the element on larger screens, so it is not hidden.
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|is-hidden|u-hidden|hide|invisible)(?:$|\s)")
_SHOWN_AGAIN = re.compile(
    r"(?:^|\s)(?:\w+:(?:block|flex|inline\S*|grid|table\S*|contents)|d-\w+-(?:block|flex|inline\S*|grid|table\S*))(?:$|\s)"
)


_HIDING = ("hidden", "d-none", "is-hidden", "u-hidden", "hide", "invisible")
_HIDING_CLASSES = frozenset(_HIDING)
_HIDING_SELECTOR = ", ".join(f'[class~="{name}"]' for name in _HIDING)


def _hidden_by_class(
    root: LexborNode,
    protected: set[int],
    limit: float,
    named: NamedElements | None = None,
    controlled: set[str] | None = None,
) -> set[int]:
    """Elements a class hides, unless shown again, half the page or a folded panel."""
    found = set()
    hiding = root.css(_HIDING_SELECTOR) if named is None else named.with_class(_HIDING_CLASSES)
    for node in hiding:
        names = (node.attributes.get("class") or "").lower()
        if node.mem_id in protected or not _HIDDEN_CLASS.search(names):
            continue
        if _SHOWN_AGAIN.search(names) or node_size(node) >= limit:
            continue
        if controlled is not None and folded_panel(node, controlled):
            continue
        found.add(node.mem_id)
    return found


_SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})


def _page_banners(banners: list[LexborNode], protected: set[int]) -> set[int]:
    """``<header>`` and ``<footer>`` outside any article or section: the page's banner and
    contentinfo in HTML's own terms, whatever their size. A site menu can outweigh a short
    article (a Japanese paper's header holds 11,000 characters of menus over a 400-character
    story), so the size guard of class words cannot decide here."""
    found = set()
    for node in banners:
        if node.mem_id in protected:
            continue
        parent = node.parent
        while parent is not None and parent.tag not in _SECTIONING:
            parent = parent.parent
        if parent is None:
            found.add(node.mem_id)
    return found


def _photo_captions(captions: list[LexborNode], protected: set[int]) -> set[int]:
    """Captions and credits under photos: readers skip them and news truths leave them
    out. A caption that is mostly a link names a product or a story (shop tiles are
    ``<figure>``s with the product's name as a linked caption): that one stays."""
    found = set()
    for node in captions:
        if node.mem_id in protected:
            continue
        length = node_size(node)
        if 2 * prose_len(node, length) > length:
            found.add(node.mem_id)
    return found


def chrome_nodes(
    root: LexborNode,
    rules: CompiledRules,
    *,
    text_len: int | None = None,
    content: list[list[LexborNode]] | None = None,
    named: NamedElements | None = None,
    gone: frozenset[str] = frozenset(),
    opened: frozenset[str] = frozenset(),
) -> set[int]:
    """``mem_id``s of the elements under ``root`` that are chrome.

    Scripts and styles must already be gone from the tree: their text would count.
    ``text_len`` (the size of ``root``'s text), ``content`` (``content_matches``'s
    answer) and ``named`` (the named elements under ``root``) spare walks of the tree
    when the caller knows them already. ``gone``: tags (lower-case) of which no element
    is left under ``root``: the remove list's selectors of just those tags are not tried.
    ``opened``: ids that the page's buttons named in ``aria-controls`` before they were
    taken out of the tree (``strip_invisible``).
    """
    if named is None:
        named = NamedElements(root)
    total = max(1, node_size(root) if text_len is None else text_len)
    limit = total * MAX_CHROME_SHARE
    typed = _typed(root)
    sizes = link_sizes(typed.links)  # the links' text, measured once for every prose_len
    prose_limit = max(1, prose_len(root, total, typed.links, sizes)) * MAX_CHROME_SHARE
    found: set[int] = set()
    protected = _protected(root, rules, typed.paragraphs, content, named)
    # Selectors name chrome by structure (nav, aside, ARIA roles, known plugins): trusted
    # unless the element holds the article's core. Hidden elements: unless they are most
    # of the page, or hold its heading and an article's worth of text (content that a
    # script reveals: revealed.py).
    # The list's plain class and id selectors are answered by named_chrome's walk.
    # Closed tabs and accordion panels that hold prose stay (folded.py).
    hidden, controlled = hidden_and_controlled(root, _HIDDEN, opened)
    rest, roles = remove_list_rest(rules.remove_selector, gone)
    if rest:
        for node in elements_matching(root, rest, roles):
            if node.mem_id not in protected and not folded_panel(node, controlled):
                found.add(node.mem_id)
    heading = PageHeading(root)
    for node in hidden:
        if node.mem_id in protected or folded_panel(node, controlled):
            continue
        length = node_size(node)
        if length < limit and not (length >= REVEALED and heading.held_by(node)):
            found.add(node.mem_id)
    found.update(_hidden_by_class(root, protected, limit, named, controlled))
    found.update(_page_banners(typed.banners, protected))
    found.update(_photo_captions(typed.captions, protected))
    found.update(credited_captions(typed.paragraphs, rules, protected))
    found.update(named_chrome(root, rules, protected, found, prose_limit, named, sizes))
    found.update(_form_boxes(root, typed.forms, protected))
    return found


class _Typed:
    """The elements of a few types under a root, each list in document order, found by
    one walk of the tree (each ``css`` call walks the whole tree, about as long as
    reading its text) instead of one walk per type."""

    __slots__ = ("banners", "captions", "forms", "links", "paragraphs")

    def __init__(self) -> None:
        self.paragraphs: list[LexborNode] = []  # p, pre
        self.links: list[LexborNode] = []  # a[href]
        self.banners: list[LexborNode] = []  # header, footer
        self.captions: list[LexborNode] = []  # figcaption
        self.forms: list[LexborNode] = []  # form


# Each selector names one tag, so each element matches at most one of them and comes
# back once: the list split by tag is what each selector alone would find.
_TYPES = "p, pre, a[href], header, footer, figcaption, form"
_SLOT_OF = {
    "p": "paragraphs",
    "pre": "paragraphs",
    "a": "links",
    "header": "banners",
    "footer": "banners",
    "figcaption": "captions",
    "form": "forms",
}


def _typed(root: LexborNode) -> _Typed:
    typed = _Typed()
    lists = {slot: getattr(typed, slot) for slot in _SLOT_OF.values()}
    for node in root.css(_TYPES):
        slot = _SLOT_OF.get(node.tag or "")
        if slot is None:  # a tag spelled otherwise (a namespace prefix): one query each
            return _typed_one_by_one(root)
        lists[slot].append(node)
    return typed


def _typed_one_by_one(root: LexborNode) -> _Typed:
    typed = _Typed()
    typed.paragraphs = root.css("p, pre")
    typed.links = root.css("a[href]")
    typed.banners = root.css("header, footer")
    typed.captions = root.css("figcaption")
    typed.forms = root.css("form")
    return typed


# A form with little text around it is a newsletter, login or search box. ASP.NET pages
# wrap the whole page in one <form>, hence the size bound; long lead-capture forms
# (field labels, "This field is hidden when viewing the form") stay under it.
FORM_BOX = 1500
# A box around a small form (its heading and pitch: "Request our free ebook") goes too,
# as long as the box stays this small.
FORM_PITCH = 500


def _form_boxes(root: LexborNode, forms: list[LexborNode], protected: set[int]) -> set[int]:
    boxes = set()
    for form in forms:
        own = node_size(form)
        if form.mem_id in protected or own >= FORM_BOX:
            continue
        box = form
        parent = box.parent
        while (
            parent is not None
            and parent.mem_id not in protected
            and parent.mem_id != root.mem_id
            and node_size(parent) < max(FORM_PITCH, own + 1)
        ):
            box, parent = parent, parent.parent
        boxes.add(box.mem_id)
    return boxes
