"""Feeds as a source of page URLs: RSS 2.0, RSS 1.0 (RDF) and Atom.

feed bytes ──parse_xml──▶ root ──▶ [Link(url, date)]
"""

from __future__ import annotations

from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from scraper.errors import SourceError
from scraper.jobs.xmlsource import Link, local, parse_date, parse_xml, text_of

__all__ = ["parse_feed"]

_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def parse_feed(data: bytes, url: str) -> list[Link]:
    """The article links of a feed, in feed order, relative links made absolute."""
    root = parse_xml(data, url)
    kind = local(root.tag)
    if kind == "rss":
        links = [_rss_item(item) for item in root.iter() if local(item.tag) == "item"]
    elif kind == "RDF":
        links = [_rdf_item(item) for item in root if local(item.tag) == "item"]
    elif kind == "feed":
        links = [_atom_entry(entry) for entry in root if local(entry.tag) == "entry"]
    else:
        raise SourceError(f"{url}: not a feed (root element <{kind}>)", url=url)
    return [Link(urljoin(url, link.url), link.date) for link in links if link.url]


def _rss_item(item: Element) -> Link:
    href = text_of(item, "link")
    if href is None:
        guid = next((c for c in item if local(c.tag) == "guid"), None)
        if guid is not None and guid.get("isPermaLink", "true") == "true" and guid.text:
            href = guid.text.strip()
    date = text_of(item, "pubDate") or text_of(item, "date")  # dc:date in RSS 2.0 too
    return Link(href or "", parse_date(date))


def _rdf_item(item: Element) -> Link:
    href = text_of(item, "link") or item.get(_RDF_ABOUT) or ""
    return Link(href, parse_date(text_of(item, "date")))


def _atom_entry(entry: Element) -> Link:
    href = ""
    for link in entry:
        if local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
            href = link.get("href", "").strip()
            break
    date = text_of(entry, "published") or text_of(entry, "updated")
    return Link(href, parse_date(date))
