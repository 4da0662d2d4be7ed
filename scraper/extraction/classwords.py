"""Class/id words that name chrome: matching an element's class and id against the
site's word patterns (``CompiledRules.class_pattern`` and ``strong_class_pattern``).

Hot code: every element with a class or an id is asked (``named.py``), so answers are
cached per class/id string and per token, and the patterns are matched case-sensitively
where that finds the same.
"""

from __future__ import annotations

import re

from scraper.extraction.rules import CompiledRules
from scraper.extraction.wordsets import WordSets, word_strings

__all__ = ["NEVER_BY_CLASS", "ClassWords"]

# Class words that describe a state or a layout, not the element: "has-sidebar",
# "no-comments", "main-content--sidebar" (a BEM modifier) are wrappers of the article.
_STATES = ("has", "no", "with", "without", "is", "show", "hide", "enable", "disable")
_STATE_WORDS = re.compile(rf"(?:^|\s)(?:{'|'.join(_STATES)})-\S*|--\S*")
_STATE_PREFIXES = tuple(f"{state}-" for state in _STATES)
# Elements never chrome by their class words, whatever they say.
NEVER_BY_CLASS = frozenset({"html", "body", "main", "article"})


class ClassWords:
    """The class words of ``rules``, asked about one page's class/id strings.

    The caller caches the answer per class/id string (pages repeat the same classes on
    hundreds of elements); this keeps the answer per token from page to page.
    """

    __slots__ = ("_rules", "_sets", "_tokens")

    def __init__(self, rules: CompiledRules) -> None:
        self._rules = rules
        self._tokens = _token_hits(rules)
        self._sets = _word_sets(rules) if self._tokens is not None else None

    def hit(self, raw: str) -> int:
        """2 for a strong chrome word in ``raw`` (an element's class and id, joined by a
        space), 1 for a weak one, else 0."""
        tokens = self._tokens
        if tokens is None:
            return _names_hit(raw, self._rules)
        hit = 0
        for token in raw.split():
            found = tokens.get(token)
            if found is None:
                found = tokens[token] = self._token_hit(token)
            if found > hit:
                if found == 2:
                    return 2
                hit = found
        return hit

    def _token_hit(self, token: str) -> int:
        """``_names_hit`` of one token: by set lookups where the words are finite sets
        (``wordsets.py``) and the token is ASCII, else by the patterns."""
        sets = self._sets
        if sets is None or not token.isascii():
            return _names_hit(token, self._rules)
        lowered = token.lower()
        # A camelCase boundary needs an upper-case letter.
        camel = token != lowered
        # Most tokens name no word: a word's string starts at a part of the token between
        # boundaries (``WordSets.hit``), and dropping the state words only drops parts.
        if sets.heads.isdisjoint(lowered.replace("_", "-").split("-")):
            found = 0
        else:
            # In one token, a state word can only start it, or follow a "--".
            state = "--" in token or token.startswith(_STATE_PREFIXES)
            found = sets.hit(_STATE_WORDS.sub(" ", token).lower() if state else lowered)
        if found < 2 and camel and _strong_camel(token, sets):
            return 2  # strong words also match camelCase names word by word
        return found


def _strong_camel(token: str, sets: WordSets) -> bool:
    """``_finds(strong_class_pattern, _camel_words(token))`` for one ASCII token that is
    not all lower case, by set lookups (``WordSets.hit``, as for the token itself).

    Cheap tests first: a CSS-module hash needs "__" or "-sc-" to be cut; a camelCase
    boundary in what is left is one in the token (a hash is cut off its end); and a
    state word, in a token without whitespace, starts it or follows a "--"."""
    if token.isupper() or _CAMEL.search(token) is None:
        return False  # ``_camel_words`` is ""
    names = _MODULE_HASH.sub("", token) if "__" in token or "-sc-" in token else token
    split = _CAMEL.sub("-", names)
    if split == names:
        return False
    if "--" in split or split.startswith(_STATE_PREFIXES):
        split = _STATE_WORDS.sub(" ", split)
    return sets.hit(split.lower()) == 2


def _names_hit(raw: str, rules: CompiledRules) -> int:
    # Every state word holds a hyphen: most names need no substitution.
    names = _STATE_WORDS.sub(" ", raw) if "-" in raw else raw
    if _finds(rules.strong_class_pattern, names) or _finds(
        rules.strong_class_pattern, _camel_words(raw)
    ):
        return 2
    if _finds(rules.class_pattern, names):
        return 1
    return 0


# CSS-module hashes ("table_root__adKqa") and camelCase boundaries.
_MODULE_HASH = re.compile(r"__[A-Za-z0-9_-]{5,}$|-sc-[a-z0-9]+-\d+$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]{2})")


def _camel_words(raw: str) -> str:
    """camelCase names split into their words: "cGuestTeaser" is "c-Guest-Teaser",
    "NewsletterSignup" "Newsletter-Signup" (strong words only: the weak ones, "nav" or
    "footer", also name the wrappers of CSS-in-JS pages, "siteNavOffset"). Empty when the
    name has no camelCase boundary."""
    if raw.islower() or raw.isupper():
        return ""
    names = " ".join(_MODULE_HASH.sub("", token) for token in raw.split())
    split = _CAMEL.sub("-", names)
    if split == names:
        return ""
    return _STATE_WORDS.sub(" ", split)


# Answers per class or id token, kept from page to page (sites share their themes'
# class names), per pair of word patterns; None for a pair that must see whole strings.
_TOKENS: dict[tuple[str | None, str | None], dict[str, int] | None] = {}
_MAX_TOKENS = 50_000


def _token_hits(rules: CompiledRules) -> dict[str, int] | None:
    """The token cache for ``rules``' word patterns, or None when a word could match
    across tokens.

    A class/id string's answer is its best token's answer when no word can match
    whitespace, an anchor or nothing at all: a match then lies inside one
    whitespace-separated token, and the boundaries around it (start, end, whitespace,
    ``_``, ``-``) are the same in the token alone. The state words are dropped token by
    token too (``\\S*`` stops at whitespace).
    """
    strong, weak = rules.strong_class_pattern, rules.class_pattern
    key = (strong.pattern if strong else None, weak.pattern if weak else None)
    try:
        tokens = _TOKENS[key]
    except KeyError:
        if len(_TOKENS) >= 64:
            _TOKENS.clear()
        tokens = _TOKENS[key] = {} if _by_token(strong) and _by_token(weak) else None
    if tokens is not None and len(tokens) > _MAX_TOKENS:
        tokens.clear()
    return tokens


# The strong and the weak words as sets of strings, per pair of word patterns (None: a
# pattern's words are not finite sets). Only asked for patterns that ``_by_token`` passed.
_SETS: dict[tuple[str | None, str | None], WordSets | None] = {}


def _word_sets(rules: CompiledRules) -> WordSets | None:
    strong, weak = rules.strong_class_pattern, rules.class_pattern
    key = (strong.pattern if strong else None, weak.pattern if weak else None)
    try:
        return _SETS[key]
    except KeyError:
        if len(_SETS) >= 64:
            _SETS.clear()
        strong_set, weak_set = _strings(strong), _strings(weak)
        sets = None
        if strong_set is not None and weak_set is not None:
            sets = WordSets.of(strong_set, weak_set)
        _SETS[key] = sets
        return sets


def _strings(pattern: re.Pattern[str] | None) -> frozenset[str] | None:
    """What ``pattern``'s words match, as strings (``word_strings``); ``pattern`` has
    ``_by_token``'s shape."""
    if pattern is None:
        return frozenset()
    if not pattern.flags & re.IGNORECASE:  # lower-casing the token would be wrong
        return None
    middle = pattern.pattern[len(_PREFIX) : -len(_SUFFIX)]
    return word_strings(middle[3:-1].split(")|(?:"))


_PREFIX, _SUFFIX = r"(?:^|[\s_-])(?:", r")(?:$|[\s_-])"
_WORD = re.compile(r"[A-Za-z0-9](?![?*{])[A-Za-z0-9_()|?*+-]*")


def _by_token(pattern: re.Pattern[str] | None) -> bool:
    """Whether ``pattern`` is ``rules._words_pattern``'s shape over plain words: letters,
    digits, ``_``, ``-``, groups, ``|`` inside groups and ``?*+``, starting with a letter
    or digit that is not optional. Such a word matches at least one character and never
    whitespace."""
    if pattern is None:
        return True
    source = pattern.pattern
    if pattern.flags & ~(re.IGNORECASE | re.UNICODE):
        return False
    if not source.startswith(_PREFIX) or not source.endswith(_SUFFIX):
        return False
    middle = source[len(_PREFIX) : -len(_SUFFIX)]
    if not middle.startswith("(?:") or not middle.endswith(")"):
        return False
    words = middle[3:-1].split(")|(?:")
    if "|".join(f"(?:{word})" for word in words) != middle:
        return False
    return all(_plain_word(word) for word in words)


def _plain_word(word: str) -> bool:
    if not _WORD.fullmatch(word) or "(?" in word:
        return False
    depth = 0
    for char in word:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
        elif char == "|" and depth == 0:
            return False
    return depth == 0


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
