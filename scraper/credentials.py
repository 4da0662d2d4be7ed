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

__all__ = ["redact"]

# scheme "://" userinfo "@": userinfo holds no "/", "?", "#", "@" or white space, so
# a "@" later in the path or the query ("/@user", "?to=a@b") is left alone.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s\"'<>]*@")


def redact(text: str) -> str:
    """``text`` with the user name and password of every URL in it removed."""
    if "@" not in text:
        return text  # the usual case, at the cost of one scan
    return _USERINFO.sub(r"\1", text)
