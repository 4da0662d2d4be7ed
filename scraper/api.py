"""The library's front door: ``extract``, ``clean_text`` and ``clean_file``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scraper.config import ExtractConfig
from scraper.extraction import extract_page
from scraper.model import Document, Page
from scraper.reading import check_page_bytes, read_page

__all__ = ["clean_file", "clean_text", "extract"]

_DEFAULT = ExtractConfig()


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    config: ExtractConfig = _DEFAULT,
    time_limit: float | None = None,
) -> Document:
    """Clean one HTML page you already have.

    ``bytes`` are decoded like a saved file (BOM, declared charset, detection).
    ``time_limit`` (seconds) overrides ``config.time_limit`` for this page.
    Raises ``ExtractionError`` (too deep, out of time) or ``InputError`` (binary bytes).
    """
    if time_limit is not None:
        config = replace(config, time_limit=time_limit)
    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    source = url or "<html>"
    data, warnings = check_page_bytes(raw, source)
    charset = "utf-8" if isinstance(html, str) else None
    page = Page(data=data, source=source, url=url, charset=charset, warnings=warnings)
    doc = extract_page(page, config)
    return doc if url else _without_source(doc)


def _without_source(doc: Document) -> Document:
    return replace(doc, source=None)


def clean_text(text: str, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean text that an earlier scraper extracted, chrome and all, line by line."""
    page = Page(data=text.encode("utf-8"), source="<text>", kind="text", charset="utf-8")
    return _without_source(extract_page(page, config))


def clean_file(path: str | Path, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean one saved page (``.html``, ``.htm``, ``.xhtml``, ``.txt``, optionally ``.gz``)."""
    return extract_page(read_page(path, max_bytes=config.max_bytes), config)
