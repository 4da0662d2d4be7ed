"""What a saved file or stdin holds, by its content: HTML, text, or neither.

Used by ``reading`` when a name says nothing (``story-1``, ``index.php?id=3``,
``page.shtml``, as ``wget -r`` saves pages) and for stdin, which has no name. The HTML
test is the WHATWG MIME sniffing rule for text/html (a document that starts, after
white space and a BOM, with one of a few tags); the standard library has no sniffer and
the libmagic bindings need a C library that is not always there, so the dozen lines
are here.
"""

from __future__ import annotations

import codecs
import mimetypes
import re
from functools import cache
from typing import Literal

__all__ = ["BINARY_MAGIC", "Kind", "looks_binary", "sniff_kind", "type_by_name"]

Kind = Literal["html", "text"]

# Magic numbers of formats that get saved under .html by mistake more often than one
# would think (a PDF or image behind an article URL). gzip is unwrapped before this.
BINARY_MAGIC = (
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
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))

# WHATWG MIME Sniffing, "rules for identifying an unknown MIME type", text/html
# patterns, plus <meta> and an XML declaration followed by <html (XHTML).
_HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<!--|<(?:html|head|script|iframe|h1|div|font|table|a|style"
    r"|title|b|body|br|p|meta)[\s>/])",
    re.IGNORECASE,
)
_XHTML = re.compile(r"\s*<\?xml[^>]*>.{0,512}?<html[\s>]", re.IGNORECASE | re.DOTALL)

_UTF16_32 = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(head: bytes) -> bool:
    """A magic number, or more NUL and control bytes than a text page holds."""
    if head.startswith(BINARY_MAGIC):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 or UTF-32 with BOM: NULs are part of the encoding
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return controls > len(head) // 20


def _head_text(head: bytes) -> str:
    for bom, codec in _UTF16_32:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore")
    # Every other encoding a page can have is ASCII-compatible: tags read the same.
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def sniff_kind(head: bytes) -> Kind | None:
    """``"html"``, ``"text"``, or None for binary content; ``head`` is the first KiB or so
    of the (already gunzipped) bytes."""
    text = _head_text(head[:4096])
    if _HTML_START.match(text) or _XHTML.match(text):
        return "html"
    return None if looks_binary(head[:4096]) else "text"


@cache
def _types() -> mimetypes.MimeTypes:
    # Python's own table only: /etc/mime.types differs between machines (one maps .php
    # to an application type), and the same folder must give the same outputs anywhere.
    return mimetypes.MimeTypes()


def type_by_name(name: str) -> str | None:
    """The MIME type a file name says, from Python's built-in table (None: unknown)."""
    kind, _ = _types().guess_type(name, strict=False)
    return kind
