"""Applying learned chrome to a cleaned document: its chrome lines are dropped.

    Document (cleaned with the shipped and user rules) ──drop_lines──▶ Document

Jobs and ``Learner.clean`` learn from documents cleaned without the learned rules and
then drop the learned lines from them, so what is learned next never depends on what
was learned before (a learned line is still seen on the pages it was taken from).
Lines are compared in the form rules compare them (case, spaces and edge punctuation
ignored: ``phrase_key``), so the text and its Markdown form lose the same lines.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from scraper.extraction.rules import phrase_key
from scraper.model import Document

__all__ = ["drop_lines"]

_NO_TEXT = "no article text found"


def _without(text: str, keys: Collection[str]) -> str:
    out: list[str] = []
    dropped = False
    for line in text.split("\n"):
        if line.strip() and phrase_key(line) in keys:
            dropped = True
            continue
        # A paragraph taken out leaves its blank line above and below: keep one.
        if not line.strip() and dropped and (not out or not out[-1].strip()):
            continue
        out.append(line)
        dropped = dropped and not line.strip()
    return "\n".join(out).strip("\n")


def drop_lines(doc: Document, keys: Collection[str]) -> Document:
    """``doc`` without the lines whose ``phrase_key`` is in ``keys``."""
    if not keys:
        return doc
    text = _without(doc.text, keys)
    if text == doc.text:
        return doc
    markdown = _without(doc.markdown, keys) if doc.markdown is not None else None
    warnings = doc.warnings
    if not text and _NO_TEXT not in warnings:
        warnings = (*warnings, _NO_TEXT)
    return replace(doc, text=text, markdown=markdown, warnings=warnings)
