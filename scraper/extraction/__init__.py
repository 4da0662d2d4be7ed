"""Extraction: from a ``Page`` to a ``Document`` (chrome removal, main content, metadata).

Page ──decode──▶ str ──parse (selectolax)──▶ DOM ──▶ metadata
                                              └──▶ chrome removal ──▶ main content ──▶ text
"""

from __future__ import annotations

from scraper.extraction.pipeline import extract_html, extract_page

__all__ = ["extract_html", "extract_page"]
