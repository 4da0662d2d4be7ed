"""The fetch stage: URLs in, ``Page``s (bytes, headers, final URL) out.

    URL ──robots──▶ politeness ──retrying(exchange)──▶ Page

Modules, one job each: ``config`` (FetchConfig), ``addresses`` (the non-public address
guard), ``exchange`` (one attempt: redirects,
deadline, body), ``retrying`` (tenacity policy), ``politeness`` (per-host limits),
``robots`` (robots.txt cache), ``fetcher`` (``Fetcher``). Cleaning the pages is not
this package's business: ``scraper.fetch_clean`` composes a ``Fetcher`` with the
cleaning pool.
"""

from __future__ import annotations

from scraper.fetching.config import FetchConfig, default_user_agent
from scraper.fetching.exchange import Response
from scraper.fetching.fetcher import Archive, Fetcher
from scraper.fetching.results import FetchRequest, FetchResult

__all__ = [
    "Archive",
    "FetchConfig",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "Response",
    "default_user_agent",
]
