"""The elements of a page that carry a class or an id, read once for every lookup by them.

Lexbor tries each selector of a list on every element of the page: the content
selectors' plain ``.class`` and ``#id`` selectors, the comment sections' and the hidden
classes' ``[class~=...]`` selectors each cost about a walk of the tree, in each pass. A
``NamedElements`` reads every named element's class and id once ("header, footer,
[class], [id]", the class-word walk's own list: ``named.py``), and these lookups answer
from it with set lookups, Lexbor's own answers (``simple_selectors.py``; the tree must
not change in between).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.simple_selectors import ASK, NO, YES, SimpleSelectors, split_selectors

__all__ = ["NamedElements"]

# The selectors of the list, each of which an element may match (Lexbor lists an element
# once for each selector it matches, one right after the other).
_NAMED = "header, footer, [class], [id]"
# What separates the values of an attribute for ``~=``: HTML's ASCII whitespace (not a
# no-break space, nor a vertical tab).
_SEPARATORS = re.compile(r"[ \t\n\f\r]+")
# The tag ids of <header> and <footer> (Lexbor numbers each tag name once).
_BANNER_IDS = frozenset(
    node.tag_id
    for node in LexborHTMLParser("<header></header><footer></footer>").css("*")
    if node.tag in ("header", "footer")
)


class NamedElements:
    """The elements under a root (itself included) that are a ``<header>`` or a
    ``<footer>`` or carry a ``class`` or ``id`` attribute, in document order, each once:
    ``nodes``, their ``class`` and ``id`` values (None when absent or empty) and
    ``counts``, how many selectors of "header, footer, [class], [id]" each matches;
    ``by_key``, their places by (class, id) pair, and ``banners``, the places of the
    ``<header>``s and ``<footer>``s."""

    __slots__ = (
        "_by_class",
        "_by_id",
        "_holding",
        "_scanned",
        "banners",
        "by_key",
        "classes",
        "counts",
        "ids",
        "nodes",
    )

    def __init__(self, root: LexborNode) -> None:
        self.nodes: list[LexborNode] = []
        self.classes: list[str | None] = []
        self.ids: list[str | None] = []
        self.counts: list[int] = []
        self.by_key: dict[tuple[str | None, str | None], list[int]] = {}
        self.banners: list[int] = []
        nodes, classes_of, ids, counts = self.nodes, self.classes, self.ids, self.counts
        by_key, banners = self.by_key, self.banners
        last = -1
        for node in root.css(_NAMED):
            mem_id = node.mem_id
            if mem_id == last:
                counts[-1] += 1
                continue
            last = mem_id
            attrs = node.attributes
            classes, ident = attrs.get("class"), attrs.get("id")
            place = len(nodes)
            nodes.append(node)
            classes_of.append(classes)
            ids.append(ident)
            counts.append(1)
            key = (classes, ident)
            places = by_key.get(key)
            if places is None:
                by_key[key] = [place]
            else:
                places.append(place)
            # A tag's id stands for its name: reading it spares decoding the name.
            if node.tag_id in _BANNER_IDS:
                banners.append(place)
        self._by_class: dict[str, list[int]] | None = None  # class value -> elements
        self._by_id: dict[str, list[int]] = {}  # id lower-cased -> its elements
        self._scanned: set[str] = set()  # the names looked for in the class values
        self._holding: dict[str, list[str]] = {}  # such a name -> the values holding it

    def _by_value(self) -> dict[str, list[int]]:
        """The places in ``nodes`` by class value (and by id lower-cased, in ``_by_id``),
        each list in no particular order."""
        by_class = self._by_class
        if by_class is None:
            by_class = self._by_class = {}
            by_id = self._by_id
            for (classes, ident), places in self.by_key.items():
                if classes is not None:
                    by_class.setdefault(classes, []).extend(places)
                if ident is not None:
                    by_id.setdefault(ident.lower(), []).extend(places)
        return by_class

    def look_for(self, folded: frozenset[str]) -> None:
        """Find the class values that hold one of the lower-case names ``folded``: one
        scan of the page's class values for all the names its lookups ask for."""
        missing = folded - self._scanned
        if not missing:
            return
        # A class name that equals a name but for case is, lower-cased, one of the
        # words of the lower-cased value (no whitespace can be part of such a name).
        for classes in self._by_value():
            words = classes.lower().split()
            if not missing.isdisjoint(words):
                for word in missing.intersection(words):
                    self._holding.setdefault(word, []).append(classes)
        self._scanned |= missing

    def holding(self, folded: frozenset[str]) -> set[str]:
        """The class values that hold one of the lower-case names ``folded`` (lower-cased,
        one of the value's words): ``SimpleSelectors.class_match`` answers ``NO`` for
        every other value."""
        self.look_for(folded)
        holding = self._holding
        return {classes for name in folded for classes in holding.get(name, ())}

    def _candidates(self, folded: frozenset[str], folded_ids: frozenset[str]) -> list[int]:
        """The places in ``nodes`` of the elements with a class name in ``folded`` or an
        id in ``folded_ids`` once lower-cased (and a few more), in document order."""
        by_class = self._by_value()
        self.look_for(folded)
        places: set[int] = set()
        for name in folded:
            for classes in self._holding.get(name, ()):
                places.update(by_class[classes])
        for name in folded_ids:
            places.update(self._by_id.get(name, ()))
        return sorted(places)

    def plain_matches(self, simple: SimpleSelectors) -> list[LexborNode]:
        """The elements that the plain class and id selectors of ``simple`` match, in
        document order (``SimpleSelectors.node_match``'s answers)."""
        places = self._candidates(simple.folded, simple.folded_ids)
        return [self.nodes[place] for place in places if self._match(place, simple)]

    def _match(self, place: int, simple: SimpleSelectors) -> bool:
        ident, classes = self.ids[place], self.classes[place]
        found = NO if ident is None else simple.id_match(ident)
        if found != YES and classes is not None:
            found = max(found, simple.class_match(classes))
        return found == YES or (found == ASK and simple.case_only_match(self.nodes[place]))

    def matching(self, selectors: tuple[str, ...]) -> list[list[LexborNode]]:
        """Per selector, the elements that ``root.css(selector)`` finds, in document
        order; each selector a list of plain class and id selectors (``rest`` empty)."""
        return [self.plain_matches(split_selectors(selector)) for selector in selectors]

    def with_class(self, names: frozenset[str]) -> list[LexborNode]:
        """The elements that ``[class~="name"]`` finds for one of ``names`` (lower-case
        names, compared with case whatever the document's mode), in document order."""
        out = []
        for place in self._candidates(names, frozenset()):
            classes = self.classes[place]
            if classes is not None and not names.isdisjoint(_SEPARATORS.split(classes)):
                out.append(self.nodes[place])
        return out
