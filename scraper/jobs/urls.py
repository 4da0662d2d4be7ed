"""URL normalization and filtering, before anything is queued.

    Link ──normalize (courlan)──▶ URL ──UrlFilter──▶ queued, or skipped with a reason

Normalizing first is what makes ``/a?utm_source=rss`` and ``/A#top`` the same row in
the state database as ``/a``, so a page is fetched once whatever link led to it.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime, timedelta
from urllib.parse import urldefrag, urlsplit

from courlan import is_external, normalize_url

from scraper.credentials import redact
from scraper.jobs.jobfile import FilterSpec, url_problem

__all__ = ["UrlFilter", "normalize"]


def normalize(url: str) -> str | None:
    """The URL's one spelling (courlan: lower-case host, no default port, no tracking
    parameters, sorted query; plus no fragment and no user name or password), or
    ``None`` if it cannot be fetched.

    Without credentials because this is what the state database stores, and it must
    never hold a password; the fetch gets them back (``scraper.credentials.Credentials``).
    """
    url = url.strip()
    if url_problem(url):
        return None
    try:
        normal = str(normalize_url(url))
    except (ValueError, AttributeError):
        return None
    normal = redact(urldefrag(normal).url)
    return None if url_problem(normal) else normal


class UrlFilter:
    """The job's ``[filter]``: same site, include/exclude patterns, maximum age."""

    def __init__(self, spec: FilterSpec, now: datetime) -> None:
        self._same_site = spec.same_site
        self._include = [re.compile(p) for p in spec.include]
        self._exclude = [re.compile(p) for p in spec.exclude]
        self._oldest = now - timedelta(days=spec.max_age_days) if spec.max_age_days else None

    def reason(self, url: str, source: str, date: datetime | None = None) -> str | None:
        """Why ``url`` (found in ``source``) is not queued, or ``None`` to queue it."""
        if self._same_site and _other_site(url, source):
            return "other site"
        if self._include and not any(p.search(url) for p in self._include):
            return "not included"
        if any(p.search(url) for p in self._exclude):
            return "excluded"
        if self.too_old(date):
            return "too old"
        return None

    def too_old(self, date: datetime | None) -> bool:
        """Whether a date (a sitemap's ``lastmod``) is older than ``max_age_days``."""
        return self._oldest is not None and date is not None and date < self._oldest


def _other_site(url: str, source: str) -> bool:
    # courlan compares registered domains (news.example.com ~ example.com); an IP
    # address has none, so there the hosts themselves must match.
    host, source_host = urlsplit(url).hostname, urlsplit(source).hostname
    if host == source_host:
        return False
    if _is_ip(host) or _is_ip(source_host):
        return True
    return bool(is_external(url, source))


def _is_ip(host: str | None) -> bool:
    try:
        ipaddress.ip_address(host or "")
    except ValueError:
        return False
    return True
