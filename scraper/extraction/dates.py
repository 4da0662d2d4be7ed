"""Normalizing the dates pages state into ISO 8601 (date, or datetime with its offset)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["MONTHS", "normalize_date", "parse_visible_date"]

_ISO_LIKE = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?"
)
_YEAR_MIN, _YEAR_MAX = 1990, 2100


def _offset(text: str | None) -> str:
    if not text:
        return ""
    if text == "Z":
        return "+00:00"
    sign, rest = text[0], text[1:].replace(":", "")
    rest = rest.ljust(4, "0")
    return f"{sign}{rest[:2]}:{rest[2:4]}"


def _from_iso(text: str) -> str | None:
    match = _ISO_LIKE.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not _YEAR_MIN <= day_value.year <= _YEAR_MAX:
        return None
    if hour is None:
        return day_value.isoformat()
    try:
        moment = datetime(
            day_value.year, day_value.month, day_value.day, int(hour), int(minute), int(second or 0)
        )
    except ValueError:
        return day_value.isoformat()
    return moment.isoformat() + _offset(zone)


def normalize_date(value: object) -> str | None:
    """ISO 8601 for a stated date (ISO-like, RFC 2822 or Unix time), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value > 1e11:  # milliseconds
            value = value / 1000
        try:
            moment = datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.isoformat() if _YEAR_MIN <= moment.year <= _YEAR_MAX else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not _YEAR_MIN <= moment.year <= _YEAR_MAX:
        return None
    return moment.isoformat()


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar enero janvier",
            "february feb februar febrero février fevrier",
            "march mar märz maerz marzo mars",
            "april apr abril avril",
            "may mai mayo",
            "june jun juni junio juin",
            "july jul juli julio juillet",
            "august aug agosto août aout",
            "september sep sept septiembre septembre",
            "october oct oktober okt octubre octobre",
            "november nov noviembre novembre",
            "december dec dezember dez diciembre décembre decembre",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_NAME = r"([a-zA-Zäéû]{3,10})\.?"
_VISIBLE = (
    (re.compile(rf"\b{_MONTH_NAME}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), (3, 1, 2)),
    (re.compile(rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH_NAME}\s+(?:de\s+)?(\d{{4}})\b"), (3, 2, 1)),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), (3, 2, 1)),
)


def parse_visible_date(text: str) -> str | None:
    """The date in a dateline a reader sees ("Posted: August 16, 2023", "12. März 2024")."""
    for pattern, (y, m, d) in _VISIBLE:
        match = pattern.search(text)
        if match is None:
            continue
        month_text = match.group(m)
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            found = date(int(match.group(y)), month, int(match.group(d)))
        except ValueError:
            continue
        if _YEAR_MIN <= found.year <= _YEAR_MAX:
            return found.isoformat()
    return None
