"""Class/id words that name chrome: matching an element's class and id against the
site's word patterns (``CompiledRules.class_pattern`` and ``strong_class_pattern``).

Hot code: every element with a class or an id is asked, so answers are cached per
class/id string and the patterns are matched case-sensitively where that finds the same.
"""

from __future__ import annotations

import re

from scraper.extraction.rules import CompiledRules

__all__ = ["class_hit"]

# Class words that describe a state or a layout, not the element: "has-sidebar",
# "no-comments", "main-content--sidebar" (a BEM modifier) are wrappers of the article.
_STATE_WORDS = re.compile(r"(?:^|\s)(?:has|no|with|without|is|show|hide|enable|disable)-\S*|--\S*")
_NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})


def class_hit(
    tag: str, attrs: dict[str, str | None], rules: CompiledRules, seen: dict[str, int]
) -> int:
    """2 for a strong chrome word in the class/id, 1 for a weak one, else 0.

    ``seen`` caches the answer per class/id string: pages repeat the same classes on
    hundreds of elements, and the word patterns are long alternations.
    """
    if tag in _NEVER_BY_CLASS:
        return 0
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


# Twins by pattern source and flags. Not an lru_cache keyed by the pattern: hashing a
# compiled pattern hashes its whole compiled code (thousands of words for the class-word
# alternations), which cost more than the search it saved; a source string caches its hash.
_TWINS: dict[tuple[str, int], re.Pattern[str] | None] = {}


def _case_sensitive_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    key = (pattern.pattern, pattern.flags)
    try:
        return _TWINS[key]
    except KeyError:
        if len(_TWINS) >= 64:  # site rules compile patterns of their own: keep it bounded
            _TWINS.clear()
        twin = _TWINS[key] = _make_twin(pattern)
        return twin


def _make_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or not source.isascii() or source != source.lower():
        return None
    # Inline flags ("(?-i:...)") and escapes that name a non-ASCII character ("\\u017f",
    # a long s, matches "s" case-insensitively) would match differently.
    if "(?" in source.replace("(?:", "") or _CHARACTER_ESCAPE.search(source):
        return None
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


_CHARACTER_ESCAPE = re.compile(r"\\[uUxN0-7]")
