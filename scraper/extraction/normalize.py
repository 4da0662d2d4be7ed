"""Normalization: from kept blocks to the document's text, the same bytes every time.

Paragraphs are separated by one blank line; the items of a list and the rows of a table
stay on consecutive lines; headings stand on their own line (marked with ``#`` in the
Markdown form). Text is NFC-normalized, so visually equal pages give equal bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from scraper.extraction.blocks import Block

__all__ = ["join_blocks", "normalize_text"]

_TIGHT = frozenset({"li", "row", "dt", "dd"})
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFC, no invisible characters, no trailing spaces on lines (indentation is kept)."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def _render(block: Block, markdown: bool) -> str:
    text = block.text
    if block.kind == "li":
        return block.marker + text if block.marker else text
    if markdown and block.kind[0] == "h" and block.kind[1:].isdigit():
        return "#" * int(block.kind[1:]) + " " + text
    if markdown and block.kind == "quote":
        return "> " + text.replace("\n", "\n> ")
    if markdown and block.kind == "row":
        return "| " + text + " |"
    if markdown and block.kind == "pre":
        return "```\n" + text + "\n```"
    return text


def text_cells(row: str) -> int:
    return row.count(" | ") + 1


def join_blocks(blocks: Sequence[Block], *, markdown: bool = False) -> str:
    """The blocks as one text: blank lines between paragraphs, lists and tables tight."""
    out: list[str] = []
    previous: str | None = None
    for block in blocks:
        rendered = _render(block, markdown)
        if previous is not None:
            tight = block.soft or (block.kind == previous and block.kind in _TIGHT)
            out.append("\n" if tight else "\n\n")
        out.append(rendered)
        if markdown and block.kind == "row" and previous != "row":
            # Markdown tables need a rule under their first row.
            out.append("\n|" + " --- |" * (text_cells(block.text)))
        previous = block.kind
    return normalize_text("".join(out))
