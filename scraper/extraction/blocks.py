"""Flattening a parsed page into text blocks, each tagged with its element ancestry.

One pass over the DOM turns it into a list of ``Block``s (paragraphs, headings, list
items, table rows, preformatted text). Every later decision (which container is the
article, which blocks are chrome) is then made on this flat list, in plain Python,
without walking the tree again.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import size
from scraper.extraction.rules import is_menu_bar

__all__ = ["Block", "Element", "Flattened", "flatten"]

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "legend",
        "option",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "head",
        "title",
        "meta",
        "link",
        "select",
        "button",
        "input",
        "textarea",
        "math",
        "video",
        "audio",
        "source",
        "picture",
        "map",
    ]
)
# Zero-width characters and soft hyphens: invisible, and they split words for search.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


@dataclass(slots=True)
class Element:
    """An element that can contain blocks: its tag, class/id string and parent."""

    tag: str
    names: str  # "class id" joined, lower-cased
    parent: int  # index into Flattened.elements, -1 for the root
    mem_id: int


@dataclass(slots=True)
class Block:
    kind: str  # "p", "h1".."h6", "li", "row", "pre", "quote", "caption", "dt", "dd"
    text: str
    link_chars: int
    owner: int  # the innermost element that holds the block
    marker: str = ""  # "- " or "3. " for list items
    soft: bool = False  # a line after a <br>: joined to the previous block by one newline
    menu: bool = False  # labels joined by no-break spaces or "|": a menu bar as text
    size: int = 0  # the text's measure.size(): its length, counted alike in every script

    @property
    def link_density(self) -> float:
        return self.link_chars / self.size if self.size else 0.0


@dataclass(slots=True)
class Flattened:
    elements: list[Element] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)  # mem_id -> element index

    def ancestors(self, element: int) -> list[int]:
        """``element`` and every ancestor, innermost first."""
        chain = []
        while element >= 0:
            chain.append(element)
            element = self.elements[element].parent
        return chain

    def contains(self, element: int, owner: int) -> bool:
        """Whether ``owner`` is ``element`` or lies inside it."""
        while owner >= 0:
            if owner == element:
                return True
            owner = self.elements[owner].parent
        return False


def clean_inline(text: str) -> str:
    """One line of text: invisible characters dropped, any run of whitespace (no-break and
    ideographic spaces included: ``str.split`` knows them) made one space."""
    # The invisible characters are not ASCII (most lines are), and translate() looks up
    # every character of the line: a search at C speed first.
    if not text.isascii() and _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def _menu_line(raw: str, text: str, links: int) -> bool:
    """A menu bar that lost its markup: labels spaced by no-break spaces (seen in ``raw``,
    before spaces are collapsed), or separated by bars and mostly links ("Home | News";
    bars between plain words are more often a table row: "Driver size | 106 mm")."""
    if "\u00a0" in raw and is_menu_bar(raw, html=True):
        return True
    return "|" in text and 2 * links >= len(text) and is_menu_bar(text)


@dataclass(slots=True)
class _Open:
    tag: str
    element: int  # index of the element that holds this node's blocks
    in_link: bool = False
    in_pre: bool = False
    list_counter: int = 0
    ordered: bool = False
    data_table: bool = False
    block: bool = False
    kind: str = "p"


class _Builder:
    """Accumulates inline text into the current block and closes blocks at boundaries.

    A ``<br>`` ends a line: each line becomes its own block (``soft``: joined to the
    previous one by a single newline), so that a byline or a "Print this story" link
    that a legacy page put in the same paragraph as the article can be judged alone.
    """

    def __init__(self, out: Flattened) -> None:
        self.out = out
        self.parts: list[str] = []
        self.link_chars = 0
        self.lines: list[tuple[str, int]] = []
        self.kind = "p"
        self.owner = 0
        self.marker = ""

    def text(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if in_link:
            self.link_chars += size(text.strip())

    def line_break(self) -> None:
        if self.kind == "pre":
            self.parts.append("\n")
            return
        self.lines.append(("".join(self.parts), self.link_chars))
        self.parts = []
        self.link_chars = 0

    def flush(self) -> None:
        if not self.parts and not self.lines:  # most calls: a block opens right after another
            return
        if self.kind == "pre":
            text = "".join(self.parts).strip("\n")
            self._emit(text, 0, soft=False)
        else:
            self.line_break()
            soft = False
            for raw, links in self.lines:
                text = clean_inline(raw)
                if self._emit(text, links, soft, _menu_line(raw, text, links)):
                    soft = True
        self.parts = []
        self.lines = []
        self.link_chars = 0

    def _emit(self, text: str, links: int, soft: bool, menu: bool = False) -> bool:
        if not text:
            return False
        measured = size(text)
        links = min(links, measured)
        block = Block(self.kind, text, links, self.owner, self.marker, soft, menu, measured)
        self.out.blocks.append(block)
        self.marker = ""
        return True


def _names(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().strip()


def _is_data_table(node: LexborNode, removed: Collection[int]) -> bool:
    """Layout tables (old div-less sites) hold paragraphs and nested tables in cells.
    What is inside a removed element does not count: it is not read."""
    own = node.mem_id
    # css() on a node also matches the node itself, hence the identity check.
    found = node.css("table, p, div, ul, ol, h1, h2, h3, h4, blockquote, pre")
    return all(inner.mem_id == own or _removed(inner, own, removed) for inner in found)


def _removed(node: LexborNode, top: int, removed: Collection[int]) -> bool:
    """Whether ``node`` or an ancestor below the element ``top`` is in ``removed``."""
    ancestor: LexborNode | None = node
    while ancestor is not None and ancestor.mem_id != top:
        if ancestor.mem_id in removed:
            return True
        ancestor = ancestor.parent
    return False


def _kind_for(tag: str, context: _Open) -> str:
    if tag in HEADINGS:
        return tag
    if tag == "li":
        return "li"
    if tag == "pre":
        return "pre"
    if tag in ("figcaption", "caption"):
        return "caption"
    if tag in ("dt", "dd"):
        return tag
    if tag == "tr" and context.data_table:
        return "row"
    if tag == "blockquote":
        return "quote"
    return "li" if context.kind == "li" else "p"


class _Walker:
    def __init__(self, removed: Collection[int]) -> None:
        self.removed = removed
        self.out = Flattened()
        self.builder = _Builder(self.out)
        self.stack: list[_Open] = []

    def _register(self, node: LexborNode, tag: str, parent: int, mem_id: int) -> int:
        self.out.elements.append(Element(tag, _names(node), parent, mem_id))
        index = len(self.out.elements) - 1
        self.out.index[mem_id] = index
        return index

    def open_root(self, root: LexborNode) -> None:
        element = self._register(root, root.tag or "body", -1, root.mem_id)
        self.stack.append(_Open(root.tag or "body", element))
        self.builder.owner = element

    def close(self, entry: _Open) -> None:
        """After the children of a block element: back to its parent's block."""
        self.builder.flush()
        parent = self.stack[-1] if self.stack else None
        if parent is not None:
            self.builder.kind = parent.kind
            self.builder.owner = parent.element

    def enter(self, node: LexborNode, tag: str, mem_id: int) -> None:
        """Open an element (not a skipped one: ``flatten`` never enters those)."""
        top = self.stack[-1]
        # Positional: the dataclass's keyword form took twice as long, once per element.
        # tag, element, in_link, in_pre, list_counter, ordered, data_table, block, kind
        entry = _Open(
            tag,
            top.element,
            top.in_link,
            top.in_pre,
            0,
            False,
            top.data_table,
            False,
            top.kind,
        )
        if tag == "a" and "href" in node.attributes:
            entry.in_link = True
        elif tag == "br":
            self.builder.line_break()
        elif tag in ("td", "th") and top.tag == "tr" and top.data_table:
            if top.list_counter:
                self.builder.parts.append(" | ")
            top.list_counter += 1
        elif tag in ("ul", "ol", "menu", "dir"):
            entry.ordered = tag == "ol"
        elif tag == "table":
            entry.data_table = _is_data_table(node, self.removed)
        in_row = entry.data_table and tag in ("td", "th", "tbody", "thead", "tfoot")
        if (tag in BLOCK_TAGS or "-" in tag) and not in_row:
            self._open_block(node, tag, entry, top, mem_id)
        self.stack.append(entry)

    def _open_block(
        self, node: LexborNode, tag: str, entry: _Open, top: _Open, mem_id: int
    ) -> None:
        builder = self.builder
        builder.flush()
        entry.block = True
        entry.element = self._register(node, tag, top.element, mem_id)
        if tag == "pre":
            entry.in_pre = True
        entry.kind = top.kind if tag == "table" else _kind_for(tag, top)
        if tag == "li":
            list_entry = top if top.tag in ("ul", "ol", "menu", "dir") else None
            if list_entry is not None:
                list_entry.list_counter += 1
                builder.marker = f"{list_entry.list_counter}. " if list_entry.ordered else "- "
            else:
                builder.marker = "- "
        builder.kind = entry.kind
        builder.owner = entry.element


def flatten(root: LexborNode, removed: Collection[int] = frozenset()) -> Flattened:
    """Blocks of text under ``root``, leaving out the elements whose ``mem_id`` is in
    ``removed`` (the chrome) and everything inside them.

    The chrome is skipped, not deleted from the tree, so that a second pass with other
    chrome (the relaxed pass) reads the same tree without parsing the page again. The
    walk goes by ``first_child``/``next`` so that a skipped subtree costs nothing.
    """
    walker = _Walker(removed)
    walker.open_root(root)
    stack = walker.stack
    builder = walker.builder
    path: list[LexborNode] = []  # the elements entered whose children are being read
    node = root.first_child
    # The loop body is the hot path of extraction: text is read inline, and an element
    # is closed (its block flushed) only when it opened one.
    while True:
        while node is None:
            if not path:
                builder.flush()
                return walker.out
            entry = stack.pop()
            if entry.block:
                walker.close(entry)
            node = path.pop().next
        tag = node.tag or ""
        if tag == "-text":
            top = stack[-1]
            text = node.text_content or ""
            if not top.in_pre:
                text = text.replace("\n", " ")
            if top.in_link:
                builder.text(text, True)
            else:  # most text: appended inline, without a call
                builder.parts.append(text)
        elif tag and tag[0] != "-" and tag not in _SKIP_TAGS:
            # Nothing inside a skipped element (an <svg>, a <select>) is read.
            mem_id = node.mem_id
            if mem_id not in removed:
                walker.enter(node, tag, mem_id)
                child = node.first_child
                if child is not None:
                    path.append(node)
                    node = child
                    continue
                entry = stack.pop()
                if entry.block:
                    walker.close(entry)
        node = node.next
