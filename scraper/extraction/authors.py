"""Author names as pages give them ("By Jane Doe and John Smith | March 3, 2024") made
into a clean list: no "By", no dates, no roles, no duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["clean_authors"]

_WS = re.compile(r"\s+")
_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|words|text|story|photos?)\s+)?"
    r"(?:by|von|por|par|di|door|av|de|from)\s*[:\-]?\s+"
    r"|^(?:authors?|autor(?:in|es)?|auteur)\s*[:\-]?\s+",  # a label: "Author Jane Doe"
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:\||•|·|—|–|\bon\b\s+\w+\.? \d|\bupdated\b|\bpublished\b|\bposted\b|\bam\b\s+\d|"
    r"\d{1,2}[:/.]\d{1,2}|\b\d{4}\b).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b|\bmit\b|\bwith\b)\s*", re.IGNORECASE)
# A piece made only of these words is a job title ("Staff Reporter"), not a name.
# Team bylines ("News Desk", "Great Day Editorial Team") are kept: sites credit them.
_ROLE_WORDS = frozenset(
    [
        "staff",
        "senior",
        "chief",
        "contributing",
        "special",
        "associate",
        "managing",
        "executive",
        "deputy",
        "freelance",
        "guest",
        "political",
        "sports",
        "science",
        "health",
        "business",
        "writer",
        "writers",
        "reporter",
        "reporters",
        "editor",
        "editors",
        "correspondent",
        "contributor",
        "author",
        "columnist",
        "photographer",
        "producer",
        "redakteur",
        "redakteurin",
        "autor",
        "autorin",
        "redactor",
        "redactora",
        "periodista",
        "journaliste",
    ]
)
_MAX_AUTHORS = 20


def _pieces(raw: str) -> list[str]:
    text = _WS.sub(" ", raw).strip()
    text = _PREFIX.sub("", text)
    text = _CUT.sub("", text).strip(" ,;:-")
    return [p.strip(" ,;:-.") for p in _SPLIT.split(text)] if text else []


def _is_name(piece: str) -> bool:
    if not piece or len(piece) > 60 or len(piece.split()) > 6:
        return False
    if "@" in piece or "://" in piece or any(ch.isdigit() for ch in piece):
        return False
    words = piece.lower().split()
    if words[0] == "the":  # "the Author", "the Editors"; "the Lavazza Team" stays
        words = words[1:]
    if all(word in _ROLE_WORDS for word in words):
        return False
    return any(ch.isalpha() for ch in piece)


def clean_authors(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for raw in values:
        for piece in _pieces(raw):
            piece = _PREFIX.sub("", piece)
            if _is_name(piece) and piece.casefold() not in seen:
                seen[piece.casefold()] = piece
    return tuple(seen.values())[:_MAX_AUTHORS]
