"""The text inside one block: inline text gathered, lines split at ``<br>``, whitespace
and invisible characters cleaned, and each line emitted as a ``Block``."""

from __future__ import annotations

import re

from scraper.extraction.blocks.model import Block, Flattened
from scraper.extraction.measure import size
from scraper.extraction.rules import is_menu_bar

__all__ = ["Builder", "clean_inline", "menu_line"]

# Zero-width characters and soft hyphens: invisible, and they split words for search.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = str.maketrans("", "", _INVISIBLE_CHARS)
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def clean_inline(text: str) -> str:
    """One line of text: invisible characters dropped, any run of whitespace (no-break and
    ideographic spaces included: ``str.split`` knows them) made one space."""
    # The invisible characters are not ASCII (most lines are), and translate() looks up
    # every character of the line: a search at C speed first.
    if not text.isascii() and _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def menu_line(raw: str, text: str, links: int) -> bool:
    """A menu bar that lost its markup: labels spaced by no-break spaces (seen in ``raw``,
    before spaces are collapsed), or separated by bars and mostly links ("Home | News";
    bars between plain words are more often a table row: "Driver size | 106 mm")."""
    if "\u00a0" in raw and is_menu_bar(raw, html=True):
        return True
    return "|" in text and 2 * links >= len(text) and is_menu_bar(text)


def _spaces(text: str) -> int:
    """How many whitespace characters ``text`` holds (what ``clean_inline`` squeezes)."""
    return len(text) - len("".join(text.split()))


class Builder:
    """Accumulates inline text into the current block and closes blocks at boundaries.

    A ``<br>`` ends a line: each line becomes its own block (``soft``: joined to the
    previous one by a single newline), so that a byline or a "Print this story" link
    that a legacy page put in the same paragraph as the article can be judged alone.

    ``parts`` and ``lines`` are emptied in place, never replaced: ``flatten`` holds them.
    """

    def __init__(self, out: Flattened) -> None:
        self.out = out
        self.parts: list[str] = []
        self.link_chars = 0
        self.emphasis_chars = 0  # characters (spaces aside) inside <em>, <i>, <strong>, <b>
        self.lines: list[tuple[str, int, int]] = []
        self.kind = "p"
        self.owner = 0
        self.marker = ""

    def text(self, text: str, in_link: bool, emphasis: bool = False) -> None:
        self.parts.append(text)
        if in_link:
            self.link_chars += size(text.strip())
        if emphasis:
            self.emphasis_chars += len(text) - _spaces(text)

    def line_break(self) -> None:
        if self.kind == "pre":
            self.parts.append("\n")
            return
        self.lines.append(("".join(self.parts), self.link_chars, self.emphasis_chars))
        self.parts.clear()
        self.link_chars = 0
        self.emphasis_chars = 0

    def flush(self) -> None:
        parts, lines = self.parts, self.lines
        if not parts and not lines:  # a block opens right after another
            return
        if self.kind == "pre":
            text = "".join(parts).strip("\n")
            self._emit(text, 0, soft=False)
        elif not lines:
            # One line (no <br>): most often only the spaces between two blocks' tags,
            # which clean to nothing.
            raw = "".join(parts)
            if raw and not raw.isspace():
                self._line(raw, self.link_chars, self.emphasis_chars, False)
        else:
            self.line_break()
            soft = False
            for raw, links, emphasis in lines:
                if self._line(raw, links, emphasis, soft):
                    soft = True
        parts.clear()
        lines.clear()
        self.link_chars = 0
        self.emphasis_chars = 0

    def _line(self, raw: str, links: int, emphasis: int, soft: bool) -> bool:
        """Emit one line of inline text (``raw``, before cleaning); whether it held text."""
        text = clean_inline(raw)
        # All of it set apart, but for a full stop or a dash outside the tags.
        emphasized = emphasis > 0 and emphasis + 2 >= len(text) - text.count(" ")
        return self._emit(text, links, soft, menu_line(raw, text, links), emphasized)

    def _emit(
        self, text: str, links: int, soft: bool, menu: bool = False, emphasis: bool = False
    ) -> bool:
        if not text:
            return False
        measured = size(text)
        links = min(links, measured)
        block = Block(
            self.kind, text, links, self.owner, self.marker, soft, menu, measured, emphasis
        )
        self.out.blocks.append(block)
        self.marker = ""
        return True
