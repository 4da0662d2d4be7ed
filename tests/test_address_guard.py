"""The non-public address guard against IPv6 spellings of IPv4 addresses, and redirects
to URLs that are not http or https, against the real test server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ipaddress
from urllib.parse import quote

import pytest
from fetch_helpers import fetch_one
from fetch_server import FetchServer

from scraper.errors import BlockedAddressError, PermanentFetchError
from scraper.fetching.addresses import AddressBlocked, GuardedBackend, is_public

# Each reaches 127.0.0.1 or a private IPv4 address through an IPv6 spelling.
HIDDEN = [
    "::127.0.0.1",  # IPv4-compatible (deprecated, still routed by some stacks)
    "::10.0.0.1",
    "64:ff9b::7f00:1",  # NAT64 well-known prefix: a NAT64 gateway reaches 127.0.0.1
    "64:ff9b::a00:1",  # ... and 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # ... and the cloud metadata address 169.254.169.254
    "64:ff9b:1::a00:1",  # local-use NAT64 prefix (RFC 8215): never public
    "::ffff:0:7f00:1",  # IPv4-translated (SIIT)
    "::",
]


@pytest.mark.parametrize("address", HIDDEN)
def test_ipv6_spellings_of_private_ipv4_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "::ffff:0:808:808", "2606:4700::1111"])
def test_ipv6_spellings_of_public_addresses_stay_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["[::127.0.0.1]", "[64:ff9b::7f00:1]", "[::ffff:0:7f00:1]"])
def test_the_backend_refuses_them_before_connecting(host: str) -> None:
    with pytest.raises(AddressBlocked):
        asyncio.run(GuardedBackend(allow_private=False).addresses(host, 80))


@pytest.mark.parametrize("host", ["[::127.0.0.1]", "[64:ff9b::7f00:1]"])
def test_a_fetch_of_them_is_blocked(fetch_server: FetchServer, host: str) -> None:
    result = fetch_one(
        fetch_server, f"http://{host}:{fetch_server.port}/article/x", allow_private=False
    )
    assert isinstance(result.error, BlockedAddressError), result.error
    assert "non-public address" in str(result.error)


@pytest.mark.parametrize(
    ("target", "scheme"),
    [
        ("javascript:alert(document.cookie)", "javascript"),
        ("data:text/html,<h1>hi</h1>", "data"),
        ("data:text/html;base64,PGgxPmhpPC9oMT4=", "data"),
        ("mailto:someone@example.org", "mailto"),
        ("file:///etc/passwd", "file"),
    ],
)
def test_a_redirect_to_another_scheme_is_a_refused_redirect(
    fetch_server: FetchServer, target: str, scheme: str
) -> None:
    url = fetch_server.url("/redirect-to?url=" + quote(target, safe=""))
    result = fetch_one(fetch_server, url)
    assert type(result.error) is PermanentFetchError
    assert str(result.error) == (
        f"{url}: refused redirect to a {scheme}: URL (only http and https are followed)"
    )
    assert result.attempts == 1  # permanent: not retried
