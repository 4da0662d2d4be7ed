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
    name = _single_byte(sample) or _detect(sample) or "cp1252"
    return data.decode(name, errors="replace"), name


# The accented letters of the languages each Windows code page was made for, one
# alphabet per language (lower case; é is in every Latin one, as loanwords carry it
# everywhere). Turkish "İ" lowers to "i" plus a combining dot, hence "i̇".
_ALPHABETS: dict[str, tuple[frozenset[str], ...]] = {
    "cp1252": tuple(
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
    ),
    "cp1254": (frozenset([*"çğıöşüâîûé", "i̇"]),),  # Turkish
    "cp1253": (frozenset("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς"),),  # Greek
}
# The letters cp1254 gives where windows-1252 has Icelandic ones (ğ ı ş İ for ð ý þ Ý),
# lower case: without one of them the two code pages read the page alike.
_TURKISH_ONLY = frozenset([*"ğış", "i̇"])
# Greek writes σ inside a word and ς at its end, never the other way round, and no word
# mixes Greek and Latin letters. Cyrillic read as windows-1253 breaks the first at once
# (т comes out as ς, у as σ), Central European and Baltic text the second ("Αrvνztϋrυ").
_NOT_GREEK = re.compile(r"ς\w|σ\b|[A-Za-z][\u0370-\u03ff]|[\u0370-\u03ff][A-Za-z]")
_SHARE = 0.95


def _single_byte(data: bytes) -> str | None:
    """windows-1252, -1254 (Turkish) or -1253 (Greek), when one language of the code
    page explains (nearly) every accented letter it reads; else None.

    charset-normalizer alone reads short French, Portuguese, Italian or Finnish pages
    as Baltic or Central European code pages ("naļve", "déją"; its mess score counts
    "ää" as suspicious), Turkish ones as windows-1250 or -1252 ("yaţýyorum",
    "iþsizlik": its coherence score does not tell Turkish from German), and short Greek
    ones as Big5 or Shift JIS. Browsers in these languages fall back to their own code
    page; this is that fallback, checked. The check stops a code page from taking what
    it must not: Polish gives symbols inside words ("by³"), Czech, Hungarian, Baltic or
    Cyrillic text gives accents from several alphabets at once ("Pøíliš", "Ïðèâåò"),
    and those are left to charset-normalizer.

    Turkish is asked before windows-1252 because the two differ only in ğ ı ş (ð ý þ),
    and a page whose accents are all ð ý þ ö é is Turkish: Icelandic, the one
    windows-1252 language with ð ý þ, also writes á í ó ú æ, which Turkish never does.
    """
    if _explained(data, "cp1254", needs=_TURKISH_ONLY):
        return "cp1254"
    if _explained(data, "cp1252"):
        return "cp1252"
    greek = _explained(data, "cp1253", needs=frozenset(_ALPHABETS["cp1253"][0]))
    if greek and _not_cyrillic(data):
        return "cp1253"
    return None


def _not_cyrillic(data: bytes) -> bool:
    """Whether charset-normalizer finds ``data`` no less coherent as windows-1253 than
    as windows-1251. Cyrillic read as Greek is all Greek letters too ("Београд" is
    "Αεξγπΰδ"); asked between these two alone, its mess score tells them apart, where
    asked among every code page it takes short Greek for Big5 or Shift JIS."""
    results = charset_normalizer.from_bytes(data, cp_isolation=["cp1253", "cp1251"])
    chaos = {normalize_charset(r.encoding): r.chaos for r in results}
    greek, cyrillic = chaos.get("cp1253"), chaos.get("cp1251")
    return greek is not None and (cyrillic is None or greek <= cyrillic)


def _explained(data: bytes, codec: str, needs: frozenset[str] = frozenset()) -> bool:
    """Whether one alphabet of ``codec`` explains (nearly) every accented letter of
    ``data`` read in it, and ``needs`` (if given) meets one of them."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False  # a byte the code page leaves undefined
    letters = _accented(text)
    if needs and not any(char in needs for char in letters):
        return False
    if not letters:
        return True  # ASCII plus punctuation (curly quotes, dashes, the euro sign)
    if codec == "cp1253" and _NOT_GREEK.search(text):
        return False
    best = max(sum(letter in alphabet for letter in letters) for alphabet in _ALPHABETS[codec])
    return best >= _SHARE * len(letters)


def _accented(text: str) -> list[str]:
    """The non-ASCII letters of ``text`` (lower case), and the symbols inside words."""
    letters: list[str] = []
    for index, char in enumerate(text):
        if char < "\x80":
            continue
        if char.isalpha():
            letters.append(char.lower())
        elif text[index - 1 : index].isalpha() and text[index + 1 : index + 2].isalpha():
            letters.append(char)  # a symbol inside a word: no alphabet has it
    return letters


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, for pages ``_single_byte`` does not explain."""
    best = charset_normalizer.from_bytes(data).best()
    return normalize_charset(best.encoding) if best is not None else None
