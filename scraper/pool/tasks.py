"""A page given to the cleaning pool, and what its caller is told."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scraper.batch import Cleaned
from scraper.config import ExtractConfig
from scraper.errors import ExtractionError
from scraper.model import Page

__all__ = ["Done", "Task", "failed"]

Done = Callable[[Cleaned], None]


@dataclass(slots=True)
class Task:
    """One page on its way through the pool (mutable: ``last`` changes with its batch)."""

    seq: int
    page: Page
    done: Done
    config: ExtractConfig | None = None  # None: the pool's
    key: int | None = None  # the config's number in this pool (see CleaningPool._key)
    last: bool = False  # the last page of its batch


def failed(page: Page, reason: str) -> Cleaned:
    """A page that was never cleaned, its error naming it."""
    return Cleaned("", error=ExtractionError(f"{page.source}: {reason}"))
