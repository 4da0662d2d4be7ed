"""The records the fetcher hands back: what to fetch and how each fetch ended."""

from __future__ import annotations

from dataclasses import dataclass

from scraper.errors import ContentTypeError, RobotsDisallowedError, ScraperError
from scraper.model import Document, Page

__all__ = ["FetchRequest", "FetchResult"]


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """A URL plus the validators of a copy already held (for a conditional GET)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """How one URL of ``Fetcher.fetch_many`` ended.

    Exactly one of three: ``error`` is set (the page failed or was skipped); ``page``
    is set with status 304 (``not_modified``: the held copy is current, no document);
    or ``page`` is set and, when extraction was asked for, so is ``document``.
    ``index`` is the URL's position in the input; ``attempts`` counts HTTP attempts
    (0 when the URL was refused before any request).
    """

    index: int
    url: str
    page: Page | None = None
    document: Document | None = None
    error: ScraperError | None = None
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return (
            self.page is not None
            and self.page.fetch is not None
            and (self.page.fetch.status == 304)
        )

    @property
    def skipped(self) -> bool:
        """Refused by robots.txt or for its content type: not counted as a failure."""
        return isinstance(self.error, RobotsDisallowedError | ContentTypeError)
