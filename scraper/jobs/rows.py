"""The rows of a job's state database, as the typed records ``StateStore`` returns.

urls ──▶ UrlRow    runs ──▶ RunRow    sources ──▶ SourceRow    discovery ──▶ Discovered
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["Discovered", "RunRow", "SourceRow", "UrlRow", "iso"]


def iso(moment: datetime) -> str:
    """UTC, second resolution: strings that sort as the moments do."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Discovered:
    """A URL found by a source, normalized, with the date the source gave, if any."""

    url: str
    source: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class UrlRow:
    url: str
    status: str
    attempts: int
    last_error: str | None
    etag: str | None
    last_modified: str | None
    file: str | None
    duplicate_of: str | None
    text_hash: str | None
    next_retry: str | None = None
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A feed or sitemap, and how its last read went."""

    url: str
    kind: str
    last_error: str | None
    failures: int  # runs in a row it failed
    checked_at: str


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    started_at: str
    finished_at: str | None
    outcome: str
    counts: dict[str, int]
