"""Reading saved pages from disk (or stdin) into ``Page`` records.

The first stage for the researcher's folder of saved files: it knows file kinds
(``.html``, ``.htm``, ``.xhtml``, ``.txt``, each optionally gzipped), enforces the size
cap before and while decompressing, and rejects bytes that are not a text page.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from scraper.errors import DecodeError, InputError, InputTooLargeError

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "check_page_bytes",
    "gunzip_bounded",
    "input_kind",
    "page_from_bytes",
    "read_page",
    "strip_suffixes",
]

from scraper.model import Page

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
_GZ = ".gz"

# Magic numbers of formats that get saved under .html by mistake more often than one
# would think (a PDF or image behind an article URL).
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x7fELF",
    b"RIFF",
    b"\x1f\x8b",
)


# C0 control bytes that text never holds (tab, newlines, form feed and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


def input_kind(path: Path) -> str | None:
    """``"html"``, ``"text"`` or None (not a kind scraper cleans), by file name."""
    name = path.name.lower()
    if name.endswith(_GZ):
        name = name[: -len(_GZ)]
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def strip_suffixes(name: str) -> str:
    """``a.html.gz`` -> ``a``; ``a.b.txt`` -> ``a.b``; ``crawl.warc.gz`` -> ``crawl``."""
    lower = name.lower()
    if lower.endswith(_GZ):
        name, lower = name[: -len(_GZ)], lower[: -len(_GZ)]
    for suffix in (*HTML_SUFFIXES, *TEXT_SUFFIXES, ".warc"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def gunzip_bounded(data: bytes, max_bytes: int, source: str) -> bytes:
    """Inflate gzip data, refusing more than ``max_bytes`` of output.

    zlib's ``max_length`` lets us stop a gzip bomb at the cap instead of after it has
    filled memory; ``gzip.decompress`` has no such bound.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise DecodeError(f"{source}: corrupt gzip data ({exc})", path=source) from exc
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise InputTooLargeError(
            f"{source}: inflates past the size cap of {max_bytes} bytes", path=source
        )
    if not inflater.eof:
        raise DecodeError(f"{source}: truncated gzip data", path=source)
    return out


def check_page_bytes(data: bytes, source: str) -> tuple[bytes, tuple[str, ...]]:
    """Reject empty and binary content; drop stray NUL bytes from a text page.

    Returns the bytes to decode and warnings about what was repaired.
    """
    if not data.strip():
        raise DecodeError(f"{source}: empty file", path=source)
    if data.startswith(_BINARY_MAGIC):
        raise DecodeError(f"{source}: binary data, not a text page", path=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data, ()  # UTF-16 with BOM: NULs are part of the encoding
    head = data[:8192]
    nuls = head.count(0)
    if nuls:
        # A UTF-16 page without BOM has a NUL in every other byte; a binary file has them
        # everywhere; a text page with a few stray NULs is cleaned with them removed.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if min(even, odd) == 0 and max(even, odd) > len(head) // 4:
            return data, ()
        if nuls > len(head) // 20:
            raise DecodeError(f"{source}: binary data, not a text page", path=source)
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) // 20:
        raise DecodeError(f"{source}: binary data, not a text page", path=source)
    removed = data.count(0)
    if removed:
        return data.replace(b"\x00", b""), (f"{removed} NUL bytes removed",)
    return data, ()


def page_from_bytes(
    data: bytes, source: str, *, kind: str = "html", gzipped: bool = False, max_bytes: int
) -> Page:
    """Validate raw bytes (already read) and wrap them in a ``Page``."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{source}: {len(data)} bytes is over the size cap of {max_bytes} bytes", path=source
        )
    if gzipped:
        data = gunzip_bounded(data, max_bytes, source)
    data, warnings = check_page_bytes(data, source)
    return Page(data=data, source=source, kind=kind, warnings=warnings)


def read_page(path: str | Path, *, max_bytes: int, source: str | None = None) -> Page:
    """Read one saved page from ``path``; ``source`` defaults to the path as given."""
    path = Path(path)
    source = source if source is not None else str(path)
    kind = input_kind(path) or "html"
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{source}: {size} bytes is over the size cap of {max_bytes} bytes", path=source
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{source}: cannot read: {reason}", path=source) from exc
    return page_from_bytes(
        data, source, kind=kind, gzipped=path.name.lower().endswith(_GZ), max_bytes=max_bytes
    )
