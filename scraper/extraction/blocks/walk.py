"""``flatten``: one pass over the parsed page that turns it into ``Block``s, each tagged
with its element ancestry, leaving the chrome out."""

from __future__ import annotations

from collections.abc import Collection

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks.inline import Builder
from scraper.extraction.blocks.model import Element, Flattened
from scraper.extraction.blocks.tags import BLOCK_TAGS, HEADINGS, SKIP_TAGS

__all__ = ["flatten"]


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
_LISTS = frozenset(["ul", "ol", "menu", "dir"])
_CELLS = frozenset(["td", "th"])
# In a data table these do not open blocks: a row is one block, its cells joined by " | ".
_IN_ROW = frozenset(["td", "th", "tbody", "thead", "tfoot"])
# The block kind a tag gives its text whatever holds it (a <tr>'s depends on its table).
_KINDS = {
    **{tag: tag for tag in HEADINGS},
    "li": "li",
    "pre": "pre",
    "figcaption": "caption",
    "caption": "caption",
    "dt": "dt",
    "dd": "dd",
    "blockquote": "quote",
}


def _kind_for(tag: str, kind: str, data_table: bool) -> str:
    """The kind of a block that ``tag`` opens inside an element of kind ``kind``."""
    own = _KINDS.get(tag)
    if own is not None:
        return own
    if tag == "tr" and data_table:
        return "row"
    return "li" if kind == "li" else "p"


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
    out = Flattened()
    elements = out.elements
    index = out.index
    builder = Builder(out)
    parts = builder.parts  # Builder empties its lists in place: these stay its own.
    lines = builder.lines
    # The open element's state, in locals (the hot path reads them on every node); an
    # element with children saves its parent's on ``saved``, with the node to go on from.
    # tag: its tag; element: the index of the element that holds its blocks; link: inside
    # <a href>; count: its <li> (list) or cell (table row) children so far; ordered: an
    # <ol>; table: inside a data table; block: it opened a block; kind: its blocks' kind;
    # emphasis: inside <em>, <i>, <strong> or <b>.
    tag = root.tag or "body"
    elements.append(Element(tag, _names(root) if names else "", -1, root.mem_id))
    index[root.mem_id] = element = 0
    link = ordered = table = block = emphasis = False
    count = 0
    kind = "p"
    builder.owner = element
    saved: list[tuple[LexborNode, str, int, bool, int, bool, bool, bool, str, bool]] = []
    node = root.first_child
    # The loop body is the hot path of extraction: text is read inline, and an element
    # is closed (its block flushed) only when it opened one.
    while True:
        while node is None:
            if not saved:
                builder.flush()
                return out
            closed = block
            (closing, tag, element, link, count, ordered, table, block, kind, emphasis) = (
                saved.pop()
            )
            if closed:
                if parts or lines:
                    builder.flush()
                builder.kind = kind
                builder.owner = element
            node = closing.next
        name = node.tag or ""
        if name == "-text":
            # Newlines are left in, in and out of <pre>: outside one, every reader of a
            # line's raw text takes one for the space it stands for. ``clean_inline`` and
            # ``str.strip`` split at any whitespace; ``menu_line``'s gap patterns class
            # "\n" with " " (and a gap starts at a label's first trailing whitespace, so
            # no label ends in "\n" for ``$`` to see); ``size`` counts one character.
            text = node.text_content or ""
            if link or emphasis:
                builder.text(text, link, emphasis)
            else:  # most text: appended inline, without a call
                parts.append(text)
        elif name and name[0] != "-" and name not in SKIP_TAGS:
            # Nothing inside a skipped element (an <svg>, a <select>) is read.
            mem_id = node.mem_id
            if mem_id not in removed:
                # The new element's state, from its parent's (the locals, until saved).
                c_link, c_table, c_emphasis, c_ordered = link, table, emphasis, False
                if name in _EMPHASIS:
                    c_emphasis = True
                elif name == "a" and "href" in node.attributes:
                    c_link = True
                elif name == "br":
                    builder.line_break()
                elif name in _CELLS and tag == "tr" and table:
                    if count:
                        parts.append(" | ")
                    count += 1
                elif name in _LISTS:
                    c_ordered = name == "ol"
                elif name == "table":
                    c_table = _is_data_table(node, removed)
                opens = (name in BLOCK_TAGS or "-" in name) and not (c_table and name in _IN_ROW)
                if opens:
                    if parts or lines:
                        builder.flush()
                    elements.append(Element(name, _names(node) if names else "", element, mem_id))
                    c_element = index[mem_id] = len(elements) - 1
                    c_kind = kind if name == "table" else _kind_for(name, kind, table)
                    if name == "li":
                        if tag in _LISTS:
                            count += 1
                            builder.marker = f"{count}. " if ordered else "- "
                        else:
                            builder.marker = "- "
                    builder.kind = c_kind
                    builder.owner = c_element
                child = node.first_child
                if child is not None:
                    saved.append(
                        (
                            node,
                            tag,
                            element,
                            link,
                            count,
                            ordered,
                            table,
                            block,
                            kind,
                            emphasis,
                        )
                    )
                    tag, link, table, emphasis, ordered, count, block = (
                        name,
                        c_link,
                        c_table,
                        c_emphasis,
                        c_ordered,
                        0,
                        opens,
                    )
                    if opens:
                        element, kind = c_element, c_kind
                    node = child
                    continue
                if opens:  # an empty block element: closed at once
                    if parts or lines:
                        builder.flush()
                    builder.kind = kind
                    builder.owner = element
        node = node.next
