"""Discovery: from a job's sources to the normalized, filtered URLs to queue.

    [[source]] ──fetch──▶ feed / sitemap (index ──▶ children, to a depth) ──▶ Link
    Link ──normalize──▶ UrlFilter ──▶ Discovered (or counted as skipped)

Sources are fetched through the run's fetcher (robots.txt, politeness, retries), handed
in as ``get``; a source that fails is reported as one line and the others go on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from scraper.credentials import redact
from scraper.errors import ScraperError
from scraper.jobs.feeds import parse_feed
from scraper.jobs.jobfile import JobSpec, SourceSpec
from scraper.jobs.sitemaps import parse_sitemap
from scraper.jobs.state import Discovered, iso
from scraper.jobs.urls import UrlFilter, normalize
from scraper.jobs.xmlsource import Link

__all__ = ["Discovery", "Getter", "SourceBody", "SourceRead", "discover", "discover_sources"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SourceBody:
    """A fetched feed or sitemap: its bytes, the URL they came from, HTTP requests sent."""

    data: bytes
    url: str
    requests: int = 1


Getter = Callable[[str], Awaitable[SourceBody]]


@dataclass(frozen=True, slots=True)
class SourceRead:
    """One feed or sitemap document read (``error`` is None) or not, and why."""

    url: str
    kind: str  # feed sitemap
    error: str | None = None


@dataclass(slots=True)
class Discovery:
    """What the sources gave, in source order, each URL once."""

    found: list[Discovered] = field(default_factory=list)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    sources: list[SourceRead] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def add(self, links: list[Link], source: str, keep: UrlFilter) -> None:
        for link in links:
            url = normalize(link.url)
            if url is None or url in self._seen:
                self.skipped += url is None
                continue
            self._seen.add(url)
            if keep.reason(url, source, link.date) is not None:
                self.skipped += 1
                continue
            published = iso(link.date) if link.date else None
            self.found.append(Discovered(url, redact(source), published))


async def discover(spec: JobSpec, get: Getter, keep: UrlFilter) -> Discovery:
    """Every source of the job, read in order; failures become ``errors`` lines."""
    return await discover_sources(spec.sources, get, keep, spec.sitemap_depth)


async def discover_sources(
    sources: Iterable[SourceSpec], get: Getter, keep: UrlFilter, sitemap_depth: int = 3
) -> Discovery:
    """``sources`` read in order (a job's, or ``scraper fetch --feed/--sitemap``'s)."""
    result = Discovery()
    for source in sources:
        try:
            await _read(source, get, keep, sitemap_depth, result)
        except ScraperError as exc:
            result.errors.append(str(exc))
    return result


async def _read(
    source: SourceSpec, get: Getter, keep: UrlFilter, depth: int, result: Discovery
) -> None:
    if source.kind == "urls":
        for url in source.urls:
            result.add([Link(url)], url, keep)
    elif source.kind == "feed":
        url = source.urls[0]
        result.add(await _parsed(get, url, "feed", parse_feed, result), url, keep)
    else:
        await _sitemap(source.urls[0], source.urls[0], get, keep, depth, result, set())


async def _parsed(
    get: Getter, url: str, kind: str, parse: Callable[[bytes, str], T], result: Discovery
) -> T:
    """The feed or sitemap at ``url``, fetched and parsed; recorded as read or failed
    (for ``scraper status``), its failure raised."""
    try:
        body = await get(url)
        result.requests += body.requests
        parsed = parse(body.data, body.url)
    except ScraperError as exc:
        result.sources.append(SourceRead(url, kind, str(exc)))
        raise
    result.sources.append(SourceRead(url, kind))
    return parsed


async def _sitemap(
    url: str,
    root: str,
    get: Getter,
    keep: UrlFilter,
    depth: int,
    result: Discovery,
    visited: set[str],
) -> None:
    """One sitemap; an index's children are read depth-first, each at most once."""
    visited.add(url)
    sitemap = await _parsed(get, url, "sitemap", parse_sitemap, result)
    result.add(list(sitemap.pages), root, keep)
    for child in sitemap.children:
        if child.url in visited or keep.too_old(child.date):
            continue  # a child sitemap unchanged since before max_age lists nothing newer
        if depth < 1:
            result.errors.append(f"{url}: sitemap index nested deeper than sitemap_depth")
            return
        try:
            await _sitemap(child.url, root, get, keep, depth - 1, result, visited)
        except ScraperError as exc:
            result.errors.append(str(exc))
