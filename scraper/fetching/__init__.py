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
    "afetch",
    "default_user_agent",
    "fetch",
    "file_name",
]


async def afetch(
    url: str,
    config: FetchConfig | None = None,
    *,
    extract_config: ExtractConfig | None = None,
) -> Document:
    """Fetch and clean one page, awaitable (``await scraper.afetch(url)`` in a notebook
    cell or an ``async def``); raises ``FetchError`` or ``ExtractionError``.

    It starts no processes (one page would not repay their start-up), so it works
    anywhere, also at the top level of a script without a ``__main__`` guard.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="scraper-clean") as executor:
        async with Fetcher(config, extract_config=extract_config, executor=executor) as f:
            return await f.fetch(url)


def fetch(
    url: str,
    config: FetchConfig | None = None,
    *,
    extract_config: ExtractConfig | None = None,
) -> Document:
    """Fetch and clean one page, blocking; raises ``FetchError`` or ``ExtractionError``.

    Works at a script's top level and inside a running event loop (a Jupyter cell, an
    ``async def``), where it runs on a loop of its own in a helper thread: ``asyncio.run``
    cannot nest. In async code ``await afetch(url)`` does not block the loop.
    For more than one page use ``Fetcher``: it shares connections, robots.txt and
    politeness state across pages, and cleans them in a pool of processes.
    """
    work = afetch(url, config, extract_config=extract_config)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop running in this thread: the usual script
        return asyncio.run(work)
    with ThreadPoolExecutor(1, thread_name_prefix="scraper-fetch") as runner:
        return runner.submit(asyncio.run, work).result()
