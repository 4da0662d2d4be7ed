"""Extraction: from a ``Page`` to a ``Document`` (chrome removal, main content, metadata).

Page ──decode──▶ str ──parse (selectolax)──▶ DOM ──▶ metadata
                                              └──▶ chrome removal ──▶ main content ──▶ text
"""

from __future__ import annotations

from scraper.native import install as _install_compiled

_install_compiled()  # the compiled modules, when built from these very sources (scraper/native.py)

from scraper.extraction.pipeline import (  # noqa: E402
    decode_page,
    extract_decoded,
    extract_html,
    extract_page,
)

__all__ = ["decode_page", "extract_decoded", "extract_html", "extract_page"]
