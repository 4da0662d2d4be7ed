"""One attempt at one URL: redirects hop by hop, a total deadline, a bounded body.

    URL ──robots──▶ host slot ──GET (stream)──▶ 3xx? next hop : status ──▶ bounded body

Each hop is checked like a first request (scheme, robots.txt, per-host politeness; the
address guard runs in the connection), loops and chains over ``max_redirects`` are
refused, and ``Cookie``/``Authorization`` from the config go only to the first origin.
httpx's timeouts are per read, so a server that trickles one byte every half second
would never time out; every hop of an attempt therefore runs under ``asyncio.timeout_at``
with what is left of one ``deadline`` for the whole attempt.

When an ``Archive`` is given, every response received goes into it: redirect hops,
error statuses (their bodies read, up to the cap), 304s, robots.txt, and the final
page. A response refused on its headers alone (a PDF, a body over the cap) is kept
as its headers with an empty body marked truncated: it is never downloaded.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import httpx

from scraper.bodies import HTML_TYPES, BadEncoding, BodyDecoder, BodyTooLarge, parse_encodings
from scraper.errors import (
    ContentTypeError,
    FetchError,
    PermanentFetchError,
    TransientFetchError,
)
from scraper.fetching.addresses import AddressBlocked, HostNotFound
from scraper.fetching.config import FetchConfig
from scraper.fetching.politeness import Politeness
from scraper.fetching.redirects import RedirectRefused, redirect_problem
from scraper.fetching.retrying import RETRY_STATUSES, parse_retry_after
from scraper.fetching.transport_errors import transport_error

__all__ = [
    "Archive",
    "Exchange",
    "Response",
    "WallClock",
    "host_key",
    "origin",
    "parse_url",
    "utc_now",
]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PRIVATE_HEADERS = frozenset({"cookie", "authorization"})
_HOST = re.compile(r"^(?:[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.?)+$|^[0-9a-f:.]+$", re.IGNORECASE)
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

RobotsCheck = Callable[[httpx.URL], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Response:
    """The last response of one attempt, its body already decoded."""

    requested_url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes
    http_version: str
    fetched_at: str
    reason: str = ""
    attempts: int = 1
    truncated: bool = False  # the body kept is not all of it (cap, or never read)


class Archive(Protocol):
    """Where raw responses go (``scraper.warc.WarcArchive`` is one)."""

    def write(self, response: Response) -> None: ...


def parse_url(url: str) -> httpx.URL:
    """An absolute ``http``/``https`` URL with a sane host, or ``PermanentFetchError``."""
    try:
        parsed = httpx.URL(url.strip())
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise PermanentFetchError(f"{url}: malformed URL ({exc})", url=url) from exc
    if parsed.scheme not in ("http", "https"):
        what = f"unsupported scheme {parsed.scheme!r}" if parsed.scheme else "not absolute"
        raise PermanentFetchError(f"{url}: {what} (only http and https are fetched)", url=url)
    if not host or not _HOST.match(host):
        raise PermanentFetchError(f"{url}: malformed URL (bad host {host!r})", url=url)
    return parsed


def _redirect_target(url: str, base: httpx.URL, location: str) -> httpx.URL:
    """Where a redirect points, or ``PermanentFetchError`` naming what is wrong with it."""
    problem = redirect_problem(location)  # also refused in the client's response hook
    if problem is not None:
        raise PermanentFetchError(f"{url}: {_refused(problem)}", url=url)
    try:
        target = base.join(location)
        str(target)  # httpx checks some URLs only when they are printed
    except httpx.InvalidURL as exc:
        raise PermanentFetchError(f"{url}: bad redirect {location!r}", url=url) from exc
    return target


def _refused(problem: str) -> str:
    return f"refused redirect to {problem} (only http and https are followed)"


def origin(url: httpx.URL) -> str:
    """``scheme://host[:port]``: the unit of robots.txt and of header scoping."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def host_key(url: httpx.URL) -> str:
    """The unit of politeness: a host name and port."""
    return f"{url.raw_host.decode('ascii')}:{url.port or (443 if url.scheme == 'https' else 80)}"


WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    """``fetched_at``: UTC, to the second (a naive ``moment`` is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _media_type(headers: httpx.Headers) -> str | None:
    value = headers.get("content-type")
    return value.split(";", 1)[0].strip().lower() or None if value else None


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


class Exchange:
    """Sends GETs for the fetcher; one instance per run, shared by every page."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: FetchConfig,
        politeness: Politeness,
        archive: Archive | None = None,
        wall_clock: WallClock = utc_now,
    ) -> None:
        self._client = client
        self._wall_clock = wall_clock
        self._config = config
        self._politeness = politeness
        self._archive = archive

    async def get(
        self,
        url: str,
        *,
        max_bytes: int,
        html_only: bool,
        robots: RobotsCheck | None = None,
        conditional: dict[str, str] | None = None,
        truncate: bool = False,
        admit: Callable[[], Awaitable[None]] | None = None,
    ) -> Response:
        """GET ``url`` following redirects; raise a ``FetchError`` subclass on failure.

        ``admit`` is awaited before every hop, inside its host slot: the caller's
        backpressure. ``conditional`` headers (``If-None-Match``...) go
        with the first hop only;
        ``truncate`` keeps the first ``max_bytes`` of a longer body instead of failing.
        """
        current = parse_url(url)
        first_origin = origin(current)
        chain = [str(current)]
        budget = [self._config.deadline]  # seconds left; spent only while on the wire
        while True:
            if robots is not None:
                await robots(current)
            headers = self._headers(current, first_origin, conditional if len(chain) == 1 else None)
            async with self._politeness.slot(host_key(current)):
                if admit is not None:
                    # Inside the slot: what passes here and is not yet back is at
                    # most ``concurrency`` requests, which bounds the cleaning backlog.
                    await admit()
                hop = await self._hop(url, current, headers, budget, max_bytes, html_only, truncate)
            if isinstance(hop, Response):
                return hop
            current = self._next_hop(url, hop, chain)

    def _next_hop(self, url: str, target: httpx.URL, chain: list[str]) -> httpx.URL:
        target = parse_url(str(target))
        if str(target) in chain:
            loop = " -> ".join([*chain[chain.index(str(target)) :], str(target)])
            raise PermanentFetchError(f"{url}: redirect loop: {loop}", url=url)
        if len(chain) > self._config.max_redirects:
            raise PermanentFetchError(
                f"{url}: more than {self._config.max_redirects} redirects", url=url
            )
        chain.append(str(target))
        return target

    def _headers(
        self, url: httpx.URL, first_origin: str, conditional: dict[str, str] | None
    ) -> dict[str, str]:
        headers = {"Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate, br"}
        same_origin = origin(url) == first_origin
        for name, value in self._config.headers:
            if same_origin or name.lower() not in _PRIVATE_HEADERS:
                headers[name] = value
        headers.update(conditional or {})
        return headers

    async def _hop(
        self,
        url: str,
        current: httpx.URL,
        headers: dict[str, str],
        budget: list[float],
        max_bytes: int,
        html_only: bool,
        truncate: bool,
    ) -> Response | httpx.URL:
        """One request; a ``Response`` when it is the last one, else the next URL.

        ``budget`` holds the seconds of the deadline left; waiting for a host slot
        between hops does not spend it, time on the wire does.
        """
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout_at(loop.time() + budget[0]):
                request = self._client.build_request("GET", current, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    return await self._consume(url, response, max_bytes, html_only, truncate)
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            message = f"{url}: deadline of {self._config.deadline:g} s passed"
            raise TransientFetchError(message, url=url) from exc
        except (httpx.TransportError, AddressBlocked, HostNotFound) as exc:
            raise transport_error(url, exc, self._config) from exc
        except RedirectRefused as exc:
            raise PermanentFetchError(f"{url}: {_refused(exc.reason)}", url=url) from exc
        finally:
            budget[0] -= loop.time() - started

    async def _consume(
        self, url: str, response: httpx.Response, max_bytes: int, html_only: bool, truncate: bool
    ) -> Response | httpx.URL:
        status = response.status_code
        location = response.headers.get("location")
        if status in _REDIRECTS and location:
            await self._keep_unread(url, response, max_bytes, read=True)
            return _redirect_target(url, response.url, location)
        if status != 304:
            try:
                self._check_status(url, response)
            except FetchError:
                await self._keep_unread(url, response, max_bytes, read=True)
                raise
            try:
                self._check_head(url, response, max_bytes, html_only, truncate)
            except FetchError:
                await self._keep_unread(url, response, max_bytes, read=False)
                raise
        body, cut = (b"", False)
        if status != 304:
            body, cut = await self._read_body(url, response, max_bytes, truncate)
        result = _response(url, response, body, cut, _stamp(self._wall_clock()))
        if self._archive is not None:
            self._archive.write(result)
        unlabelled = status != 304 and _media_type(response.headers) is None
        if html_only and unlabelled and not _looks_like_html(body):
            raise ContentTypeError(f"{url}: no content type and not HTML", url=url)
        return result

    async def _keep_unread(
        self, url: str, response: httpx.Response, max_bytes: int, *, read: bool
    ) -> None:
        """Archive a response that is not the page: a redirect, an error, a refusal.

        With ``read`` its body is read up to ``max_bytes`` (what is past it is dropped);
        a body that breaks off is kept as far as it came. Without an archive, nothing
        is read: the status alone decides.
        """
        if self._archive is None:
            return
        body, cut = b"", True
        if read:
            try:
                body, cut = await self._read_body(url, response, max_bytes, truncate=True)
            except (FetchError, httpx.TransportError):
                body, cut = b"", True
        self._archive.write(_response(url, response, body, cut, _stamp(self._wall_clock())))

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        reason = f"{url}: HTTP {status} {response.reason_phrase}".rstrip()
        if status in RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("retry-after"))
            raise TransientFetchError(reason, url=url, status=status, retry_after=wait)
        raise PermanentFetchError(reason, url=url, status=status)

    def _check_head(
        self, url: str, response: httpx.Response, max_bytes: int, html_only: bool, truncate: bool
    ) -> None:
        """Refuse by headers alone, before a byte of the body is read."""
        media = _media_type(response.headers)
        if html_only and media is not None and media not in HTML_TYPES:
            raise ContentTypeError(f"{url}: content type {media} is not HTML", url=url)
        length = response.headers.get("content-length", "")
        if not truncate and length.isdigit() and int(length) > max_bytes:
            raise PermanentFetchError(
                f"{url}: body of {int(length)} bytes is over the cap of {max_bytes} bytes",
                url=url,
            )

    async def _read_body(
        self, url: str, response: httpx.Response, max_bytes: int, truncate: bool
    ) -> tuple[bytes, bool]:
        """The decoded body and whether it was cut at ``max_bytes`` (only if ``truncate``)."""
        parts: list[bytes] = []
        raw = 0
        try:
            decoder = BodyDecoder(
                parse_encodings(response.headers.get("content-encoding")), max_bytes
            )
            async for chunk in response.aiter_raw():
                raw += len(chunk)
                if raw > max_bytes:
                    raise BodyTooLarge(f"body is over the cap of {max_bytes} bytes")
                parts.append(decoder.feed(chunk))
            decoder.finish()
        except BodyTooLarge as exc:
            if truncate:
                return b"".join(parts)[:max_bytes], True
            raise PermanentFetchError(f"{url}: {exc}", url=url) from exc
        except BadEncoding as exc:
            raise PermanentFetchError(f"{url}: {exc}", url=url) from exc
        return b"".join(parts), False


def _response(
    url: str, response: httpx.Response, body: bytes, truncated: bool, fetched_at: str
) -> Response:
    return Response(
        requested_url=url,
        final_url=str(response.url),
        status=response.status_code,
        headers=response.headers,
        body=body,
        http_version=response.http_version,
        fetched_at=fetched_at,
        reason=response.reason_phrase,
        truncated=truncated,
    )
