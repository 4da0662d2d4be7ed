"""A selector list split into its plain ``.class`` and ``#id`` selectors and the rest.

The chrome rules' remove list holds dozens of ``.class`` and ``#id`` selectors; Lexbor
tries each of them on every element of the page, and they cost most of the list's time.
The class-word walk (``named.py``) reads every element's class and id anyway, so it
answers for these selectors with set lookups, and Lexbor matches only the rest.

The answers are Lexbor's own: an id selector compares the whole ``id`` value, a class
selector each ASCII-whitespace-separated class name, both ignoring ASCII case in a
quirks-mode document only. Whether the document is in quirks mode is not exposed, so a
name that equals a selector's only without regard to case is left to Lexbor to decide
(``LexborNode.css_first`` on the element itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborNode

__all__ = [
    "ASK",
    "NO",
    "YES",
    "SimpleSelectors",
    "elements_matching",
    "matches_of_each",
    "merge_roles",
    "remove_list_rest",
    "selector_parts",
    "split_selectors",
]

NO, ASK, YES = 0, 1, 2  # ordered: a match by id or by class, the surer one wins

# Identifiers without escapes or non-ASCII characters: what a set lookup can compare.
_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
_ID = re.compile(r"#(-?[A-Za-z_][A-Za-z0-9_-]*)")
# HTML's ASCII whitespace, which separates class names (a no-break space does not).
_CLASS_SEPARATORS = re.compile(r"[ \t\n\f\r]+")


@dataclass(frozen=True, slots=True)
class SimpleSelectors:
    """``rest``: the selectors left for Lexbor ("" for none); ``classes`` and ``ids``:
    the names of the plain ``.class`` and ``#id`` selectors taken out of the list."""

    rest: str
    classes: frozenset[str]
    ids: frozenset[str]
    folded: frozenset[str]  # ``classes`` lower-cased
    folded_ids: frozenset[str]  # ``ids`` lower-cased
    simple: str  # the class and id selectors, for Lexbor to decide a case-only match

    def id_match(self, ident: str) -> int:
        """Whether an id attribute's value matches an id selector: ``YES``, ``NO``, or
        ``ASK`` (equal but for case)."""
        if ident in self.ids:
            return YES
        return ASK if ident.lower() in self.folded_ids else NO

    def class_match(self, names: str) -> int:
        """Whether a class attribute's value matches a class selector: ``YES``, ``NO``,
        or ``ASK`` when only a quirks-mode document would match (names equal but for
        case: ``case_only_match`` decides)."""
        # str.split() also splits at other whitespace (a no-break space), but a class
        # name of a selector holds none: it is one of those parts if it is a class name
        # of the element at all. Most values match no selector, and say so here.
        if self.folded.isdisjoint(names.lower().split()):
            return NO
        tokens = _CLASS_SEPARATORS.split(names)
        if not self.classes.isdisjoint(tokens):
            return YES
        if any(token.lower() in self.folded for token in tokens):
            return ASK
        return NO

    def node_match(self, node: LexborNode) -> bool:
        """Whether a class or id selector matches ``node``."""
        attrs = node.attributes
        classes, ident = attrs.get("class"), attrs.get("id")
        found = NO if ident is None else self.id_match(ident)
        if found != YES and classes is not None:
            found = max(found, self.class_match(classes))
        return found == YES or (found == ASK and self.case_only_match(node))

    def case_only_match(self, node: LexborNode) -> bool:
        """Lexbor's answer for an element whose class names or id equal a selector's but
        for case: whether a class or id selector matches ``node`` itself."""
        first = node.css_first(self.simple)
        return first is not None and first.mem_id == node.mem_id


def _parts(selector: str) -> list[str] | None:
    """The selectors of a list, split at its top-level commas; None when the list holds
    an escape or a quote (its commas are not all separators)."""
    if "\\" in selector or '"' in selector or "'" in selector:
        return None
    parts, depth, start = [], 0, 0
    for i, char in enumerate(selector):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selector[start:i].strip())
            start = i + 1
    parts.append(selector[start:].strip())
    return parts


def selector_parts(selector: str) -> list[str] | None:
    """The selectors of a list, stripped; None when they cannot be told apart for sure
    (an escape or a quote, or an empty part)."""
    parts = _parts(selector)
    return parts if parts is not None and all(parts) else None


@lru_cache(maxsize=64)
def split_selectors(selector: str) -> SimpleSelectors:
    """``selector`` split into its plain class and id selectors and the rest."""
    parts = _parts(selector)
    if parts is None or not all(parts):
        return SimpleSelectors(selector, *(frozenset[str](),) * 4, "")
    classes, ids, rest = [], [], []
    for part in parts:
        if found := _CLASS.fullmatch(part):
            classes.append(found.group(1))
        elif found := _ID.fullmatch(part):
            ids.append(found.group(1))
        else:
            rest.append(part)
    return SimpleSelectors(
        rest=", ".join(rest),
        classes=frozenset(classes),
        ids=frozenset(ids),
        folded=frozenset(name.lower() for name in classes),
        folded_ids=frozenset(name.lower() for name in ids),
        simple=", ".join([*(f".{name}" for name in classes), *(f"#{name}" for name in ids)]),
    )


def matches_of_each(root: LexborNode, selectors: tuple[str, ...]) -> list[list[LexborNode]]:
    """Per selector, the elements that ``root.css(selector)`` finds (``root`` itself
    included), in document order: from one query of the whole list, whose elements each
    plain class or id selector is tried on, and one query for each other selector
    (instead of a walk of the tree for every selector)."""
    if not selectors:
        return []
    candidates: list[LexborNode] = []
    seen: set[int] = set()
    for node in root.css(", ".join(selectors)):  # an element matching k selectors: k times
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            candidates.append(node)
    out: list[list[LexborNode]] = []
    for selector in selectors:
        simple = split_selectors(selector)
        if not candidates:
            out.append([])
        elif simple.rest:
            out.append(root.css(selector))
        else:
            out.append([node for node in candidates if simple.node_match(node)])
    return out


# A role selector of a list: Lexbor matches the value as written, with case.
_ROLE = re.compile(r"\[role=([A-Za-z][A-Za-z0-9_-]*)\]")


@lru_cache(maxsize=64)
def merge_roles(selector: str) -> tuple[str, frozenset[str]]:
    """``selector`` with its ``[role=...]`` selectors made one ``[role]``, and the roles
    they named (empty, and ``selector`` unchanged, for fewer than two of them).

    Lexbor tries each selector of a list on every element, and a remove list names a
    dozen roles: one ``[role]`` costs one of them, and ``elements_matching`` checks the
    value on the few elements that carry a role."""
    parts = selector_parts(selector)
    if parts is None or "[role]" in parts:
        return selector, frozenset()
    roles = [found.group(1) for part in parts if (found := _ROLE.fullmatch(part))]
    if len(roles) < 2:
        return selector, frozenset()
    kept = [part for part in parts if not _ROLE.fullmatch(part)]
    return ", ".join([*kept, "[role]"]), frozenset(roles)


@lru_cache(maxsize=64)
def remove_list_rest(remove: str, gone: frozenset[str]) -> tuple[str, frozenset[str]]:
    """The remove list's selectors for Lexbor (its plain class and id selectors aside),
    without those that name only a tag of ``gone`` (they can match nothing), and with
    their role selectors made one (``merge_roles``): ``elements_matching``'s arguments."""
    rest = split_selectors(remove).rest
    parts = selector_parts(rest) if gone and rest else None
    if parts is not None:
        rest = ", ".join(part for part in parts if part.lower() not in gone)
    return merge_roles(rest)


def elements_matching(root: LexborNode, merged: str, roles: frozenset[str]) -> list[LexborNode]:
    """The elements that the selector list ``merge_roles`` made ``merged`` (and
    ``roles``) from finds under ``root``, each once, in document order.

    Lexbor lists an element once for each selector of the list it matches, one right
    after the other: an element with a role came back once more for ``[role]``, and
    matched the list itself if it matched another of its selectors, or had one of
    ``roles`` (the whole value, with case, as ``[role=...]`` compares)."""
    found = root.css(merged)
    if not roles:
        return found
    out: list[LexborNode] = []
    count = len(found)
    at = 0
    while at < count:
        node = found[at]
        mem_id = node.mem_id
        end = at + 1
        while end < count and found[end].mem_id == mem_id:
            end += 1
        attrs = node.attributes
        if "role" not in attrs or end - at > 1 or attrs["role"] in roles:
            out.append(node)
        at = end
    return out
