"""The non-public address guard: which addresses the fetcher may connect to.

Like trafilatura 2.3, scraper refuses loopback, private, link-local, shared, reserved
and multicast addresses unless told otherwise. A check on the URL's host name alone
would miss ``127.1``, ``2130706433``, ``0x7f.1`` or a public name that resolves to
``10.0.0.5``, so the check runs inside httpcore's network backend, on the addresses the
name actually resolved to, right before connecting, for every connection (and so for
every redirect hop). The socket then connects to that checked address, not to the name,
so a second DNS answer cannot swap it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import select
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore

__all__ = [
    "AddressBlocked",
    "GuardedBackend",
    "HostNotFound",
    "IPAddress",
    "Resolver",
    "is_public",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressBlocked(Exception):
    """Raised by the backend; the fetcher turns it into ``BlockedAddressError``."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to non-public address {address}")
        self.host = host
        self.address = address


class HostNotFound(Exception):
    """The name does not exist (as opposed to a DNS server that did not answer)."""

    def __init__(self, host: str) -> None:
        super().__init__(f"host {host} not found")
        self.host = host


# IPv6 prefixes whose last 32 bits are an IPv4 address that the packet ends up at
# (through a NAT64 gateway, a translator, or a stack that still routes the deprecated
# IPv4-compatible form): that IPv4 address is the one judged. Python's is_global calls
# them all global, so [::127.0.0.1] and [64:ff9b::7f00:1] went through.
_IPV4_INSIDE = (
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible: ::127.0.0.1 (and ::, ::1)
    ipaddress.IPv6Network("64:ff9b::/96"),  # NAT64 well-known prefix (RFC 6052)
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated (SIIT, RFC 2765)
)
# Local-use NAT64 (RFC 8215): the IPv4 address sits where the operator chose; never
# global in any case.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    embedded = address.ipv4_mapped or address.sixtofour
    if embedded is None and any(address in prefix for prefix in _IPV4_INSIDE):
        embedded = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return embedded


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses, by any IPv4-in-IPv6 spelling."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.teredo is not None or address in _LOCAL_NAT64:
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not address.is_multicast


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of ``host`` from the system resolver, in its preferred order."""
    # RFC 6761: names under .invalid never resolve; answering here keeps the query
    # off the network.
    if host.rstrip(".").lower().endswith(".invalid") or host.lower() == "invalid":
        raise HostNotFound(host)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            raise HostNotFound(host) from exc
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Stream(httpcore.AsyncNetworkStream):
    """A connection's stream with its socket looked up once.

    Before each request, httpcore asks every idle connection of the pool whether its
    socket is readable (a server that closed it), and anyio answers by building a dict
    of all the stream's attributes (a ``getpeername`` among them) to find the socket:
    a fifth of the fetcher's CPU at concurrency 128 in bench/fetch.py. The socket
    object does not change (TLS wraps the same one), so it is kept here.
    """

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")
        self._poll: select.poll | None = None  # built at the first question, kept

    def _readable(self) -> bool:
        """httpcore's test: data (or the end) waiting on the socket; a closed one counts.

        One poll object per connection, its socket registered once: building one per
        question was most of this test's cost, asked before every request.
        """
        fd = -1 if self._socket is None else self._socket.fileno()
        if fd < 0:
            return True
        if self._poll is None:
            self._poll = select.poll()
            self._poll.register(fd, select.POLLIN)
        return bool(self._poll.poll(0))

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return self._readable()
        if info == "socket":
            return self._socket
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that resolves, checks, then connects by address."""

    def __init__(
        self,
        *,
        allow_private: bool,
        is_allowed: Callable[[IPAddress], bool] = is_public,
        resolver: Resolver = system_resolver,
    ) -> None:
        self._allow_private = allow_private
        self._is_allowed = is_allowed
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def addresses(self, host: str, port: int) -> list[str]:
        """Resolve ``host``; raise ``AddressBlocked`` if any address is refused."""
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        found = [str(literal)] if literal is not None else await self._resolver(host, port)
        if not found:
            raise HostNotFound(host)
        if not self._allow_private:
            # All of them, not just the first: a name with one public and one private
            # address would otherwise reach the private one whenever the first fails.
            for address in found:
                if not self._is_allowed(ipaddress.ip_address(address)):
                    raise AddressBlocked(host, address)
        return found

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for address in await self.addresses(host, port):
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return _Stream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
