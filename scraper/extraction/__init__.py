"""Extraction: from a ``Page`` to a ``Document`` (chrome removal, main content, metadata).

Page ──decode──▶ str ──parse (selectolax)──▶ DOM ──▶ metadata
                                              └──▶ chrome removal ──▶ main content ──▶ text
"""

from __future__ import annotations

from scraper.extraction.pipeline import decode_page, extract_decoded, extract_html, extract_page

__all__ = ["decode_page", "extract_decoded", "extract_html", "extract_page"]
