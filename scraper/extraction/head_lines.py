"""A news story's byline and dateline under its dek: what news truths leave out.

The article's own rules drop bylines and datelines at the top of what they keep, but a
dek that comes first (a lead beside the headline, one the news rules put back on top:
``heads.standfirst``, ``heads.header_dek``) leaves the lines below it in place:
"Jane Doe2 minutes ago", "von Jane Doe", "Written by Jane Doe", "- February 27, 2024".
So on a news story they go when they stand above its second paragraph of prose (the
first may be the dek), as ``datelines.drop_datelines`` does with datelines: a byline or
dateline line (``content.is_meta_line``, ``datelines.is_dateline``), or a short line
that is mostly the name of one of the story's authors (as its metadata gives them) with
a few words around it (a relative time, a lead-in), and no sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.extraction.blocks import Block
from scraper.extraction.content import is_meta_line
from scraper.extraction.datelines import is_dateline
from scraper.extraction.measure import size

__all__ = ["drop_head_bylines"]

# An author's line is short, and holds little besides the name.
_LINE = 80
_BESIDE = 30
_SENTENCE_END = re.compile(r"[.!?…。！？]\s*$")


def _author_line(block: Block, authors: Sequence[str]) -> bool:
    """A short line, not a heading, that is an author's name with a few words around."""
    if block.size > _LINE or block.kind[0] == "h" or block.kind in ("row", "pre"):
        return False
    text = block.text.casefold()
    for author in authors:
        name = author.casefold().strip()
        if name and name in text:
            rest = text.replace(name, " ", 1).strip()
            return size(rest) <= _BESIDE and not _SENTENCE_END.search(rest)
    return False


def drop_head_bylines(blocks: list[Block], authors: Sequence[str]) -> list[Block]:
    """``blocks`` without the bylines and datelines above the second paragraph of prose."""
    prose = [i for i, block in enumerate(blocks) if block.prose]
    if not prose:
        return blocks
    first = prose[min(1, len(prose) - 1)]
    return [
        block
        for i, block in enumerate(blocks)
        if i >= first
        or not (is_meta_line(block.text) or is_dateline(block) or _author_line(block, authors))
    ]
