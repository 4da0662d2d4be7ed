"""The extraction stage: a ``Page`` in, a normalized ``Document`` out."""

from __future__ import annotations

import trafilatura

from scraper.config import ExtractConfig
from scraper.encoding import decode_html
from scraper.model import Document, Page

__all__ = ["extract_html", "extract_page"]


def extract_html(html: str, *, url: str | None, source: str | None, config: ExtractConfig) -> Document:
    """Clean one decoded HTML page."""
    text = trafilatura.extract(html) or ""
    return Document(text=text, source=source, url=url)


def extract_page(page: Page, config: ExtractConfig) -> Document:
    """Clean one page (HTML or already-extracted text)."""
    html, _ = decode_html(page.data, page.charset)
    return extract_html(html, url=page.url, source=page.source, config=config)
