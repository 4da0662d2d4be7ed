"""Author names as pages give them ("By Jane Doe and John Smith | March 3, 2024",
"Von Max Muster und Eva Beispiel, dpa", "김철수 기자") made into a clean list: no "By",
no dates, no job titles, no buttons, no duplicates.

The words (prefixes and labels in many languages, job titles, things that are never
names) are data: ``scraper/data/authors.toml``.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "PARTICLES",
    "clean_authors",
    "invert_sorted_name",
    "is_job_title",
    "is_lead_in",
    "name_key",
    "opens_byline",
    "starts_with_lead_in",
]

_WS = re.compile(r"\s+")
_DATED_BY = re.compile(r"(?<=\s)(?:by|von|por|par)\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
# "Dec 17, 2025 · Jane Doe", "19 December 2025 | Jane Doe": a date first, then names.
_LEADING_DATE = re.compile(
    r"^(?:[^\W\d_]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[^\W\d_]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\s*[|•·—–,]?\s*"
)
_ASIDE = re.compile(r"\([^()]*:[^()]*\)|\(\s*\)|\(\s*$")
_URL = re.compile(r"\S+://\S*|\bwww\.\S+")
_CUT = re.compile(
    r"\s*(?:\||•|·|—|–|\bon\b\s+\w+\.? \d|\bupdated\b|\bpublished\b|\bposted\b|\bam\b\s+\d|"
    r"\breviewed by\b|\bfact[- ]checked by\b|\bmedically reviewed\b|\bphotos? by\b|"
    r"\d{1,2}[:/.]\d{1,2}|\b\d{4}\b).*$",
    re.IGNORECASE,
)
# Between names: commas, "and" in the languages of the prefixes, CJK list marks.
_SPLIT = re.compile(
    r"\s*(?:,|;|&|/|、|・|\s(?:and|und|y|et|e|og|och|en|i|ve|dan|и|та)\s)\s*",
    re.IGNORECASE,
)
# Name particles that are written in lower case inside a name ("Nick van Mead").
PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "zu",
    ]
)
_MAX_AUTHORS = 20
_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class _Words:
    prefix: re.Pattern[str]
    label: re.Pattern[str]
    # The prefixes alone, first on the line: "By Jane Doe", not "Sort by popularity".
    opening: re.Pattern[str]
    roles: frozenset[str]
    not_names: frozenset[str]
    # The last words of the prefixes ("von" of "Kommentar von"): a name never ends in one.
    lead_ends: frozenset[str]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w.casefold() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def _words() -> _Words:
    text = resources.files("scraper.data").joinpath("authors.toml").read_text("utf-8")
    data = tomllib.loads(text)
    # A prefix may come after a few words of its phrase ("View all posts by"), and may
    # be glued to the name when markup put no space in between ("Written byJane Doe").
    prefix = re.compile(
        rf"^(?:(?:[^\W\d_][\w'’]*\s+){{1,4}}?(?:by|about)|{_alternation(data['prefixes'])})"
        r"(?:\s*[:\-–]\s*|\s+|(?=(?-i:[A-Z])))",
        re.IGNORECASE,
    )
    label = re.compile(
        rf"^(?:{_alternation(data['labels'])})\s*(?:[:\-–／|]\s*|\s+)", re.IGNORECASE
    )
    opening = re.compile(
        rf"^(?:{_alternation(p for p in data['prefixes'] if p != 'from')})(?:\s*[:\-–]\s*|\s+)",
        re.IGNORECASE,
    )
    return _Words(
        prefix=prefix,
        label=label,
        opening=opening,
        roles=frozenset(w.casefold() for w in data["roles"]),
        not_names=frozenset(w.casefold() for w in data["not_names"]),
        lead_ends=frozenset(w.split()[-1].casefold() for w in data["prefixes"]) | PARTICLES,
    )


def name_key(name: str) -> str:
    """Two spellings of one name compare equal: "Emma Mackenzie", "emma-mackenzie"."""
    return re.sub(r"[\W_]+", "", name.casefold())


def _strip_prefix(text: str, words: _Words) -> str:
    for pattern in (words.label, words.prefix, words.label):
        match = pattern.match(text)
        # The prefix phrase ends in its word; a name must follow.
        if match and match.end() < len(text):
            text = text[match.end() :].lstrip(" :-–")
    return text


def _pieces(raw: str, words: _Words) -> list[str]:
    text = _WS.sub(" ", _URL.sub(" ", html.unescape(raw))).strip()
    # "(Image: Getty Images/iStock)" captions, and brackets a link left empty.
    text = _ASIDE.sub(" ", text).strip()
    # "16 December 2025 by Jane Doe": the names come after the date.
    dated = _DATED_BY.search(text)
    if dated and any(ch.isdigit() for ch in text[: dated.start()]):
        text = text[dated.start() :].strip()
    lead = _LEADING_DATE.match(text)
    if lead and text[lead.end() :][:1].isalpha() and not text[lead.end() :][:1].islower():
        text = text[lead.end() :]
    text = _strip_prefix(text, words)
    text = _CUT.sub("", text).strip(" ,;:-")
    return [_strip_prefix(p.strip(" ,;:-."), words) for p in _SPLIT.split(text)] if text else []


def _drop_role(piece: str, words: _Words) -> str:
    """ "Jane Doe Senior Autos Reporter" -> "Jane Doe"; "김철수 기자" -> "김철수"."""
    parts = piece.split()
    for i in range(1, len(parts)):
        if parts[i].casefold().strip(".,()") in words.roles:
            before = parts[:i]
            # "Lance Ryan (Content Manager)": the whole aside goes.
            opened = [j for j, part in enumerate(before) if part.startswith("(")]
            if opened and ")" not in " ".join(before[opened[-1] :]):
                before = before[: opened[-1]] or before
            # Two words before a role are a name; one is enough in scripts without case
            # (Korean and Japanese names are one word), never one Latin word ("Guardian
            # staff reporter" is a credit of its own).
            if len(before) >= 2 or not before[0][:1].isalpha() or not _cased(before[0]):
                return " ".join(before)
            break
    return piece


def _cased(word: str) -> bool:
    return word.lower() != word.upper()


def _is_name(piece: str, words: _Words) -> bool:
    if len(piece) < 2 or len(piece) > 60 or len(piece.split()) > _MAX_WORDS:
        return False
    if "@" in piece or "©" in piece:
        return False
    # Digits belong to user names ("pippin06"), never to a name of several words.
    if any(ch.isdigit() for ch in piece) and " " in piece:
        return False
    if not any(ch.isalpha() for ch in piece) or piece.casefold() in words.not_names:
        return False
    # A sentence or a caption ("(Image: Getty)"), not a name; "Jo Roe (CNX)" is one.
    if re.search(r"[a-z]{3}\. \w|^\(|\(\w+:|[\[\]{}<>»«]", piece):
        return False
    low = piece.casefold().split()
    # A lead-in the markup put on a line of its own ("Kommentar von" / "Jan Sellner").
    last = piece.split()[-1]
    if len(low) >= 2 and last.islower() and last in words.lead_ends:
        return False
    if low[0] == "the":  # "the Author", "the Editors"; "the Lavazza Team" stays
        low = low[1:]
    if all(word.strip(".,") in words.roles for word in low):
        return False
    # A template placeholder ("page.head.extra.author") is one lower-case token of dots.
    if len(low) == 1 and piece.count(".") >= 3 and piece.islower():
        return False
    # Three or more words mostly in lower case are a phrase ("he specializes in research").
    lower = [
        w
        for w in piece.split()
        if w[:1].islower() and w not in PARTICLES and w.casefold() not in words.roles
    ]
    return not (len(low) >= 3 and len(lower) >= 2)


def is_lead_in(text: str) -> bool:
    """ "By", "Written by", "Von:", "Text:": what stands before names, and nothing else."""
    words = _words()
    probe = text.strip() + " Xy"
    return any(
        (m := pattern.match(probe)) is not None and m.end() >= len(probe) - 2
        for pattern in (words.prefix, words.label)
    )


def opens_byline(text: str) -> bool:
    """ "By Jane Doe", "Von Jemima Kelly", "Author: Jane Doe": a byline's own words
    first, then a name's capital (or a letter of a script without case); not "Sort by
    popularity", "by the way"."""
    words = _words()
    match = words.opening.match(text) or words.label.match(text)
    rest = text[match.end() :].lstrip() if match else ""
    return rest[:1].isalpha() and rest[:1] == rest[:1].upper()


def starts_with_lead_in(text: str) -> bool:
    """ "By Jane Doe", "von Jemima Kelly"; not "Byron Doe"."""
    match = _words().prefix.match(text)
    return match is not None and match.end() < len(text)


def is_job_title(text: str) -> bool:
    """ "Tech Reporter", "Senior Editor, Health": a line under a name that says what the
    person does."""
    words = [w.strip(".,()").casefold() for w in text.split()]
    return bool(words) and len(words) <= 5 and words[-1] in _words().roles


def invert_sorted_name(value: str) -> str:
    """ "Doe, Jane" -> "Jane Doe": how Dublin Core and citation tags write one author."""
    family, sep, given = value.partition(",")
    if not sep or "," in given or not family.strip() or not given.strip():
        return value
    if len(family.split()) > 3 or len(given.split()) > 3:
        return value
    return f"{given.strip()} {family.strip()}"


def clean_authors(values: Iterable[str]) -> tuple[str, ...]:
    words = _words()
    seen: dict[str, str] = {}
    for raw in values:
        for i, piece in enumerate(_pieces(raw, words)):
            if i and is_job_title(piece):
                continue  # "Jane Doe, Industry Correspondent"
            piece = _drop_role(piece, words).strip(" ,;:-")
            key = name_key(piece)
            if key and key not in seen and _is_name(piece, words):
                seen[key] = piece
    names = list(seen.values())
    # An avatar's initials beside the name they abbreviate ("NB" / "Nicole Burke").
    initials = {"".join(w[0] for w in n.split()).casefold() for n in names if " " in n}
    names = [n for n in names if not (n.isupper() and n.casefold() in initials)]
    # A name's parts in elements of their own ("Martin Gramnæs" / "Martin" / "Gramnæs").
    parts = {w.casefold() for n in names if " " in n for w in n.split()}
    names = [n for n in names if " " in n or n.casefold() not in parts]
    return tuple(names[:_MAX_AUTHORS])
