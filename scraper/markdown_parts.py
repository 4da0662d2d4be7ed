"""The article's structure, read back from a ``Document``'s Markdown form, for the
structured output formats (``scraper.formats``: html, xml).

The extractor's Markdown form is a small closed grammar: headings ``#``, lists
``- ``/``1. ``, tables ``| a |``, quotes ``> ``, code fences, and, when the document
asked for images, image lines ``![alt](url "caption")``. Without it (a document built
by hand) every paragraph of the text is a ``p``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.model import Document

__all__ = ["LINK", "Part", "cells", "parts"]


@dataclass(frozen=True, slots=True)
class Part:
    """One block of the article: ``kind`` is h1..h6, p, ul, ol, table, quote, pre or img;
    ``lines`` the text of its items, rows (cells split by `` | ``) or lines (an img's
    are its URL, alt text and caption)."""

    kind: str
    lines: tuple[str, ...]


_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_ITEM = re.compile(r"^(- |\d+\. )(.*)$")
_RULE = re.compile(r"^\|( --- \|)+$")
_IMAGE = re.compile(r'^!\[(.*?)\]\((\S+?)(?: "((?:[^"\\]|\\.)*)")?\)$')
LINK = re.compile(r"\[([^\]]*)\]\((\S+?)\)")


def _kind_of(line: str, images: bool) -> str:
    if images and _IMAGE.match(line):
        return "img"
    if line == "```":
        return "pre"
    if _HEADING.match(line):
        return "h"
    if line.startswith("> ") or line == ">":
        return "quote"
    if line.startswith("| ") and line.endswith(" |"):
        return "table"
    if item := _ITEM.match(line):
        return "ul" if item.group(1) == "- " else "ol"
    return "p"


def parts(doc: Document) -> list[Part]:
    """The article's blocks, in order."""
    if doc.markdown is None:
        return [Part("p", (p,)) for p in doc.text.split("\n\n") if p.strip()]
    lines = doc.markdown.split("\n")
    images = doc.images is not None
    out: list[Part] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        kind = _kind_of(line, images) if line.strip() else ""
        if not kind:
            i += 1
        elif kind == "img":
            found_image = _IMAGE.match(line)
            assert found_image is not None
            alt, url, title = found_image.groups()
            caption = re.sub(r"\\(.)", r"\1", title) if title else ""
            out.append(Part("img", (url, alt, caption)))
            i += 1
        elif kind == "pre":
            end = lines.index("```", i + 1) if "```" in lines[i + 1 :] else len(lines)
            out.append(Part("pre", tuple(lines[i + 1 : end])))
            i = end + 1
        elif kind == "h":
            found = _HEADING.match(line)
            assert found is not None
            out.append(Part(f"h{len(found.group(1))}", (found.group(2),)))
            i += 1
        else:
            start = i
            while i < len(lines) and lines[i].strip() and _kind_of(lines[i], images) == kind:
                i += 1
            out.append(Part(kind, _items(kind, lines[start:i])))
    return out


def _items(kind: str, lines: list[str]) -> tuple[str, ...]:
    if kind in ("ul", "ol"):
        return tuple(_ITEM.sub(r"\2", line) for line in lines)
    if kind == "quote":
        return tuple(line[2:] for line in lines)
    if kind == "table":
        return tuple(line[2:-2] for line in lines if not _RULE.match(line))
    return tuple(lines)


def cells(row: str) -> list[str]:
    return row.split(" | ")
