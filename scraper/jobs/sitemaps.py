"""Sitemaps as a source of page URLs: urlsets, news sitemaps, indexes, ``.xml.gz``.

    sitemap bytes ──parse_xml──▶ root ──▶ Sitemap(pages=[Link], children=[Link])

An index only names other sitemaps; following them (to a depth limit) is the runner's
job, because each one is fetched through the fetcher like any page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from scraper.errors import SourceError
from scraper.jobs.xmlsource import Link, local, parse_date, parse_xml, text_of

__all__ = ["Sitemap", "parse_sitemap"]

_DateOf = Callable[[Element], datetime | None]


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[Link, ...] = ()  # from a <urlset>
    children: tuple[Link, ...] = ()  # from a <sitemapindex>


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """The page links (with ``lastmod`` or news publication date) or child sitemaps."""
    root = parse_xml(data, url)
    kind = local(root.tag)
    if kind == "urlset":
        return Sitemap(pages=tuple(_entries(root, "url", url, _page_date)))
    if kind == "sitemapindex":
        return Sitemap(children=tuple(_entries(root, "sitemap", url, _lastmod)))
    raise SourceError(f"{url}: not a sitemap (root element <{kind}>)", url=url)


def _entries(root: Element, name: str, base: str, date_of: _DateOf) -> list[Link]:
    links = []
    for entry in root:
        if local(entry.tag) != name:
            continue
        loc = text_of(entry, "loc")
        if loc:
            links.append(Link(urljoin(base, loc), date_of(entry)))
    return links


def _lastmod(entry: Element) -> datetime | None:
    return parse_date(text_of(entry, "lastmod"))


def _page_date(entry: Element) -> datetime | None:
    """A news sitemap's publication date, which is the article's; else ``lastmod``."""
    for child in entry:
        if local(child.tag) == "news":
            published = parse_date(text_of(child, "publication_date"))
            if published is not None:
                return published
    return _lastmod(entry)
