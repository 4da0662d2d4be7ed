"""Why a request failed on the wire, in the ``ScraperError`` tree: httpx's and the
address guard's exceptions translated for one URL (``exchange.py`` raises what this
gives), transient (worth a retry) or permanent, with the most specific reason found in
the exception chain (``Connection refused``, an untrusted certificate)."""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator

import httpx

from scraper.errors import BlockedAddressError, FetchError, PermanentFetchError, TransientFetchError
from scraper.fetching.addresses import AddressBlocked, HostNotFound
from scraper.fetching.config import FetchConfig

__all__ = ["transport_error"]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def _os_reason(exc: BaseException) -> str:
    """The most specific OS-level reason in an exception chain (``Connection refused``)."""
    for seen in _chain(exc):
        # An SSLError is an OSError whose errno is OpenSSL's, not the OS's: a failed
        # certificate check has errno 1, which os.strerror calls "Operation not permitted".
        if isinstance(seen, OSError) and not isinstance(seen, ssl.SSLError) and seen.errno:
            return os.strerror(seen.errno)
    return str(exc) or type(exc).__name__


def _tls_error(exc: BaseException) -> ssl.SSLError | None:
    return next((seen for seen in _chain(exc) if isinstance(seen, ssl.SSLError)), None)


def transport_error(url: str, exc: Exception, config: FetchConfig) -> FetchError:
    """Translate an httpx or address-guard exception for ``url``."""
    if isinstance(exc, AddressBlocked):
        return BlockedAddressError(
            f"{url}: blocked: {exc} (allowed by --allow-private,"
            " or allow_private = true in [fetch])",
            url=url,
        )
    if isinstance(exc, HostNotFound):
        return PermanentFetchError(f"{url}: {exc}", url=url)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return PermanentFetchError(f"{url}: {exc}", url=url)
    tls = _tls_error(exc)
    if isinstance(tls, ssl.SSLCertVerificationError):
        # Asking again gets the same certificate: not worth a retry.
        reason = f"TLS certificate not trusted ({tls.verify_message})"
        return PermanentFetchError(f"{url}: {reason}", url=url)
    if tls is not None:
        reason = f"TLS handshake failed ({tls.reason or tls})"
    elif isinstance(exc, httpx.ConnectTimeout):
        reason = f"connect timeout after {config.timeout:g} s"
    elif isinstance(exc, httpx.ConnectError):
        reason = f"cannot connect ({_os_reason(exc)})"
    elif isinstance(exc, httpx.ReadTimeout):
        reason = f"read timeout: no data for {config.timeout:g} s"
    elif isinstance(exc, httpx.RemoteProtocolError):
        reason = f"connection closed early ({exc})"
    elif isinstance(exc, httpx.ReadError):
        reason = f"connection broken while reading ({_os_reason(exc)})"
    else:
        reason = f"{type(exc).__name__}: {exc}"
    return TransientFetchError(f"{url}: {reason}", url=url)
