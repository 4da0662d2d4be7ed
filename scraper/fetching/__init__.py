"""The fetch stage: URLs in, ``Page``s (bytes, headers, final URL) and ``Document``s out.

    URL ──robots──▶ politeness ──retrying(exchange)──▶ Page ──cleaner──▶ Document

Modules, one job each: ``config`` (FetchConfig), ``addresses`` (the non-public address
guard), ``decoding`` (bounded decompression), ``exchange`` (one attempt: redirects,
deadline, body), ``retrying`` (tenacity policy), ``politeness`` (per-host limits),
``robots`` (robots.txt cache), ``cleaner`` (decoding and cleaning in worker processes),
``naming`` (URL to file name), ``fetcher`` (``Fetcher``).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from scraper.config import ExtractConfig
from scraper.fetching.config import FetchConfig, default_user_agent
from scraper.fetching.exchange import Response
from scraper.fetching.fetcher import Archive, Fetcher
from scraper.fetching.naming import file_name
from scraper.fetching.results import FetchRequest, FetchResult
from scraper.model import Document

__all__ = [
    "Archive",
    "FetchConfig",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "Response",
    "default_user_agent",
    "fetch",
    "file_name",
]


def fetch(
    url: str,
    config: FetchConfig | None = None,
    *,
    extract_config: ExtractConfig | None = None,
) -> Document:
    """Fetch and clean one page, blocking; raises ``FetchError`` or ``ExtractionError``.

    For more than one page use ``Fetcher``: it shares connections, robots.txt and
    politeness state across pages, and cleans them in a pool of processes.
    """

    async def run(executor: ThreadPoolExecutor) -> Document:
        # One page: starting worker processes would cost more than it saves.
        async with Fetcher(config, extract_config=extract_config, executor=executor) as f:
            return await f.fetch(url)

    with ThreadPoolExecutor(1) as executor:
        return asyncio.run(run(executor))
