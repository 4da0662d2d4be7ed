"""The class words as sets of strings: a token's answer by set lookups instead of a search.

A class word (``chrome.toml``) is a plain regex: letters, digits, ``_``, ``-``, groups,
``|`` inside groups and ``?`` (``classwords._plain_word``). Without ``*`` or ``+`` such a
word matches a finite set of strings ("share-?bar": "sharebar", "share-bar"). The word
patterns match a word between boundaries (start, end, whitespace, ``_``, ``-``), so in an
ASCII token a word matches exactly when a stretch between two boundaries, lower-cased, is
one of those strings. A token is a dozen characters with a boundary or two: a handful of
set lookups, where each of the two patterns' searches tries every word at every place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["WordSets", "word_strings"]

# More strings than this (a word with many optional parts): the search is kept.
_MAX_STRINGS = 20_000
_LITERAL = re.compile(r"[A-Za-z0-9_-]")
_BOUNDARY = re.compile(r"[ _-]")
_PIECES = re.compile(r"([ _-])")


def word_strings(words: list[str]) -> frozenset[str] | None:
    """Every string (lower-cased) that one of ``words`` matches, or None when a word
    matches endlessly many (``*``, ``+``), holds anything but plain parts or ASCII, or
    the words match too many strings."""
    strings: set[str] = set()
    for word in words:
        expanded = _Expansion(word).whole()
        if expanded is None:
            return None
        strings |= expanded
        # "" (a word that can match nothing) would match between any two boundaries.
        if len(strings) > _MAX_STRINGS or "" in strings:
            return None
    return frozenset(strings)


class _Expansion:
    """A recursive reading of one word: alternatives of sequences of characters and
    groups, each optionally followed by ``?`` (or the lazy ``??``, which matches the same)."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.at = 0

    def whole(self) -> set[str] | None:
        found = self._alternatives()
        return found if found is not None and self.at == len(self.word) else None

    def _alternatives(self) -> set[str] | None:
        found = self._sequence()
        while found is not None and self._peek() == "|":
            self.at += 1
            other = self._sequence()
            found = None if other is None else found | other
        return found

    def _sequence(self) -> set[str] | None:
        found = {""}
        while self._peek() not in ("", "|", ")"):
            item = self._item()
            if item is None:
                return None
            if self._peek() == "?":
                self.at += 1
                if self._peek() == "?":
                    self.at += 1
                item = item | {""}
            if self._peek() in ("?", "*", "+"):  # endless, or possessive ("?+")
                return None
            found = {head + tail for head in found for tail in item}
            if len(found) > _MAX_STRINGS:
                return None
        return found

    def _item(self) -> set[str] | None:
        char = self._peek()
        if char == "(":
            self.at += 1
            inner = self._alternatives()
            if inner is None or self._peek() != ")":
                return None
            self.at += 1
            return inner
        if not _LITERAL.fullmatch(char):
            return None
        self.at += 1
        return {char.lower()}

    def _peek(self) -> str:
        return self.word[self.at : self.at + 1]


@dataclass(frozen=True, slots=True)
class WordSets:
    """The strings of the strong and of the weak words; ``heads``: each string's part
    before its first boundary; ``longest``: the length of the longest string."""

    strong: frozenset[str]
    weak: frozenset[str]
    heads: frozenset[str]
    longest: int

    @classmethod
    def of(cls, strong: frozenset[str], weak: frozenset[str]) -> WordSets:
        every = strong | weak
        heads = frozenset(_BOUNDARY.split(string, maxsplit=1)[0] for string in every)
        return cls(strong, weak, heads, max(map(len, every), default=0))

    def hit(self, names: str) -> int:
        """2 when a stretch of ``names`` between boundaries is a strong word's string, 1
        when one is a weak word's, else 0. ``names``: one ASCII token, lower-cased, its
        state words already replaced by a space (``classwords._STATE_WORDS``)."""
        pieces = _PIECES.split(names)  # parts at even places, the boundaries between them
        if len(pieces) == 1:
            return 2 if names in self.strong else 1 if names in self.weak else 0
        hit = 0
        count, heads, longest = len(pieces), self.heads, self.longest
        for first in range(0, count, 2):
            # A stretch starts with the whole part at its start: most parts start none.
            stretch = pieces[first]
            if stretch not in heads:
                continue
            last = first
            while len(stretch) <= longest:
                if stretch in self.strong:
                    return 2
                if not hit and stretch in self.weak:
                    hit = 1
                last += 2
                if last >= count:
                    break
                stretch += pieces[last - 1] + pieces[last]  # the boundary, the next part
        return hit
