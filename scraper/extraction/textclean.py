"""Cleaning text that an earlier scraper already extracted, chrome and all, line by line.

A ``.txt`` input has no markup left to go by, so each line is judged on its own text:
known chrome phrases ("Share.", "Exit mobile version", cookie notices), menu bars (a
line of several short labels separated by runs of spaces), and copyright footers are
dropped, and so are captions (a line whose last words are a photo credit that a chrome
pattern knows: "Foto: Jane Roe/AP", "© Anett Seidler"); every other line stays,
headings included. A page's whole text (menus of one-word labels above the article,
lists and footers below it) is first cut to the article's stretch (``textspan.py``).

The result carries a ``quality`` like an HTML page's (``quality.py``): each kept
paragraph is a block of prose without links, and the page's prose is every non-blank
line of the input, so a file that was mostly chrome, or that leaves little text, says
so in its score and reasons.
"""

from __future__ import annotations

import re

from scraper.extraction.blocks import Block
from scraper.extraction.measure import size
from scraper.extraction.normalize import normalize_text
from scraper.extraction.quality import Signals, assess
from scraper.extraction.rules import SENTENCE_END, CompiledRules, is_menu_bar
from scraper.extraction.textspan import article_span, without_link_targets
from scraper.model import Document, Quality

__all__ = ["clean_text_lines", "clean_text_page"]

CAPTION_SIZE = 600  # a caption is at most this long
CREDIT_SIZE = 120  # ... and its credit at most this
# Where a sentence ends inside a line, before the next one's first character.
_AFTER_SENTENCE = re.compile(r"[.!?…\"”»)]\s+(?=\S)")


def _is_chrome_line(line: str, rules: CompiledRules) -> bool:
    stripped = line.strip()
    if rules.is_chrome_phrase(stripped) or rules.matches_pattern(stripped):
        return True
    if len(stripped) < 200 and rules.has_chrome_prefix(stripped):
        return True
    return is_menu_bar(line) or _ends_in_credit(stripped, rules)


def _ends_in_credit(line: str, rules: CompiledRules) -> bool:
    """A caption: a line whose last words, after a sentence's end, are a photo credit
    that a chrome pattern knows alone ("... in Kyiv. Foto: Jane Roe/AP", "... roofs.
    © Anett Seidler"): not a sentence themselves, and starting with a letter or ©
    (a footnote's number or a table's figure is no credit)."""
    if len(line) > CAPTION_SIZE:
        return False
    for match in _AFTER_SENTENCE.finditer(line, max(0, len(line) - CREDIT_SIZE - 2)):
        tail = line[match.end() :]
        first = next((c for c in tail if c.isalnum() or c == "©"), "")
        if (
            (first == "©" or first.isalpha())
            and not SENTENCE_END.search(tail)
            and rules.matches_pattern(tail)
        ):
            return True
    return False


def _is_headline_like(line: str) -> bool:
    """A short line that is not a sentence: an entry of a list of links."""
    stripped = line.strip()
    return len(stripped) < 100 and not SENTENCE_END.search(stripped)


def clean_text_lines(text: str, rules: CompiledRules) -> list[str]:
    """The lines of ``text`` that are not chrome, blank-line runs collapsed to one.

    A section heading such as "Related Articles" takes the headline-like lines right
    under it (up to a blank line, though not the blank lines between it and them) with
    it. In a page's whole text, the lines outside the
    article's stretch go too.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    chrome = {i: _is_chrome_line(lines[i], rules) for i in filled}
    span = article_span([lines[i] for i in filled], [chrome[i] for i in filled])
    start, end = (filled[span[0]], filled[span[1]]) if span else (0, len(lines))
    kept: list[str] = []
    in_section = heading_above = False
    for number, line in enumerate(lines):
        if not start <= number <= end:
            continue
        if not line.strip():
            in_section = in_section and heading_above
            if kept and kept[-1]:
                kept.append("")
            continue
        if rules.is_section_heading(line.strip()):
            in_section = heading_above = True
            continue
        heading_above = False
        if in_section and _is_headline_like(line):
            continue
        in_section = False
        if not chrome[number]:
            kept.append(line.rstrip())
    while kept and not kept[-1]:
        kept.pop()
    return kept


def clean_text_page(text: str, *, source: str | None, rules: CompiledRules) -> Document:
    """A ``Document`` from already-extracted text; its title stays unknown. A Markdown
    link is its words in the text, itself in the Markdown."""
    body = normalize_text("\n".join(clean_text_lines(text, rules)))
    first = body.split("\n", 1)[0]
    # The text shows its title only when it marks it: a leading Markdown "# " line.
    title = first[2:].strip() or None if first.startswith("# ") else None
    warnings = () if body else ("no article text found",)
    quality = _quality(text, body)
    return Document(
        text=without_link_targets(body),
        source=source,
        title=title,
        markdown=body,
        warnings=warnings,
        quality=quality,
    )


def _quality(text: str, body: str) -> Quality:
    """The score of a text page: its paragraphs as blocks without links, judged against
    every non-blank line of the input (the page's prose)."""
    paragraphs = [part for part in body.split("\n\n") if part.strip()]
    blocks = [Block(kind="p", text=p, link_chars=0, owner=0, size=size(p)) for p in paragraphs]
    page_prose = sum(size(line.strip()) for line in text.splitlines())
    return assess(blocks, Signals(page_prose=page_prose, listing=False, relaxed=False))
