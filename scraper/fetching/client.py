"""The shared httpx client: one connection pool, HTTP/2 where offered, guarded sockets.

Redirects are not followed by httpx (the fetcher follows them hop by hop, to check
robots.txt, politeness, loops and headers on each one) and bodies are not decoded by
httpx (``decoding`` does it with a bound), so the client is deliberately plain.
"""

from __future__ import annotations

import httpcore
import httpx

from scraper.fetching.addresses import GuardedBackend
from scraper.fetching.config import FetchConfig

__all__ = ["GuardedTransport", "make_client"]


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its pool rebuilt on the guarded network backend.

    httpx has no argument for httpcore's ``network_backend``; rebuilding ``_pool`` with
    the same settings is the smallest way to put the address check under every
    connection httpx opens. Proxies are not supported: a proxy would connect for us and
    hide the address actually reached.
    """

    def __init__(self, config: FetchConfig, backend: GuardedBackend) -> None:
        limits = httpx.Limits(
            max_connections=config.concurrency * 2,
            max_keepalive_connections=config.concurrency * 2,
            keepalive_expiry=30.0,
        )
        super().__init__(http2=config.http2, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=config.http2,
            network_backend=backend,
        )


def make_client(
    config: FetchConfig,
    backend: GuardedBackend,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An ``AsyncClient`` for the whole run (share it: it holds the connection pool).

    ``transport`` replaces the guarded one (tests pass an ``httpx.MockTransport``).
    """
    return httpx.AsyncClient(
        transport=transport if transport is not None else GuardedTransport(config, backend),
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": config.user_agent},
    )
