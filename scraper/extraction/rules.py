"""Chrome rules compiled for matching: built once per rule set, reused for every page."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from scraper.config import SiteRules
from scraper.extraction.line_patterns import LinePatterns

__all__ = [
    "SENTENCE_END",
    "CompiledRules",
    "compile_rules",
    "is_menu_bar",
    "phrase_key",
    "relax",
]

# What even the relaxed pass removes: chrome by its HTML structure, never by its name.
RELAXED_REMOVE = (
    "nav, aside, amp-sidebar, [role=navigation], [role=banner], [role=contentinfo], "
    "[role=complementary], [role=search], [role=dialog], [role=menu], [role=menubar]"
)

_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def phrase_key(text: str) -> str:
    """Case-, space- and edge-punctuation-insensitive form of a short text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # Runs of whitespace as one space, none at the ends (``str.split`` and ``\s`` know
    # the same whitespace).
    return _PUNCT_EDGES.sub("", " ".join(text.split()))


# Menu bars written out as text: labels joined by runs of (often no-break) spaces or by
# separators: "Weather\u00a0\u00a0\u00a0Live Markets", "Home | News | Sport", a breadcrumb
# "Home » World".
_TEXT_GAP = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]{2,}|\s+[|•·/»›]\s+")
# In HTML, runs of plain spaces and newlines are source formatting: only a run that
# holds a no-break (or other typographic) space was meant as a gap. "|" is left out:
# in HTML text it more often draws a table ("name | color | size") than a menu.
_HTML_GAP = re.compile(
    r"(?=[ \t\r\n]*[\u00a0\u2000-\u200b\u3000])[\s\u00a0\u2000-\u200b\u3000]{2,}|\s+[•·]\s+"
)
# A label or line that ends like a sentence is not a menu entry or a headline.
SENTENCE_END = re.compile(r"[.!?…:;。！？]$")


def is_menu_bar(line: str, *, html: bool = False) -> bool:
    """Two or more short labels (at most three words each, none a sentence) joined by
    gaps: a navigation bar that lost its markup."""
    labels = [label for label in (_HTML_GAP if html else _TEXT_GAP).split(line.strip()) if label]
    if len(labels) < 2:
        return False
    return all(len(label) <= 25 and len(label.split()) <= 3 for label in labels) and not any(
        SENTENCE_END.search(label) for label in labels
    )


@dataclass(frozen=True, slots=True)
class CompiledRules:
    remove_selector: str
    content_selectors: tuple[str, ...]
    any_content: str  # every content selector in one list: a quick "does any match?"
    phrases: frozenset[str]
    prefixes: tuple[str, ...]
    line_pattern: re.Pattern[str] | None
    lines: LinePatterns | None  # line_pattern, matched alternative by alternative
    sections: frozenset[str]
    class_pattern: re.Pattern[str] | None
    strong_class_pattern: re.Pattern[str] | None
    longest_phrase: int

    def is_chrome_phrase(self, text: str) -> bool:
        if len(text) > self.longest_phrase + 8:  # cheap length check before normalizing
            return False
        return phrase_key(text) in self.phrases

    def is_section_heading(self, text: str) -> bool:
        return len(text) < 60 and phrase_key(text) in self.sections

    def matches_pattern(self, text: str) -> bool:
        return self.lines is not None and len(text) < 160 and self.lines.fullmatch(text.strip())

    def has_chrome_prefix(self, text: str) -> bool:
        folded = text.lstrip().casefold()
        return folded.startswith(self.prefixes)


def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for class/id words: a word matches a whole hyphen/underscore-separated
    part of a class name: "share" hits "post-share" and "share_bar", not "shareholder"."""
    if not words:
        return None
    alternatives = "|".join(f"(?:{w})" for w in words)
    return re.compile(rf"(?:^|[\s_-])(?:{alternatives})(?:$|[\s_-])", re.IGNORECASE)


@lru_cache(maxsize=64)
def compile_rules(rules: SiteRules) -> CompiledRules:
    line_pattern = (
        re.compile("|".join(f"(?:{p})" for p in rules.patterns), re.IGNORECASE)
        if rules.patterns
        else None
    )
    return CompiledRules(
        remove_selector=", ".join(rules.remove),
        content_selectors=rules.content,
        any_content=", ".join(rules.content),
        phrases=frozenset(phrase_key(p) for p in rules.phrases),
        prefixes=tuple(p.casefold() for p in rules.prefixes),
        line_pattern=line_pattern,
        lines=LinePatterns(line_pattern, rules.patterns) if line_pattern is not None else None,
        sections=frozenset(phrase_key(p) for p in rules.sections),
        class_pattern=_words_pattern(rules.classes),
        strong_class_pattern=_words_pattern(rules.strong_classes),
        longest_phrase=max((len(p) for p in rules.phrases), default=0),
    )


def relax(rules: CompiledRules) -> CompiledRules:
    """The same rules without the selectors and class words that name chrome."""
    return replace(
        rules,
        remove_selector=RELAXED_REMOVE,
        class_pattern=None,
        strong_class_pattern=None,
    )
