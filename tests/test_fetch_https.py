"""https and HTTP/2 against a real TLS server on 127.0.0.1 (hypercorn, a test CA).

uvicorn speaks HTTP/1.1 only, so these tests run the fetch tests' Starlette app under
hypercorn, which offers HTTP/2 through ALPN, with a certificate from a throwaway CA
(trustme). The server records the HTTP version of every request it sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from fetch_helpers import Sleeps, config, shared_pool
from fetch_server import State, make_app
from hypercorn.asyncio import serve
from hypercorn.config import Config

from scraper.errors import PermanentFetchError
from scraper.fetch_clean import fetch_documents
from scraper.fetching import Fetcher, FetchResult


@dataclass
class TlsServer:
    state: State
    port: int
    ca: trustme.CA

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context


@contextlib.contextmanager
def tls_server(tmp: Path, alpn: list[str]) -> Iterator[TlsServer]:
    ca = trustme.CA()
    pem = tmp / "server.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(pem))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    settings = Config()
    settings.bind = [f"fd://{sock.fileno()}"]
    settings.certfile = settings.keyfile = str(pem)
    settings.alpn_protocols = alpn
    settings.loglevel = "ERROR"
    settings.graceful_timeout = 1
    state = State()
    ready = threading.Event()
    control: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Event]] = {}

    async def main() -> None:
        stop = asyncio.Event()
        control["stop"] = (asyncio.get_running_loop(), stop)
        ready.set()
        await serve(make_app(state), settings, shutdown_trigger=stop.wait)

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    try:
        assert ready.wait(10)
        yield TlsServer(state, sock.getsockname()[1], ca)
    finally:
        loop, stop = control["stop"]
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        sock.detach()  # hypercorn closed the descriptor it was given


@pytest.fixture(scope="module")
def h2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    with tls_server(tmp_path_factory.mktemp("h2"), ["h2", "http/1.1"]) as server:
        yield server


@pytest.fixture(scope="module")
def h1_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    with tls_server(tmp_path_factory.mktemp("h1"), ["http/1.1"]) as server:
        yield server


def fetch_over_tls(
    server: TlsServer, paths: list[str], *, trusted: bool = True, **changes: object
) -> list[FetchResult]:
    context = server.client_context() if trusted else None

    async def run() -> list[FetchResult]:
        async with Fetcher(config(**changes), sleep=Sleeps(), ssl_context=context) as fetcher:
            urls = [server.url(path) for path in paths]
            return [result async for result in fetch_documents(fetcher, shared_pool(), urls)]

    return sorted(asyncio.run(run()), key=lambda result: result.index)


def versions(server: TlsServer, prefix: str) -> list[str]:
    return [seen.http_version for seen in server.state.requests(prefix)]


def test_http2_is_used_where_the_server_offers_it(h2_server: TlsServer) -> None:
    paths = [f"/article/h2-{n}" for n in range(6)]
    results = fetch_over_tls(h2_server, paths)
    assert [r.error for r in results] == [None] * 6
    for result in results:
        assert result.document is not None
        assert "harbour committee" in result.document.text
        assert result.document.fetch is not None
        assert result.document.fetch.status == 200
    assert versions(h2_server, "/article/h2-") == ["2"] * 6


def test_http2_can_be_turned_off(h2_server: TlsServer) -> None:
    [result] = fetch_over_tls(h2_server, ["/article/h1-only"], http2=False)
    assert result.error is None
    assert versions(h2_server, "/article/h1-only") == ["1.1"]


def test_a_server_without_http2_gets_http1(h1_server: TlsServer) -> None:
    [result] = fetch_over_tls(h1_server, ["/article/fallback"])
    assert result.error is None
    assert result.document is not None
    assert versions(h1_server, "/article/fallback") == ["1.1"]


def test_redirects_and_charsets_work_over_http2(h2_server: TlsServer) -> None:
    [moved, latin] = fetch_over_tls(h2_server, ["/redirect/2", "/charset/wrong"])
    assert moved.error is None
    assert moved.document is not None
    assert moved.document.fetch is not None
    assert moved.document.fetch.final_url == h2_server.url("/redirect/0")
    assert latin.document is not None
    assert "Un café crème" in latin.document.text
    assert set(versions(h2_server, "/redirect/") + versions(h2_server, "/charset/")) == {"2"}


def test_an_untrusted_certificate_fails_the_page_with_a_clear_reason(
    h2_server: TlsServer,
) -> None:
    [result] = fetch_over_tls(h2_server, ["/article/untrusted"], trusted=False, obey_robots=False)
    assert isinstance(result.error, PermanentFetchError)  # the same certificate next time
    assert result.attempts == 1
    assert result.error.url == h2_server.url("/article/untrusted")
    message = str(result.error)
    assert message.startswith(h2_server.url("/article/untrusted"))
    assert "TLS certificate not trusted" in message
    assert versions(h2_server, "/article/untrusted") == []  # never reached the app
