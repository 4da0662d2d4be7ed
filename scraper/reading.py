"""Reading saved pages from disk (or stdin) into ``Page`` records.

The first stage for the researcher's folder of saved files: it knows file kinds
(``.html``, ``.htm``, ``.xhtml``, ``.txt``, each optionally gzipped), enforces the size
cap before and while decompressing, and rejects bytes that are not a text page.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from scraper.errors import DecodeError, InputError, InputTooLargeError
from scraper.model import Page
from scraper.sniffing import BINARY_MAGIC, CONTROL_BYTES, sniff_kind, type_by_name

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "check_page_bytes",
    "find_inputs",
    "gunzip_bounded",
    "input_kind",
    "page_from_bytes",
    "read_page",
    "strip_suffixes",
]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
_GZ = ".gz"
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 4096
# Types a name may say and still hold a page: sniffed (a wget mirror's index.pl).
_MAYBE_PAGE = (None, "text/html", "application/xhtml+xml", "text/plain")


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
    if data.startswith(BINARY_MAGIC):
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
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    if controls > len(head) // 20:
        raise DecodeError(f"{source}: binary data, not a text page", path=source)
    if 0 not in data:  # one memchr: most pages
        return data, ()
    removed = data.count(0)
    if removed:
        return data.replace(b"\x00", b""), (f"{removed} NUL bytes removed",)
    return data, ()


def page_from_bytes(
    data: bytes, source: str, *, kind: str | None = "html", gzipped: bool = False, max_bytes: int
) -> Page:
    """Validate raw bytes (already read) and wrap them in a ``Page``.

    gzip is unwrapped whatever the name says (wget keeps compressed bodies as they came);
    ``kind`` None means sniffed from the content (stdin, a file named ``story-1``).
    """
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{source}: {len(data)} bytes is over the size cap of {max_bytes} bytes", path=source
        )
    if gzipped or data.startswith(_GZIP_MAGIC):
        data = gunzip_bounded(data, max_bytes, source)
    data, warnings = check_page_bytes(data, source)
    kind = kind or sniff_kind(data) or "text"
    return Page(data=data, source=source, kind=kind, warnings=warnings)


def read_page(path: str | Path, *, max_bytes: int, source: str | None = None) -> Page:
    """Read one saved page from ``path``; ``source`` defaults to the path as given."""
    path = Path(path)
    source = source if source is not None else str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{source}: {size} bytes is over the size cap of {max_bytes} bytes", path=source
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if path.is_symlink() and not path.exists():
            reason = f"broken symbolic link to {os.readlink(path)}"
        raise InputError(f"{source}: cannot read: {reason}", path=source) from exc
    return page_from_bytes(
        data,
        source,
        kind=input_kind(path),
        gzipped=path.name.lower().endswith(_GZ),
        max_bytes=max_bytes,
    )


def _head(path: Path) -> bytes:
    """The first bytes of a file, gunzipped if it is gzip (b"" if unreadable)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return b""
    if head.startswith(_GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return head
    return head


def _skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not an input (None: it is one).

    Inputs: names ``input_kind`` knows, then anything that is HTML or text by content,
    unless the name says another type (a stylesheet, a script, an image). A file that
    cannot be read is an input too, so that it fails with its reason.
    """
    if input_kind(path) is not None or path.name.lower().endswith((".warc", ".warc.gz")):
        return None
    if not path.exists():
        return None  # a broken symbolic link: read_page names it
    said = type_by_name(path.name)
    if said not in _MAYBE_PAGE:
        return f"not a page ({said})"
    head = _head(path)
    if head and sniff_kind(head) is None:
        return "neither HTML nor text"
    return None


def find_inputs(folder: Path, on_skip: Callable[[str], None] | None = None) -> Iterator[Path]:
    """The inputs under ``folder``, sorted by relative path; one ``on_skip`` line for
    every other file and for every folder that cannot be listed.

    Hidden files and folders (``.git``, ``.tmp-*``) are left out without a word.
    Folder links are followed, each real folder once (a link loop ends there).
    """
    found: list[tuple[str, Path | str]] = []
    seen: set[tuple[int, int]] = set()

    def unlisted(error: OSError) -> None:
        where = Path(error.filename or folder)
        found.append(
            (
                where.relative_to(folder).as_posix(),
                f"{where}: skipped: cannot list folder: {error.strerror}",
            )
        )

    for top, dirs, files in os.walk(folder, onerror=unlisted, followlinks=True):
        stat = os.stat(top)
        if (stat.st_dev, stat.st_ino) in seen:
            dirs.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = Path(top, name)
            rel = path.relative_to(folder).as_posix()
            reason = _skip_reason(path)
            found.append((rel, path if reason is None else f"{path}: skipped: {reason}"))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        if isinstance(item, Path):
            yield item
        elif on_skip is not None:
            on_skip(item)
