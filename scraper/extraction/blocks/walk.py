"""``flatten``: one pass over the parsed page that turns it into ``Block``s, each tagged
with its element ancestry, leaving the chrome out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks.inline import Builder
from scraper.extraction.blocks.model import Element, Flattened
from scraper.extraction.blocks.tags import BLOCK_TAGS, HEADINGS, SKIP_TAGS

__all__ = ["flatten"]


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
    emphasis: bool = False  # inside <em>, <i>, <strong> or <b>


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


# Inline tags that set their text apart: a paragraph all in them is a note, not the
# article's prose ("With reporting by ...", "This story was first published ...").
_EMPHASIS = frozenset(["em", "i", "strong", "b"])


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
    def __init__(self, removed: Collection[int], names: bool) -> None:
        self.removed = removed
        self.names = names
        self.out = Flattened()
        self.builder = Builder(self.out)
        self.stack: list[_Open] = []

    def _register(self, node: LexborNode, tag: str, parent: int, mem_id: int) -> int:
        names = _names(node) if self.names else ""
        self.out.elements.append(Element(tag, names, parent, mem_id))
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
        # tag, element, in_link, in_pre, list_counter, ordered, data_table, block, kind,
        # emphasis
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
            top.emphasis,
        )
        if tag in _EMPHASIS:
            entry.emphasis = True
        elif tag == "a" and "href" in node.attributes:
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


def flatten(
    root: LexborNode, removed: Collection[int] = frozenset(), *, names: bool = False
) -> Flattened:
    """Blocks of text under ``root``, leaving out the elements whose ``mem_id`` is in
    ``removed`` (the chrome) and everything inside them. ``names``: fill in each
    element's class/id string (``Element.names``; "" otherwise): only the comments
    option reads them (reading every element's attributes was a tenth of the walk).

    The chrome is skipped, not deleted from the tree, so that a second pass with other
    chrome (the relaxed pass) reads the same tree without parsing the page again. The
    walk goes by ``first_child``/``next`` so that a skipped subtree costs nothing.
    """
    walker = _Walker(removed, names)
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
            if top.in_link or top.emphasis:
                builder.text(text, top.in_link, top.emphasis)
            else:  # most text: appended inline, without a call
                builder.parts.append(text)
        elif tag and tag[0] != "-" and tag not in SKIP_TAGS:
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
