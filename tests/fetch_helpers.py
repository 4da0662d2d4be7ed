"""Shared set-up for the fetch tests: a config that reaches 127.0.0.1, fake sleep, and
one cleaning pool for the whole session (a pool per test would start a process per test)."""

from __future__ import annotations

import asyncio
import atexit
from collections.abc import Callable, Iterable
from typing import Any

from fetch_server import FetchServer

from scraper.fetch_clean import fetch_documents
from scraper.fetching import FetchConfig, Fetcher, FetchRequest, FetchResult
from scraper.pool import CleaningPool

_POOL: list[CleaningPool] = []


def shared_pool() -> CleaningPool:
    """A cleaning pool of one worker, shared by the tests that need documents."""
    if not _POOL:
        _POOL.append(CleaningPool(workers=1))
        atexit.register(_POOL[0].close)
    return _POOL[0]


class Sleeps:
    """Records every wait asked for, and waits for none of them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def config(**changes: Any) -> FetchConfig:
    """Tests reach 127.0.0.1 (allow_private), never wait and never hang for long."""
    settings: dict[str, Any] = {
        "allow_private": True,
        "delay": 0.0,
        "backoff": 1.0,
        "timeout": 2.0,
        "deadline": 5.0,
        "attempts": 3,
    }
    settings.update(changes)
    return FetchConfig(**settings)


def fetch_all(
    server: FetchServer,
    urls: Iterable[str | FetchRequest],
    sleeps: Sleeps | None = None,
    *,
    is_allowed: Callable[[Any], bool] | None = None,
    **changes: Any,
) -> list[FetchResult]:
    """Fetch ``urls`` with ``fetch_many``; results in input order."""
    extra: dict[str, Any] = {} if is_allowed is None else {"is_allowed": is_allowed}

    async def run() -> list[FetchResult]:
        async with Fetcher(
            config(**changes), sleep=sleeps or Sleeps(), resolver=server.resolve, **extra
        ) as fetcher:
            pages = fetch_documents(fetcher, shared_pool(), list(urls))
            return [result async for result in pages]

    return sorted(asyncio.run(run()), key=lambda r: r.index)


def fetch_one(
    server: FetchServer, url: str, sleeps: Sleeps | None = None, **changes: Any
) -> FetchResult:
    return fetch_all(server, [url], sleeps, **changes)[0]
