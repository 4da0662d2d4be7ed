"""Datelines around an article: the date and time it was published or updated.

"Erstellt: 28.04.2023, 18:16 Uhr", "12.12.2025, 05:07 Uhr", "17:41 JST, October 13,
2024", "5 gennaio 2025 (modifica il 6 gennaio 2025 | 15:24)": a line that is a date and
a clock time with a few words around them (a cue, "Uhr", a reading time). News truths
and readers leave them out. Only above the article's second paragraph of prose (the
standfirst can come before the dateline) and below its last: inside the story a date and
a time are what it reports ("Doors open on 12.05.2025 at 18:00").
"""

from __future__ import annotations

import re

from scraper.extraction.blocks import Block

__all__ = ["drop_datelines", "is_dateline"]

_DATE = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b"  # 28.04.2023, 02/02/2025
    r"|\d{4}[./-]\d{1,2}[./-]\d{1,2}"  # 2024-05-03, 2024.10.13
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"  # 2024年10月13日
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}"  # 5 gennaio 2025, 13. Dezember 2024
    r"|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}"  # October 13, 2024
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2}|h\d{2})\b|\d{1,2}\s*時\s*\d{1,2}\s*分")
_WORD = re.compile(r"[^\W\d_]+")
# A dateline is short, and holds few words besides its date and time.
_MAX_SIZE = 80
_MAX_WORDS = 4


def is_dateline(block: Block) -> bool:
    """A short line that holds a date and a clock time, and at most four words besides."""
    if block.size > _MAX_SIZE or block.kind in ("row", "pre"):
        return False
    text = block.text
    if _TIME.search(text) is None or _DATE.search(text) is None:
        return False
    rest = _TIME.sub(" ", _DATE.sub(" ", text))
    return len(_WORD.findall(rest)) <= _MAX_WORDS


def drop_datelines(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the datelines above the second paragraph and below the last."""
    prose = [i for i, block in enumerate(blocks) if block.prose]
    if not prose:
        return blocks
    # The dateline can stand between the standfirst and the body.
    first, last = prose[min(1, len(prose) - 1)], prose[-1]
    return [block for i, block in enumerate(blocks) if first <= i <= last or not is_dateline(block)]
