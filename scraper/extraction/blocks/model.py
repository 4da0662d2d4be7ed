"""The flat list a page becomes: ``Block``s of text, each owned by an ``Element``.

``flatten`` (``walk.py``) builds a ``Flattened`` in one pass over the DOM; every later
decision is made on it, in plain Python, without walking the tree again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "Element", "Flattened"]


@dataclass(slots=True)
class Element:
    """An element that can contain blocks: its tag, class/id string and parent."""

    tag: str
    names: str  # "class id" joined, lower-cased ("" unless flatten was asked for names)
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
    emphasis: bool = False  # all of it inside <em>, <i>, <strong> or <b>

    @property
    def link_density(self) -> float:
        return self.link_chars / self.size if self.size else 0.0

    @property
    def prose(self) -> bool:
        """A paragraph of prose: long enough (80 size units), mostly not links, no heading."""
        return self.size >= 80 and self.link_density < 0.3 and self.kind[0] != "h"


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
