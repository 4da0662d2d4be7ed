"""What makes a fetched page a duplicate of one a job saved: its trusted canonical URL,
or the hash of its cleaned text (``StateStore.find_duplicate`` looks both up).

    Document ──trusted_canonical, hash_text──▶ state (canonical, text_hash) ──▶ duplicate?
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

__all__ = ["hash_text", "kept_stem", "trusted_canonical"]


def trusted_canonical(canonical: str | None, fetched: str) -> str:
    """The page's canonical URL, unless it names the site's home page for an inner page.

    Misconfigured sites point every page's canonical link at "/"; trusting it would make
    every page after the first a "duplicate" of the first.
    """
    if not canonical:
        return fetched
    if urlsplit(canonical).path in ("", "/") and urlsplit(fetched).path not in ("", "/"):
        return fetched
    return canonical


def kept_stem(file: str | None) -> str | None:
    """The stem of a saved page's file, if it is a plain ``NAME.json`` in ``out``."""
    if not file or not file.endswith(".json") or "/" in file or file.startswith("."):
        return None
    return file.removesuffix(".json")


def hash_text(text: str) -> str | None:
    """Hash of the cleaned text, whitespace folded; ``None`` for a page with no text."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else None
