"""Which site a page belongs to: the unit that chrome is learned over.

    Document.url (canonical, og:url) or the fetched URL ──courlan──▶ registered domain
    no URL at all (a saved .txt scrape) ──▶ the folder the file sits in, or ``--site``

A site is the registered domain (``www.example.co.uk`` and ``m.example.co.uk`` are one
site, ``example.co.uk``), because sites share their templates across subdomains far
more often than not. Addresses with no public suffix (``127.0.0.1``, ``localhost``,
intranet names) are their host name.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlsplit

from courlan import extract_domain

__all__ = ["folder_site", "site_of", "url_site"]


def url_site(url: str | None) -> str | None:
    """The registered domain of ``url`` (its host when it has no public suffix)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    domain = extract_domain(url)
    return (domain or host).lower().removeprefix("www.")


def folder_site(source: str) -> str:
    """The site of a saved file that names no URL: the folder it sits in, as given."""
    if source == "-":
        return "stdin"
    parent = PurePath(source).parent.as_posix()
    return parent if parent not in ("", ".") else "."


def site_of(url: str | None, source: str | None, override: str | None = None) -> str:
    """The page's site: from its URL; else ``override`` (``--site``); else its folder."""
    return url_site(url) or override or folder_site(source or "-")
