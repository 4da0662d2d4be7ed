"""The chrome line patterns, matched without trying each of them on every line.

The shipped patterns (``patterns`` in ``chrome.toml``) are one alternation, compiled
case-insensitively: ``fullmatch`` tries every alternative on every short block, and
case-insensitive alternatives cannot skip on their first letter, so a line that matches
none (most lines) cost about 12 µs. A line can only match an alternative that can start
with its first character and that holds the characters the alternative cannot match
without: ``LinePatterns`` works out both from the parsed patterns once, and tries only
the alternatives a line passes (about 1 µs). The answer is the alternation's: its
alternatives hold no backreference (whose group numbers would change when an
alternative stands alone), and whatever the analysis cannot read makes an alternative
tried on every line.
"""

from __future__ import annotations

import re
import string
from typing import Any

__all__ = ["LinePatterns"]

# Characters that a case-insensitive pattern matches only as themselves (no other
# character lower- or upper-cases or folds to one of them): the ones a line must hold.
UNCASED = frozenset(string.digits + string.punctuation)
# First characters of lines seen, kept per pattern set; bounded for CJK text.
_MAX_FIRSTS = 4096

# The analysis reads patterns as re's own parser does (CPython's re._parser), and compiles
# each alternative from its parse (parsing once: most of the start-up cost). Without these
# internals (another Python, a release that moved them) every line is matched whole.
try:
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as c  # type: ignore[attr-defined]

    _SINGLE = (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY)
    _REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
    _ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
    _INTERNALS = True
except (ImportError, AttributeError):
    _INTERNALS = False


class _Unreadable(Exception):
    """An operation the analysis does not follow: the alternative is always tried."""


class LinePatterns:
    """``pattern.fullmatch(line) is not None`` for ``pattern`` =
    ``"|".join(f"(?:{s})" for s in sources)`` compiled with its flags."""

    __slots__ = ("_alternatives", "_firsts", "pattern")

    def __init__(self, pattern: re.Pattern[str], sources: tuple[str, ...]) -> None:
        self.pattern = pattern
        self._firsts: dict[str, tuple[_Alternative, ...]] = {}
        self._alternatives = _alternatives(pattern, sources)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinePatterns) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash((self.pattern.pattern, self.pattern.flags))

    def fullmatch(self, line: str) -> bool:
        alternatives = self._alternatives
        if alternatives is None or not line:
            return self.pattern.fullmatch(line) is not None
        first = line[0]
        candidates = self._firsts.get(first)
        if candidates is None:
            if len(self._firsts) >= _MAX_FIRSTS:
                self._firsts.clear()
            candidates = tuple(a for a in alternatives if a.may_start(first))
            self._firsts[first] = candidates
        for alternative in candidates:
            required = alternative.required
            if required and not all(char in line for char in required):
                continue
            if alternative.compiled.fullmatch(line) is not None:
                return True
        return False


class _Alternative:
    __slots__ = ("compiled", "first", "required")

    def __init__(
        self, compiled: re.Pattern[str], first: re.Pattern[str] | None, required: str
    ) -> None:
        self.compiled = compiled
        self.first = first  # what its first character can be (None: anything)
        self.required = required  # characters every line it matches holds

    def may_start(self, char: str) -> bool:
        return self.first is None or self.first.fullmatch(char) is not None


def _alternatives(
    pattern: re.Pattern[str], sources: tuple[str, ...]
) -> tuple[_Alternative, ...] | None:
    """The alternatives, or None when they cannot be matched one by one alike."""
    if not _INTERNALS or not sources:
        return None
    if "|".join(f"(?:{s})" for s in sources) != pattern.pattern:
        return None
    flags = pattern.flags
    try:
        # Each alternative is parsed once (a reference to another one's group does not
        # parse alone, and raises).
        parsed = [_parser.parse(source, flags) for source in sources]
        if any(_has_backreference(alternative.data) for alternative in parsed):
            return None
        return tuple(_alternative(alternative, flags) for alternative in parsed)
    except Exception:  # an internal of re that changed (or a group reference): no shortcut
        return None


def _alternative(parsed: Any, flags: int) -> _Alternative:
    if parsed.state.flags != flags:  # inline flags of its own
        return _Alternative(_compiler.compile(parsed, flags), None, "")
    try:
        atoms, _ = _first(parsed.data)
        first = _compile_atoms(atoms, parsed.state, flags)
    except _Unreadable:
        first = None
    required = "".join(sorted(_required(parsed.data)))
    return _Alternative(_compiler.compile(parsed, flags), first, required)


def _first(items: Any) -> tuple[list[tuple[Any, Any]], bool]:
    """The one-character matchers a match of ``items`` can start with, and whether
    ``items`` can match nothing at all (then what follows can start it too)."""
    atoms: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in _SINGLE:
            atoms.append((op, av))
            return atoms, False
        if op in _ZERO_WIDTH:
            continue
        if op is c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Unreadable
            found, empty = _first(inner)
        elif op is c.ATOMIC_GROUP:
            found, empty = _first(av)
        elif op is c.BRANCH:
            found, empty = [], False
            for branch in av[1]:
                branch_atoms, branch_empty = _first(branch)
                found += branch_atoms
                empty = empty or branch_empty
        elif op in _REPEATS:
            low, _, inner = av
            found, empty = _first(inner)
            empty = empty or low == 0
        else:
            raise _Unreadable
        atoms += found
        if not empty:
            return atoms, False
    return atoms, True


def _compile_atoms(atoms: list[tuple[Any, Any]], state: Any, flags: int) -> re.Pattern[str]:
    """One pattern that matches a character when one of ``atoms`` does, with the
    alternative's own flags (case-insensitively alike)."""
    if not atoms:
        return re.compile(r"(?!)")  # matches no character: the alternative only ""
    branches = [_parser.SubPattern(state, [atom]) for atom in atoms]
    sub = _parser.SubPattern(state, [(c.BRANCH, (None, branches))])
    compiled: re.Pattern[str] = _compiler.compile(sub, flags)
    return compiled


def _required(items: Any) -> set[str]:
    """Characters of ``UNCASED`` that every match of ``items`` holds."""
    found: set[str] = set()
    for op, av in items:
        if op is c.LITERAL and chr(av) in UNCASED:
            found.add(chr(av))
        elif op is c.SUBPATTERN and not av[1] and not av[2]:
            found |= _required(av[3])
        elif op is c.ATOMIC_GROUP:
            found |= _required(av)
        elif op in _REPEATS and av[0] > 0:
            found |= _required(av[2])
        elif op is c.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            found |= set.intersection(*branches) if branches else set()
    return found


def _has_backreference(items: Any) -> bool:
    for op, av in items:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return True
        if op is c.SUBPATTERN and _has_backreference(av[3]):
            return True
        if op is c.ATOMIC_GROUP and _has_backreference(av):
            return True
        if op in _REPEATS and _has_backreference(av[2]):
            return True
        if op is c.BRANCH and any(_has_backreference(b) for b in av[1]):
            return True
        if op in (c.ASSERT, c.ASSERT_NOT) and _has_backreference(av[1]):
            return True
    return False
