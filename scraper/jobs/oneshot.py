"""One-shot discovery for ``scraper fetch``, without a job file or state.

    --feed URL / --sitemap URL ──discover_sources (the jobs' code)──▶ page URLs
    --crawl URL ──fetch a level──▶ its same-site links ──▶ the next level … max_pages

Everything is fetched through the run's ``Fetcher``, so robots.txt, per-host
politeness and retries apply to feeds, sitemaps and crawled pages as to any page.
URLs are normalized and filtered as a job's are (same site, one spelling per page).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from courlan.filters import extension_filter, is_not_crawlable
from selectolax.lexbor import LexborHTMLParser

from scraper.credentials import Credentials
from scraper.encoding import decode_html
from scraper.fetch_clean import fetch_documents
from scraper.fetching import Fetcher, FetchResult
from scraper.jobs.discovery import Discovery, discover_sources
from scraper.jobs.jobfile import FilterSpec, SourceSpec
from scraper.jobs.sourcefetch import source_getter
from scraper.jobs.urls import UrlFilter, normalize
from scraper.model import Page
from scraper.pool import CleaningPool

__all__ = ["crawl", "page_links", "source_urls"]


async def source_urls(
    fetcher: Fetcher, feeds: Iterable[str] = (), sitemaps: Iterable[str] = ()
) -> Discovery:
    """The pages that ``feeds`` and ``sitemaps`` list (indexes followed), in order,
    same-site only; a source that fails is an ``errors`` line and the others go on."""
    feeds, sitemaps = list(feeds), list(sitemaps)
    sources = [SourceSpec("feed", (url,)) for url in feeds]
    sources += [SourceSpec("sitemap", (url,)) for url in sitemaps]
    keep = UrlFilter(FilterSpec(), datetime.now(UTC))
    logins = Credentials.of([*feeds, *sitemaps])
    found = await discover_sources(sources, source_getter(fetcher, logins), keep)
    # Pages listed without a login get the one given for their site's feed or sitemap.
    found.found[:] = [replace(d, url=logins.attach(d.url)) for d in found.found]
    return found


def page_links(page: Page) -> list[str]:
    """The absolute ``http(s)`` links of an HTML page, in document order, each once."""
    if not page.data:
        return []
    html, _ = decode_html(page.data, page.charset)
    tree = LexborHTMLParser(html)
    base = page.url or page.source
    found = tree.css_first("base[href]")
    if found is not None:
        base = urljoin(base, found.attributes.get("href") or "")
    links = (node.attributes.get("href") for node in tree.css("a[href]"))
    absolute = (urljoin(base, href.strip()) for href in links if href)
    return list(dict.fromkeys(u for u in absolute if urlsplit(u).scheme in ("http", "https")))


def _worth_fetching(url: str) -> bool:
    # courlan's filters: no images, archives or media by extension; no login, feed,
    # print or share pages (trafilatura's crawler skips the same ones).
    return extension_filter(urlsplit(url).path) and not is_not_crawlable(url)


async def crawl(
    fetcher: Fetcher, pool: CleaningPool, start: str, max_pages: int
) -> AsyncIterator[FetchResult]:
    """Fetch ``start``, then the same-site pages it links to, breadth first, until
    ``max_pages`` pages have been fetched (or tried). Results come as they finish.

    Each level is fetched in parallel (within the fetcher's limits); its links are
    queued in page order then link order, so the same site gives the same crawl.
    """
    first = normalize(start) or start  # without the login: it is given back below
    login = Credentials.of([start]).attach
    keep = UrlFilter(FilterSpec(same_site=True), datetime.now(UTC))
    seen = {first}
    level = [first]
    budget = max_pages
    while level and budget > 0:
        level = level[:budget]
        budget -= len(level)
        links: dict[int, list[str]] = {}
        async for result in fetch_documents(fetcher, pool, [login(url) for url in level]):
            if result.page is not None and result.document is not None:
                links[result.index] = page_links(result.page)
            yield result
        level = []
        for index in sorted(links):
            for link in links[index]:
                url = normalize(link)
                if url is None or url in seen or not _worth_fetching(url):
                    continue
                seen.add(url)
                if keep.reason(url, first) is None:
                    level.append(url)
