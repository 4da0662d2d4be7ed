"""Credentials in URLs (``https://user:secret@host/``) never leave the process.

A URL may carry a user name and password, and httpx sends them as Basic auth, so a
job file or a ``--urls`` list may hold them. Everything scraper writes or prints goes
through ``redact`` first: documents (``url``, ``source``, ``image``, ``fetch``), error
messages (``ScraperError.__str__``), progress and summary lines, the report of a run
and the WARC archive. The URL itself, with its credentials, stays inside: the fetcher
needs it. A job's state database does not keep it either: URLs are stored without
their credentials (``scraper.jobs.urls.normalize``), and ``Credentials`` gives them back,
from the URLs the user wrote (job file, command line), when a URL of the same origin is
fetched, much as ``.netrc`` keeps one login per host.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from scraper.model import Document

__all__ = ["Credentials", "redact", "without_credentials"]

# scheme "://" userinfo "@": userinfo holds no "/", "?", "#", "@" or white space, so
# a "@" later in the path or the query ("/@user", "?to=a@b") is left alone.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s\"'<>]*@")


def redact(text: str) -> str:
    """``text`` with the user name and password of every URL in it removed."""
    if "@" not in text:
        return text  # the usual case, at the cost of one scan
    return _USERINFO.sub(r"\1", text)


def without_credentials(doc: Document) -> Document:
    """``doc`` with the URLs it carries (``url``, ``source``, ``image``, ``fetch``)
    redacted: what every output format starts from."""
    fetch = doc.fetch
    if fetch is not None:
        fetch = replace(
            fetch, requested_url=redact(fetch.requested_url), final_url=redact(fetch.final_url)
        )
    return replace(
        doc,
        url=doc.url and redact(doc.url),
        source=doc.source and redact(doc.source),
        image=doc.image and redact(doc.image),
        fetch=fetch,
    )


_DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


def _split(url: str) -> tuple[Origin, str] | None:
    """The origin (scheme, host, port) of ``url`` and its user information ("" if none)."""
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    return (parts.scheme.lower(), parts.hostname, port), userinfo


@dataclass(frozen=True, slots=True)
class Credentials:
    """The user name and password given for each origin, to fetch URLs stored without.

    One login per origin (scheme, host, port), the first one given, as ``.netrc`` keeps
    one per host: a feed or sitemap on a protected site lists its pages without
    credentials, and the state stores every URL without them, yet they are fetched
    with the login the user gave for that site.
    """

    by_origin: tuple[tuple[Origin, str], ...] = field(default=())

    @classmethod
    def of(cls, urls: Iterable[str]) -> Credentials:
        found: dict[Origin, str] = {}
        for url in urls:
            split = _split(url)
            if split is not None and split[1]:
                found.setdefault(*split)
        return cls(tuple(found.items()))

    def attach(self, url: str) -> str:
        """``url`` with the login given for its origin, unless it has one already."""
        if not self.by_origin:
            return url
        split = _split(url)
        if split is None or split[1]:
            return url
        userinfo = dict(self.by_origin).get(split[0])
        if userinfo is None:
            return url
        parts = urlsplit(url)
        return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))
