"""The async ``Fetcher``: URLs in, ``Page``s out.

    URL ──robots──▶ politeness ──retrying(exchange)──▶ Page

One ``Fetcher`` per run holds the shared connection pool, the robots.txt cache and the
per-host politeness state; use it as an async context manager. ``fetch_page`` fetches
one page and raises on failure; ``fetch_many`` yields a ``FetchResult`` for each URL
and never raises for a single page. It knows nothing of cleaning:
``scraper.fetch_clean`` composes it with the cleaning pool. Sleep, clock, resolver,
address policy and transport are injectable; nothing is read from globals.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import replace
from types import TracebackType

import httpx

from scraper.errors import (
    FetchError,
    PermanentFetchError,
    RobotsDisallowedError,
    ScraperError,
    TransientFetchError,
)
from scraper.fetching.addresses import GuardedBackend, IPAddress, Resolver, is_public
from scraper.fetching.addresses import system_resolver as _system_resolver
from scraper.fetching.client import make_client
from scraper.fetching.config import FetchConfig
from scraper.fetching.exchange import (
    Archive,
    Exchange,
    Response,
    WallClock,
    host_key,
    origin,
    parse_url,
    utc_now,
)
from scraper.fetching.politeness import Clock, Politeness, Sleep
from scraper.fetching.results import FetchRequest, FetchResult
from scraper.fetching.retrying import make_retrying
from scraper.fetching.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsRules, agent_token
from scraper.model import FetchInfo, Page

__all__ = ["Archive", "Fetcher"]

# A Crawl-delay of an hour would stall a run for days; past this the run moves on
# at one request a minute to that host.
MAX_CRAWL_DELAY = 60.0
# Tasks started ahead of the consumer in fetch_many: enough for every host of a large
# mixed list to have work queued, few enough to keep memory flat for a million URLs.
WINDOW = 4096
Admit = Callable[[], Awaitable[None]]


def _charset(headers: httpx.Headers) -> str | None:
    for part in headers.get("content-type", "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _page(response: Response, attempts: int) -> Page:
    """The response as a page; its ``encoding`` is set by whoever decodes it."""
    headers = response.headers
    info = FetchInfo(
        requested_url=response.requested_url,
        final_url=response.final_url,
        status=response.status,
        fetched_at=response.fetched_at,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        content_type=headers.get("content-type"),
        attempts=attempts,
    )
    return Page(
        data=response.body,
        source=response.requested_url,
        url=response.final_url,
        charset=_charset(headers),
        fetch=info,
    )


class Fetcher:
    """Fetch pages politely, with retries; ``async with Fetcher(config) as f: ...``.

    Keyword arguments beyond the configs exist for tests and embedding:

    * ``sleep`` and ``clock``: waits between attempts and between requests to a host;
    * ``wall_clock``: the time each response is stamped with (``fetched_at``);
    * ``resolver`` and ``is_allowed``: DNS and the address policy;
    * ``transport``: e.g. an ``httpx.MockTransport`` (it bypasses the address guard);
    * ``ssl_context``: whom to trust for https (a private or a test CA; default: the
      system's trust store);
    * ``archive``: every HTTP response received, redirects, errors and robots.txt
      included.
    """

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        archive: Archive | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        resolver: Resolver = _system_resolver,
        is_allowed: Callable[[IPAddress], bool] = is_public,
        transport: httpx.AsyncBaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config if config is not None else FetchConfig()
        self._sleep = sleep
        # Built once; each page runs a ``copy()`` (tenacity keeps per-run state on it).
        self._retrying = make_retrying(self.config, sleep)
        self._agent = agent_token(self.config.user_agent)
        backend = GuardedBackend(
            allow_private=self.config.allow_private, is_allowed=is_allowed, resolver=resolver
        )
        self._client = make_client(self.config, backend, transport, ssl_context)
        self._politeness = Politeness(
            concurrency=self.config.concurrency,
            per_host=self.config.per_host,
            delay=self.config.delay,
            clock=clock,
            sleep=sleep,
        )
        self._exchange = Exchange(
            self._client,
            self.config,
            self._politeness,
            archive,
            wall_clock=wall_clock,
        )
        self._robots = RobotsCache(self._load_robots)

    async def __aenter__(self) -> Fetcher:
        await self._client.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def fetch_page(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Page:
        """Fetch one page; a 304 gives a ``Page`` with no data."""
        request = FetchRequest(url, etag=etag, last_modified=last_modified)
        result = await self._one(0, request)
        if result.error is not None:
            raise result.error
        assert result.page is not None
        return result.page

    async def fetch_response(
        self, url: str, *, max_bytes: int | None = None, html_only: bool = False
    ) -> Response:
        """GET any resource (a feed, a sitemap) through the same robots.txt cache,
        politeness and retries as pages; the decoded body, never cleaned.

        ``max_bytes`` defaults to the config's cap; ``attempts`` is set on the result.
        """
        robots = self._robots_check(url) if self.config.obey_robots else None
        outcome, attempts = await self._with_retries(
            lambda: self._exchange.get(
                url,
                max_bytes=max_bytes or self.config.max_bytes,
                html_only=html_only,
                robots=robots,
            )
        )
        if isinstance(outcome, ScraperError):
            raise outcome
        return replace(outcome, attempts=attempts)

    async def fetch_many(
        self,
        urls: Iterable[str | FetchRequest],
        *,
        admit: Admit | None = None,
        landed: Callable[[FetchResult], None] | None = None,
        ordered: bool = False,
        window: int = WINDOW,
    ) -> AsyncIterator[FetchResult]:
        """Yield a ``FetchResult`` (its ``page``, or its ``error``) per URL.

        Many hosts are fetched in parallel, each within its own limits, with at most
        ``window`` URLs started and not yet yielded. Results come in the order they
        finish, or with ``ordered`` in the order of ``urls`` (then ``window`` also
        bounds how many finished pages wait behind a slow one). ``admit`` is awaited
        before every request, inside its host slot, and ``landed`` is called as each
        result is ready (before it waits to be yielded): the caller's backpressure. Closing
        the iterator early (or cancelling it) cancels the fetches still in flight.
        """
        queue: asyncio.Queue[FetchResult] = asyncio.Queue()
        items = iter(enumerate(urls))
        tasks: set[asyncio.Task[None]] = set()
        finished: dict[int, FetchResult] = {}
        following = 0  # with ``ordered``: the index to yield next

        async def run(index: int, item: str | FetchRequest) -> None:
            request = item if isinstance(item, FetchRequest) else FetchRequest(item)
            try:
                result = await self._one(index, request, admit)
            except Exception as exc:  # a bug must cost one page, not hang the iterator
                error = FetchError(f"{request.url}: internal error: {exc!r}", url=request.url)
                result = FetchResult(index, request.url, error=error)
            if landed is not None:
                landed(result)
            queue.put_nowait(result)

        def start_next() -> bool:
            nxt = next(items, None)
            if nxt is None:
                return False
            task = asyncio.create_task(run(*nxt))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            return True

        running = sum(1 for _ in range(window) if start_next())
        try:
            while running:
                result = await queue.get()
                if not ordered:
                    running += start_next() - 1
                    yield result
                    continue
                finished[result.index] = result
                while following in finished:
                    result = finished.pop(following)
                    following += 1
                    running += start_next() - 1
                    yield result
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _one(
        self, index: int, request: FetchRequest, admit: Admit | None = None
    ) -> FetchResult:
        """Everything for one URL; every failure becomes the result's ``error``."""
        url = request.url
        outcome, attempts = await self._with_retries(
            lambda: self._exchange.get(
                url,
                max_bytes=self.config.max_bytes,
                html_only=True,
                robots=self._robots_check(url) if self.config.obey_robots else None,
                conditional=_conditional(request),
                admit=admit,
            )
        )
        if isinstance(outcome, ScraperError):
            return FetchResult(index, url, error=outcome, attempts=attempts)
        return FetchResult(index, url, page=_page(outcome, attempts), attempts=attempts)

    async def _with_retries(
        self, attempt: Callable[[], Awaitable[Response]]
    ) -> tuple[Response | ScraperError, int]:
        """Run ``attempt`` under the retry policy; the response or the last error."""
        if self.config.attempts == 1:
            # No retry policy to apply: tenacity would only add its overhead per page.
            try:
                return await attempt(), 1
            except ScraperError as exc:
                return exc, 1
        attempts = 0
        try:
            async for retry in self._retrying.copy():
                with retry:
                    attempts = retry.retry_state.attempt_number
                    response = await attempt()
        except ScraperError as exc:
            return exc, attempts
        return response, attempts

    def _robots_check(self, url: str) -> Callable[[httpx.URL], Awaitable[None]]:
        async def check(hop: httpx.URL) -> None:
            try:
                rules = await self._robots.rules(origin(hop))
            except FetchError as exc:  # e.g. the host is blocked: say so for this URL
                reason = str(exc).split(": ", 1)[-1]
                raise type(exc)(f"{url}: {reason}", url=url, status=exc.status) from exc
            if rules.reason is not None and rules.network:
                # The host itself is unreachable: a failure of this page, not a skip.
                raise PermanentFetchError(f"{url}: robots.txt {rules.reason}", url=url)
            if rules.reason is not None:
                raise RobotsDisallowedError(f"{url}: robots.txt {rules.reason}", url=url)
            if not rules.allows(str(hop), self._agent):
                where = "" if str(hop) == url else f" (at {hop})"
                raise RobotsDisallowedError(f"{url}: disallowed by robots.txt{where}", url=url)

        return check

    async def _load_robots(self, robots_url: str) -> RobotsRules:
        """Fetch and parse one robots.txt, with RFC 9309's reading of failures."""
        outcome, _ = await self._with_retries(
            lambda: self._exchange.get(
                robots_url, max_bytes=ROBOTS_MAX_BYTES, html_only=False, truncate=True
            )
        )
        if isinstance(outcome, Response):
            rules = RobotsRules.parse(outcome.body)
            delay = rules.crawl_delay(self._agent)
            if delay:
                host = host_key(parse_url(robots_url))
                self._politeness.set_delay(host, min(delay, MAX_CRAWL_DELAY))
            return rules
        if isinstance(outcome, PermanentFetchError) and 400 <= (outcome.status or 0) < 500:
            return RobotsRules.allow_all()
        if isinstance(outcome, TransientFetchError):
            reason = str(outcome).removeprefix(f"{robots_url}: ")
            return RobotsRules.disallow_all(
                f"unreachable ({reason}): host disallowed for this run",
                network=outcome.status is None,
            )
        raise outcome


def _conditional(request: FetchRequest) -> dict[str, str] | None:
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers or None
