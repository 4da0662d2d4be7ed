"""Credentials in URLs (``https://user:secret@host/``) never leave the process.

A URL may carry a user name and password, and httpx sends them as Basic auth, so a
job file or a ``--urls`` list may hold them. Everything scraper writes or prints goes
through ``redact`` first: documents (``url``, ``source``, ``image``, ``fetch``), error
messages (``ScraperError.__str__``), progress and summary lines, the report of a run
and the WARC archive. The URL itself, with its credentials, stays inside: the fetcher
needs it and the job's state needs it to fetch again.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.model import Document

__all__ = ["redact", "without_credentials"]

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
