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
    sample = data[:200_000]
    name = "cp1252" if _western(sample) else (_detect(sample) or "cp1252")
    return data.decode(name, errors="replace"), name


# The accented letters of the Western European languages windows-1252 was made for,
# one alphabet each (lower case; é is in every one, as loanwords carry it everywhere).
_ALPHABETS = tuple(
    frozenset(letters + "é")
    for letters in (
        "àâæçèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áíñóúü",  # Spanish
        "áâãàçêíóôõú",  # Portuguese
        "àèìíòóù",  # Italian
        "áàëïöüèóú",  # Dutch
        "æøåó",  # Danish, Norwegian
        "åäö",  # Swedish
        "äöåšž",  # Finnish
        "áíóúýþðæö",  # Icelandic
        "àèíïòóúüç",  # Catalan
        "áíóú",  # Irish
        "äöõüšž",  # Estonian
    )
)
_WESTERN_SHARE = 0.95


def _western(data: bytes) -> bool:
    """True when windows-1252 reads ``data`` as a Western European language.

    charset-normalizer alone reads short French, Portuguese, Italian or Finnish pages
    as Baltic or Central European code pages ("naļve", "déją"; its mess score counts
    "ää" as suspicious), and browsers in these languages fall back to windows-1252. So
    windows-1252 is taken when one language's alphabet explains (nearly) every accented
    letter it gives. The check stops it from taking what it must not: Polish gives
    symbols inside words ("by³"), Czech, Hungarian, Turkish, Baltic, Cyrillic or Greek
    text gives accents from several alphabets at once ("Pøíliš", "Ïðèâåò").
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False  # a byte windows-1252 leaves undefined
    letters: list[str] = []
    for index, char in enumerate(text):
        if char < "\x80":
            continue
        if char.isalpha():
            letters.append(char.lower())
        elif text[index - 1 : index].isalpha() and text[index + 1 : index + 2].isalpha():
            letters.append(char)  # a symbol inside a word: no alphabet has it
    if not letters:
        return True  # ASCII plus punctuation (curly quotes, dashes, the euro sign)
    best = max(sum(letter in alphabet for letter in letters) for alphabet in _ALPHABETS)
    return best >= _WESTERN_SHARE * len(letters)


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, for pages ``_western`` does not explain."""
    best = charset_normalizer.from_bytes(data).best()
    return normalize_charset(best.encoding) if best is not None else None
