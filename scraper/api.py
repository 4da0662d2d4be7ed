"""The library's front door: ``extract``, ``clean_text`` and ``clean_file``."""

from __future__ import annotations

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
        config = ExtractConfig(
            max_bytes=config.max_bytes,
            max_depth=config.max_depth,
            time_limit=time_limit,
            rules=config.rules,
            guess_dates=config.guess_dates,
        )
    data = html if isinstance(html, bytes) else html.encode("utf-8")
    source = url or "<html>"
    page = Page(data=check_page_bytes(data, source), source=source, url=url)
    if isinstance(html, str):
        page = Page(data=page.data, source=source, url=url, charset="utf-8")
    doc = extract_page(page, config)
    return doc if url else _without_source(doc)


def _without_source(doc: Document) -> Document:
    from dataclasses import replace

    return replace(doc, source=None)


def clean_text(text: str, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean text that an earlier scraper extracted, chrome and all, line by line."""
    page = Page(data=text.encode("utf-8"), source="<text>", kind="text", charset="utf-8")
    return _without_source(extract_page(page, config))


def clean_file(path: str | Path, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean one saved page (``.html``, ``.htm``, ``.xhtml``, ``.txt``, optionally ``.gz``)."""
    return extract_page(read_page(path, max_bytes=config.max_bytes), config)
