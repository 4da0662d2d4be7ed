"""What feeds and sitemaps share: safe XML parsing, dates, and the links they yield.

defusedxml refuses entity declarations and external references, so a feed cannot
expand a billion laughs or read a local file. Written here rather than taken from
trafilatura's ``feeds`` and ``sitemaps`` modules because those fetch on their own
(bypassing the fetcher's robots.txt and politeness), parse with regular expressions,
and drop the dates that the job's ``max_age_days`` needs.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from scraper.errors import SourceError
from scraper.reading import gunzip_bounded

__all__ = ["Link", "local", "parse_date", "parse_xml", "text_of"]

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


@dataclass(frozen=True, slots=True)
class Link:
    """A URL a feed or sitemap points to, and the date it gives for it (UTC)."""

    url: str
    date: datetime | None = None


def parse_xml(data: bytes, url: str) -> Element:
    """The root element of a feed or sitemap (gzip undone), or ``SourceError``."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_bounded(data, MAX_XML_BYTES, url)
        except Exception as exc:  # DecodeError, InputTooLargeError
            raise SourceError(f"{url}: {exc}", url=url) from exc
    try:
        root: Element = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise SourceError(f"{url}: unsafe XML refused ({type(exc).__name__})", url=url) from exc
    except ParseError as exc:
        raise SourceError(f"{url}: not well-formed XML ({exc})", url=url) from exc
    return root


def local(tag: str) -> str:
    """``{namespace}name`` to ``name``: feeds in the wild disagree on namespaces."""
    return tag.rsplit("}", 1)[-1]


def text_of(element: Element, name: str) -> str | None:
    """The stripped text of the first child called ``name`` (any namespace)."""
    for child in element:
        if local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_date(value: str | None) -> datetime | None:
    """RFC 822 (RSS 2.0) or ISO 8601 / W3C (Atom, RSS 1.0, sitemaps), as UTC."""
    if not value:
        return None
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
