"""Turning page bytes into text: BOM, then the declared charset, then detection.

Used by both the file reader and the fetcher, so a page decodes the same way whether
it came from disk or from the network.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

__all__ = ["declared_charset", "decode_html", "normalize_charset"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
# A regex over the first bytes is what the WHATWG "prescan" does too; a parser would need
# the encoding before it could run.
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")

# WHATWG maps these labels to windows-1252; pages that say latin-1 are nearly always
# written in windows-1252 (curly quotes at 0x93/0x94), so decode them that way.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
}


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if Python has no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes, window: int = 16384) -> str | None:
    """The charset a page declares about itself (XML declaration or <meta>)."""
    head = data[:window]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return normalize_charset(match.group(1).decode("ascii", "ignore"))


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, codec name used)``.

    Order: BOM, then ``declared`` (e.g. the HTTP header), then the page's own
    declaration, then UTF-8 if the bytes are valid UTF-8, then charset-normalizer.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    for label in (normalize_charset(declared), declared_charset(data)):
        if label is None:
            continue
        # A page cannot truthfully declare UTF-16 in ASCII-compatible bytes.
        if label.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:512]:
            continue
        try:
            return data.decode(label), label
        except UnicodeDecodeError:
            if label == "utf-8":
                # Declared UTF-8 with a few bad bytes: keep UTF-8, mark the bad bytes.
                return data.decode(label, errors="replace"), label
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    name = _detect(data[:200_000]) or "cp1252"
    return data.decode(name, errors="replace"), name


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, with windows-1252 winning ties.

    On short Western pages several single-byte code pages fit equally well (it may pick
    DOS Baltic cp775 for French); browsers fall back to windows-1252, and so do we when
    it fits as well as the best guess.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
            return "cp1252"
    return normalize_charset(best.encoding)
