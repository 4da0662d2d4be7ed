"""The shared httpx client: connection pools, HTTP/2 where offered, guarded sockets.

Redirects are not followed by httpx (the fetcher follows them hop by hop, to check
robots.txt, politeness, loops and headers on each one) and bodies are not decoded by
httpx (``scraper.bodies`` does it with a bound), so the client is deliberately plain.

There is one small httpcore pool per origin rather than one big pool: httpcore scans
every connection of a pool for every queued request, which made the pool itself the
bottleneck of a 20-host crawl at concurrency 32 (a third of the CPU time, measured
with bench/fetch.py). Pools of hosts no longer visited are closed, least recently used
first, so a crawl over many hosts does not keep a socket open per host.
"""

from __future__ import annotations

import ssl
from collections import OrderedDict
from typing import Any

import httpcore
import httpx

from scraper.fetching.addresses import GuardedBackend
from scraper.fetching.config import FetchConfig
from scraper.fetching.redirects import refuse_bad_redirects

__all__ = ["GuardedTransport", "RoutingTransport", "make_client"]

_Origin = tuple[bytes, bytes, int | None]


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with its pool rebuilt on the guarded network backend.

    httpx has no argument for httpcore's ``network_backend``; rebuilding ``_pool`` with
    the same settings is the smallest way to put the address check under every
    connection httpx opens. Proxies are not supported: a proxy would connect for us and
    hide the address actually reached.
    """

    def __init__(
        self, config: FetchConfig, backend: GuardedBackend, ssl_context: ssl.SSLContext
    ) -> None:
        size = max(config.per_host, 2)
        super().__init__(verify=ssl_context, http2=config.http2, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=size,
            max_keepalive_connections=size,
            keepalive_expiry=30.0,
            http1=True,
            http2=config.http2,
            network_backend=backend,
        )

    def idle(self) -> bool:
        """No request is using any of this pool's connections."""
        return all(connection.is_idle() for connection in self._pool.connections)


class RoutingTransport(httpx.AsyncBaseTransport):
    """Sends each request through the ``GuardedTransport`` of its origin."""

    def __init__(
        self,
        config: FetchConfig,
        backend: GuardedBackend,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._config = config
        self._backend = backend
        # Loading the CA bundle is slow: once per client, not per pool.
        self._ssl = ssl_context or httpx.create_ssl_context(trust_env=False)
        self._routes: OrderedDict[_Origin, GuardedTransport] = OrderedDict()
        self._max_routes = max(64, 2 * config.concurrency)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.raw_scheme, request.url.raw_host, request.url.port)
        transport = self._routes.get(key)
        if transport is None:
            await self._evict()
            transport = GuardedTransport(self._config, self._backend, self._ssl)
            self._routes[key] = transport
        self._routes.move_to_end(key)
        return await transport.handle_async_request(request)

    async def _evict(self) -> None:
        """Close the least recently used idle pools beyond the limit."""
        excess = len(self._routes) + 1 - self._max_routes
        for key in [k for k, t in self._routes.items() if t.idle()][: max(0, excess)]:
            await self._routes.pop(key).aclose()

    async def aclose(self) -> None:
        while self._routes:
            await self._routes.popitem()[1].aclose()


class _Cookies(httpx.Cookies):
    """httpx's cookie jar, skipping the jar's parsing for responses that set no cookie.

    httpx hands every response to ``extract_cookies``, which wraps request and response
    for ``http.cookiejar`` even when there is nothing to extract.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class _Client(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # httpx has no argument for the jar's class; its ``cookies`` setter would copy
        # into a plain ``Cookies``, so the attribute behind it is replaced instead.
        self._cookies = _Cookies(self._cookies)


def make_client(
    config: FetchConfig,
    backend: GuardedBackend,
    transport: httpx.AsyncBaseTransport | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.AsyncClient:
    """An ``AsyncClient`` for the whole run (share it: it holds the connection pools).

    ``transport`` replaces the guarded one (tests pass an ``httpx.MockTransport``);
    ``ssl_context`` replaces the system's trust store (a private CA, a test CA).
    """
    if transport is None:
        transport = RoutingTransport(config, backend, ssl_context)
    return _Client(
        transport=transport,
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": config.user_agent},
        event_hooks={"response": [refuse_bad_redirects]},
    )
