"""Redirects the fetcher refuses: to anything but an http or https URL.

httpx works out the next request of every redirect inside ``send``, even with
``follow_redirects=False``, and a ``javascript:`` or ``data:`` location makes it raise
an ``InvalidURL`` there (it gives the host-less URL the request's host, then rejects its
path): the user read "internal error: InvalidURL". The response hook below looks at the
location first and refuses it by name; the exchange reports it as a refused redirect.
"""

from __future__ import annotations

import re

import httpx

__all__ = ["RedirectRefused", "redirect_problem", "refuse_bad_redirects"]

_SCHEME = re.compile(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


class RedirectRefused(Exception):
    """Raised by the response hook; the exchange turns it into ``PermanentFetchError``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def redirect_problem(location: str) -> str | None:
    """Why a redirect to ``location`` is refused (None: it is followed). Only the
    scheme is named: a data: URL can be megabytes long."""
    scheme = _SCHEME.match(location)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return f"a {scheme.group(1).lower()}: URL"
    return None


async def refuse_bad_redirects(response: httpx.Response) -> None:
    """httpx response hook: raise ``RedirectRefused`` before httpx builds the request."""
    if response.has_redirect_location:
        problem = redirect_problem(response.headers["location"])
        if problem is not None:
            raise RedirectRefused(problem)
