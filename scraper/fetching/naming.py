"""URL -> output file name: a readable slug plus a short hash of the whole URL.

The slug keeps only ``[a-z0-9-]``, so no URL can name a path (``..``, ``/``, ``\\``,
NUL, a drive letter, a dot file) or differ only by case on a case-insensitive disk;
the hash of the exact URL keeps two URLs with the same slug apart.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

__all__ = ["file_name"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_MAX = 80
_HASH_CHARS = 16  # 64 bits: a collision among a billion URLs is a 1-in-30-million event


def file_name(url: str, suffix: str = ".json") -> str:
    """``https://example.com/a.html?x=1`` -> ``example-com-a-html-x-1-<hash>.json``."""
    try:
        parts = urlsplit(url)
        readable = " ".join((parts.hostname or "", parts.path, parts.query))
    except ValueError:
        readable = url
    slug = _NOT_SLUG.sub("-", readable.lower()).strip("-")[:_SLUG_MAX].rstrip("-") or "page"
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    return f"{slug}-{digest}{suffix}"
