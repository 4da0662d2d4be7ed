"""A real HTTP server on 127.0.0.1 for the fetch tests: articles, robots.txt and faults.

Two servers run in one background thread each, on ephemeral ports of 127.0.0.1:

* a Starlette app under uvicorn, listening on two sockets (two origins, for
  cross-origin redirects), serving articles, robots.txt and misbehaving routes;
* a raw socket server for faults uvicorn will not commit on purpose: a body shorter
  than its Content-Length, a reset in the middle of the body, a truncated gzip body.

Which robots.txt an origin gets depends on the Host header, so tests reach
``robots-error.test`` and friends through a resolver that maps ``*.test`` to
127.0.0.1: every byte still goes to 127.0.0.1. Every route ends by itself within a few
seconds, and both servers stop when the test session ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import socketserver
import struct
import threading
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import brotli
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from scraper.fetching.addresses import system_resolver

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body><nav>Home | News | Sport</nav><article>
<h1>{title}</h1>
<p>The harbour committee met on Tuesday evening to discuss the future of the old pier,
which has stood at the end of Water Street for more than a century.</p>
<p>Residents spoke for nearly two hours about repairs, costs and the fishing boats
that still tie up there each morning before dawn, as they have done for generations.</p>
<p>The committee agreed to ask the council for a full survey before any decision,
and to publish the results in the spring so that everyone can read them.</p>
</article><footer>Copyright 2025 Harbour News</footer></body></html>"""

BOMB_SIZE = 30 * 1024 * 1024


def article(title: str = "Pier survey ordered") -> bytes:
    return ARTICLE.format(title=title).encode("utf-8")


def html_response(body: bytes, status: int = 200, **headers: str) -> Response:
    headers.setdefault("content-type", "text/html; charset=utf-8")
    return Response(body, status_code=status, headers=headers)


@dataclass
class Seen:
    """One request as the server saw it."""

    host: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    http_version: str = ""


class State:
    """What the server remembers across requests: the log and per-key counters."""

    def __init__(self) -> None:
        self.log: list[Seen] = []
        self.counts: dict[str, int] = {}
        self._bombs: dict[str, bytes] = {}

    def hit(self, key: str) -> int:
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    def bomb(self, coding: str) -> bytes:
        if coding not in self._bombs:
            zeros = b" " * BOMB_SIZE
            if coding == "gzip":
                self._bombs[coding] = gzip.compress(zeros, 9)
            elif coding == "deflate":
                self._bombs[coding] = zlib.compress(zeros, 9)
            else:
                self._bombs[coding] = brotli.compress(zeros, quality=5)
        return self._bombs[coding]

    def requests(self, path_prefix: str) -> list[Seen]:
        return [seen for seen in self.log if seen.path.startswith(path_prefix)]


ROBOTS = {
    "robots-missing": None,  # 404
    "robots-agent": "User-agent: scraper\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
    "robots-delay": "User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n",
    "robots-big": "User-agent: *\n" + "# padding\n" * 60_000 + "Disallow: /\n",
}
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /private/\n"


def robots(request: Request) -> Response:
    state: State = request.app.state.data
    name = request.headers.get("host", "").split(":")[0].split(".")[0]
    state.hit(f"robots:{name}")
    if name == "robots-error":
        return PlainTextResponse("oops", status_code=500)
    if name == "robots-missing":
        return PlainTextResponse("not here", status_code=404)
    return PlainTextResponse(ROBOTS.get(name, DEFAULT_ROBOTS))


def page(request: Request) -> Response:
    return html_response(article(f"Article {request.path_params['name']}"))


def status(request: Request) -> Response:
    code = int(request.path_params["code"])
    return html_response(b"<html><body><p>status page</p></body></html>", status=code)


def flaky(request: Request) -> Response:
    """``/flaky/KEY?fail=N&status=S``: status S for the first N hits of KEY, then 200."""
    state: State = request.app.state.data
    hits = state.hit("flaky:" + request.path_params["key"])
    if hits <= int(request.query_params.get("fail", "1")):
        code = int(request.query_params.get("status", "503"))
        extra = {}
        if "retry_after" in request.query_params:
            extra["retry-after"] = request.query_params["retry_after"]
        return html_response(b"<p>try later</p>", status=code, **extra)
    return html_response(article("Recovered"))


def redirect(request: Request) -> Response:
    """``/redirect/N``: a chain of N redirects ending at an article."""
    left = int(request.path_params["n"])
    if left <= 0:
        return html_response(article("End of the chain"))
    return RedirectResponse(f"/redirect/{left - 1}", status_code=302)


def loop(request: Request) -> Response:
    other = "b" if request.path_params["name"] == "a" else "a"
    return RedirectResponse(f"/loop/{other}", status_code=301)


def redirect_to(request: Request) -> Response:
    return RedirectResponse(request.query_params["url"], status_code=307)


async def trickle(request: Request) -> Response:
    async def body() -> AsyncIterator[bytes]:
        yield b"<html><body><p>"
        for _ in range(40):  # ends by itself after 8 s if nobody hangs up
            await asyncio.sleep(0.2)
            yield b"x"

    return StreamingResponse(body(), media_type="text/html")


async def silence(request: Request) -> Response:
    async def body() -> AsyncIterator[bytes]:
        await asyncio.sleep(3)
        yield article()

    return StreamingResponse(body(), media_type="text/html")


async def bomb(request: Request) -> Response:
    coding = request.path_params["coding"]
    data = await asyncio.to_thread(request.app.state.data.bomb, coding)
    return html_response(data, **{"content-encoding": coding})


def encoded(request: Request) -> Response:
    coding = request.path_params["coding"]
    body = article(f"Compressed with {coding}")
    if coding == "gzip":
        data = gzip.compress(body)
    elif coding == "deflate":
        data = zlib.compress(body)
    elif coding == "br":
        data = brotli.compress(body)
    else:  # stacked: gzip three times over
        data = gzip.compress(gzip.compress(gzip.compress(body)))
        coding = "gzip, gzip, gzip"
    return html_response(data, **{"content-encoding": coding})


def big(request: Request) -> Response:
    """50 MB: with Content-Length (refused unread) or chunked (cut while streaming)."""

    async def body() -> AsyncIterator[bytes]:
        for _ in range(50):
            yield b"<p>" + b"a" * (1024 * 1024 - 3)

    headers = {} if request.path_params["how"] == "chunked" else {"content-length": "52428800"}
    return StreamingResponse(body(), media_type="text/html", headers=headers)


CHARSET_PAGES: dict[str, tuple[bytes, str | None]] = {
    "wrong": (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head>'
        "<body><p>Un caf\xe9 cr\xe8me, s'il vous pla\xeet.</p></body></html>".encode("cp1252"),
        "text/html; charset=bogus-8",
    ),
    "missing": (
        "<html><body><p>Na\u00efve caf\u00e9 owners in Z\u00fcrich.</p></body></html>".encode(),
        "text/html",
    ),
    "utf16": (
        "<html><body><p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b</p></body></html>".encode("utf-16"),
        "text/html; charset=utf-16",
    ),
    "untyped": (article("No content type"), None),
}


def charset(request: Request) -> Response:
    body, ctype = CHARSET_PAGES[request.path_params["name"]]
    response = Response(body)
    if ctype is not None:
        response.headers["content-type"] = ctype
    else:
        del response.headers["content-type"]
    return response


def pdf(request: Request) -> Response:
    return Response(b"%PDF-1.4\n" + b"0" * 2000, media_type="application/pdf")


def etag(request: Request) -> Response:
    if request.headers.get("if-none-match") == '"v1"':
        return Response(status_code=304, headers={"etag": '"v1"'})
    return html_response(article("Tagged"), etag='"v1"', **{"last-modified": "Mon, 06 Jan 2025"})


class Recorder:
    """ASGI middleware that logs every request into ``State.log``."""

    def __init__(self, app: Any, state: State) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            host = headers.get("host", "")
            seen = Seen(host, scope["path"], headers, scope.get("http_version", ""))
            self.state.log.append(seen)
        await self.app(scope, receive, send)


def make_app(state: State) -> Recorder:
    routes = [
        Route("/robots.txt", robots),
        Route("/article/{name}", page),
        Route("/private/{name}", page),
        Route("/status/{code:int}", status),
        Route("/flaky/{key}", flaky),
        Route("/redirect/{n:int}", redirect),
        Route("/loop/{name}", loop),
        Route("/redirect-to", redirect_to),
        Route("/trickle", trickle),
        Route("/silence", silence),
        Route("/bomb/{coding}", bomb),
        Route("/encoded/{coding}", encoded),
        Route("/big/{how}", big),
        Route("/charset/{name}", charset),
        Route("/pdf", pdf),
        Route("/etag", etag),
    ]
    app = Starlette(routes=routes)
    app.state.data = state
    return Recorder(app, state)


# The wire server: raw bytes for the faults of HTTP framing itself.
def _wire_reply(path: str) -> tuple[bytes, bool]:
    """(bytes to send, reset the connection afterwards)."""
    body = article("Cut short")
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
    if path == "/short":
        return (head + f"Content-Length: {len(body) * 2}\r\n\r\n").encode() + body, False
    if path == "/reset":
        return (head + f"Content-Length: {len(body) * 2}\r\n\r\n").encode() + body, True
    if path == "/truncated-gzip":
        data = gzip.compress(body * 20)[:300]
        head += f"Content-Encoding: gzip\r\nContent-Length: {len(data)}\r\n\r\n"
        return head.encode() + data, False
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", False


class _WireHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
            parts = data.split(b" ", 2)
            reply, reset = _wire_reply(parts[1].decode("latin-1") if len(parts) > 1 else "/")
            sock.sendall(reply)
            if reset:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class _WireServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class FetchServer:
    """Handle the tests get: base URLs, the request log, a resolver for ``*.test``."""

    state: State
    port: int
    other_port: int
    wire_port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def other(self) -> str:
        return f"http://127.0.0.1:{self.other_port}"

    @property
    def wire(self) -> str:
        return f"http://127.0.0.1:{self.wire_port}"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def resolve(self, host: str, port: int) -> list[str]:
        """Resolver for ``Fetcher``: ``*.test`` and 127.0.0.1 are 127.0.0.1, nothing else."""
        if host.endswith(".test") or host == "127.0.0.1":
            return ["127.0.0.1"]
        return await system_resolver(host, port)  # .invalid names never leave the host


def _listen() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@contextlib.contextmanager
def serve() -> Iterator[FetchServer]:
    """Start both servers; stop them on exit."""
    state = State()
    sockets = [_listen(), _listen()]
    config = uvicorn.Config(
        make_app(state), log_level="error", lifespan="off", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": sockets}, daemon=True)
    thread.start()
    wire = _WireServer(("127.0.0.1", 0), _WireHandler)
    wire_thread = threading.Thread(target=wire.serve_forever, daemon=True)
    wire_thread.start()
    try:
        while not server.started and thread.is_alive():
            threading.Event().wait(0.01)
        ports = [s.getsockname()[1] for s in sockets]
        yield FetchServer(state, ports[0], ports[1], wire.server_address[1])
    finally:
        server.should_exit = True
        thread.join(10)
        wire.shutdown()
        wire.server_close()
        for sock in sockets:
            sock.close()


@pytest.fixture(scope="session")
def fetch_server() -> Iterator[FetchServer]:
    """The real HTTP server of the fetch tests (started once per session)."""
    with serve() as server:
        yield server
