"""A cleaned document as the learner sees it: its lines, each with what it looks like.

    Document ──page_lines──▶ PageLines (site, one LineInfo per line of the text)

Lines are taken from the Markdown form when there is one, so that a heading is known
to be a heading, and code and tables are known too. Each line keeps its text only when
it could ever become a rule; the others are still there, as parts of the article that
mark where the article is. Never learned: lines longer than ``MAX_LINE``, lines of
code blocks and table rows (documentation repeats ``try:`` and ``fn main() {`` on every
page, shops repeat their spec tables: content, not chrome), and lines with fewer than
``MIN_LETTERS`` letters (prices, counters, "1/3").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from scraper.extraction.rules import phrase_key
from scraper.model import Document

__all__ = [
    "MAX_LINE",
    "LineInfo",
    "PageLines",
    "dump_lines",
    "is_call_to_action",
    "is_prose",
    "load_lines",
    "page_lines",
]

# Lines longer than this are never learned as chrome: a whole recurring paragraph of
# that length is rare, and keeping every long line's text would hold every article of a
# folder in memory during the first pass.
MAX_LINE = 300

MIN_LETTERS = 3
_LETTER = re.compile(r"[^\W\d_]")
_HEADING = re.compile(r"^#{1,6} ")
_TABLE_RULE = re.compile(r"^\|(?: --- \|)+$")
# A sentence ends with . ! ? … (or their CJK forms), maybe inside a closing quote or bracket.
_SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_WORD = re.compile(r"\w+")
# Imperatives that open the lines sites put around their articles: "Follow us on ...",
# "Sign up for ...", "Share this ...". A recurring sentence that starts with one is
# asking the reader to do something with the site, not telling the story.
CALL_TO_ACTION = frozenset(
    {
        "follow",
        "subscribe",
        "sign",
        "share",
        "click",
        "tap",
        "download",
        "join",
        "like",
        "support",
        "donate",
        "register",
        "log",
        "login",
        "get",
        "listen",
        "watch",
        "read",
        "become",
        "upgrade",
        "try",
        "install",
        "contact",
        "send",
        "email",
    }
)
PROSE_WORDS = 8


def is_prose(text: str) -> bool:
    """A sentence of at least ``PROSE_WORDS`` words (or 30 characters of CJK text)."""
    text = text.strip()
    if not _SENTENCE.search(text):
        return False
    words = _WORD.findall(text)
    # Chinese and Japanese write no spaces: a long run of characters is a sentence too.
    return len(words) >= PROSE_WORDS or (len(text) >= 30 and len(text) > 12 * len(words))


def is_call_to_action(text: str) -> bool:
    first = _WORD.search(text)
    return first is not None and first.group(0).casefold() in CALL_TO_ACTION


@dataclass(frozen=True, slots=True)
class LineInfo:
    """One line of a page: ``text`` empty for a line that is never learned.

    ``key`` is the line as rules compare it (``phrase_key``), computed once: learning
    compares every line of a site's recent pages each time a page is added.
    """

    text: str
    heading: bool
    prose: bool
    action: bool  # starts like a call to action
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", phrase_key(self.text) if self.text else "")


@dataclass(frozen=True, slots=True)
class PageLines:
    site: str
    lines: tuple[LineInfo, ...]


def _learnable(text: str) -> bool:
    return len(text) <= MAX_LINE and len(_LETTER.findall(text[:40])) >= MIN_LETTERS


def _line(raw: str, in_code: bool) -> LineInfo | None:
    stripped = raw.strip()
    if not stripped or _TABLE_RULE.match(stripped):
        return None
    heading = bool(_HEADING.match(stripped))
    text = _HEADING.sub("", stripped) if heading else stripped
    prose = is_prose(text)
    table = stripped.startswith("| ") and stripped.endswith(" |")
    kept = text if _learnable(text) and not in_code and not table else ""
    return LineInfo(kept, heading, prose and not heading, is_call_to_action(text))


def page_lines(doc: Document, site: str) -> PageLines:
    """The lines of ``doc`` (its Markdown form when it has one)."""
    source = doc.markdown if doc.markdown is not None else doc.text
    found: list[LineInfo] = []
    in_code = False
    for raw in source.splitlines():
        if raw.strip().startswith("```"):
            in_code = not in_code
            continue
        line = _line(raw, in_code)
        if line is not None:
            found.append(line)
    return PageLines(site, tuple(found))


def dump_lines(lines: PageLines) -> str:
    """The lines of a page as JSON (its site aside): what jobs and the spool store."""
    flags = ((line.text, line.heading, line.prose, line.action) for line in lines.lines)
    return json.dumps([[t, int(h), int(p), int(a)] for t, h, p, a in flags], ensure_ascii=False)


def load_lines(site: str, raw: str) -> PageLines:
    """``dump_lines`` undone."""
    rows = json.loads(raw)
    return PageLines(site, tuple(LineInfo(t, bool(h), bool(p), bool(a)) for t, h, p, a in rows))
