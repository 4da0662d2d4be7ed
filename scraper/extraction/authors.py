"""Author names as pages give them ("By Jane Doe and John Smith | March 3, 2024") made
into a clean list: no "By", no dates, no roles, no duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["clean_authors"]

_WS = re.compile(r"\s+")
_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|words|text|story|photos?)\s+)?"
    r"(?:by|von|por|par|di|door|av|de|from)\s*[:\-]?\s+",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:\||•|·|—|–|\bon\b\s+\w+\.? \d|\bupdated\b|\bpublished\b|\bposted\b|\bam\b\s+\d|"
    r"\d{1,2}[:/.]\d{1,2}|\b\d{4}\b).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b|\bmit\b|\bwith\b)\s*", re.IGNORECASE)
_ROLE = re.compile(
    r"^(?:[\w-]+\s+){0,3}(?:writer|contributor|editor|correspondent|reporter|author|"
    r"columnist|photographer|staff|desk|team|redaktion|redacción|autor)$",
    re.IGNORECASE,
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
    return not _ROLE.match(piece) and any(ch.isalpha() for ch in piece)


def clean_authors(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for raw in values:
        for piece in _pieces(raw):
            piece = _PREFIX.sub("", piece)
            if _is_name(piece) and piece.casefold() not in seen:
                seen[piece.casefold()] = piece
    return tuple(seen.values())[:_MAX_AUTHORS]
