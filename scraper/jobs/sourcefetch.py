"""Feeds and sitemaps fetched through a run's ``Fetcher``: the ``Getter`` that discovery
(``scraper.jobs.discovery``, which knows no fetcher) is handed, by ``scraper run`` and by
``scraper fetch --feed/--sitemap``.
"""

from __future__ import annotations

from scraper.credentials import Credentials
from scraper.errors import ScraperError, SourceError
from scraper.fetching import Fetcher
from scraper.jobs.discovery import Getter, SourceBody
from scraper.jobs.xmlsource import MAX_XML_BYTES

__all__ = ["source_getter"]


def source_getter(fetcher: Fetcher, credentials: Credentials | None = None) -> Getter:
    """Read feeds and sitemaps through the run's fetcher.

    Sources go through the same robots.txt cache, politeness slots and retry policy
    as pages; only the content-type check (XML, not HTML) and the size cap differ.
    A sitemap an index lists gets the login given for its origin (``credentials``).
    """
    cap = max(fetcher.config.max_bytes, MAX_XML_BYTES)
    logins = credentials or Credentials()

    async def get(url: str) -> SourceBody:
        try:
            response = await fetcher.fetch_response(
                logins.attach(url), max_bytes=cap, html_only=False
            )
        except ScraperError as exc:
            raise SourceError(str(exc), url=url) from exc
        return SourceBody(response.body, response.final_url, response.attempts)

    return get
