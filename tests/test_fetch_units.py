"""Precise unit cases of the fetch stage: config, address guard, names, decoding, waits.

Network behaviour is tested against a real server in ``test_fetch_faults``; these cases
need no server, or an ``httpx.MockTransport`` where one exchange must be exact.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import ipaddress
import zlib
from datetime import UTC, datetime

import brotli
import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.bodies import BadEncoding, BodyDecoder, BodyTooLarge, parse_encodings
from scraper.errors import (
    ConfigError,
    DecodeError,
    InputTooLargeError,
    PermanentFetchError,
    TransientFetchError,
)
from scraper.fetching import FetchConfig, Fetcher
from scraper.fetching.addresses import AddressBlocked, GuardedBackend, HostNotFound, is_public
from scraper.fetching.politeness import Politeness
from scraper.fetching.retrying import parse_retry_after
from scraper.storage import file_name
from scraper.warc import iter_warc_pages

# -- config ---------------------------------------------------------------------------


def test_config_from_mapping_uses_the_flag_names():
    config = FetchConfig.from_mapping(
        {"per_host": 4, "delay": 2, "obey_robots": False, "headers": {"X-A": "1"}}
    )
    assert config.per_host == 4
    assert config.delay == 2.0
    assert config.obey_robots is False
    assert config.headers == (("X-A", "1"),)


def test_config_names_the_unknown_key():
    with pytest.raises(ConfigError, match=r"job.toml \[fetch\]: unknown key 'per_hots'"):
        FetchConfig.from_mapping({"per_hots": 2}, where="job.toml [fetch]")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"concurrency": "8"}, "'concurrency' must be an integer"),
        ({"obey_robots": 1}, "'obey_robots' must be true or false"),
        ({"delay": True}, "'delay' must be a number"),
        ({"per_host": 0}, "per_host must be at least 1"),
        ({"timeout": 0}, "timeout must be positive"),
        ({"user_agent": " "}, "user_agent must not be empty"),
    ],
)
def test_config_rejects_bad_values(data, message):
    with pytest.raises(ConfigError, match=message):
        FetchConfig.from_mapping(data)


def test_default_user_agent_names_scraper_and_version():
    from scraper import __version__

    assert FetchConfig().user_agent.startswith(f"scraper/{__version__} ")


# -- address guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
    ],
)
def test_non_public_addresses(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "host", ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "::ffff:127.0.0.1", "localhost"]
)
def test_every_spelling_of_loopback_is_blocked(host):
    backend = GuardedBackend(allow_private=False)
    with pytest.raises(AddressBlocked):
        asyncio.run(backend.addresses(host, 80))


def test_allow_private_lets_loopback_through():
    backend = GuardedBackend(allow_private=True)
    assert asyncio.run(backend.addresses("127.1", 80)) == ["127.0.0.1"]


def test_a_connection_notices_the_server_closed_it():
    async def run() -> list[bool]:
        closed = asyncio.Event()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await closed.wait()
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        stream = await GuardedBackend(allow_private=True).connect_tcp("127.0.0.1", port)
        seen = [stream.get_extra_info("is_readable")]
        closed.set()
        await asyncio.sleep(0.2)
        seen.append(stream.get_extra_info("is_readable"))
        assert stream.get_extra_info("socket") is not None
        await stream.aclose()
        seen.append(stream.get_extra_info("is_readable"))
        server.close()
        await server.wait_closed()
        return seen

    assert asyncio.run(run()) == [False, True, True]


def test_one_private_address_among_public_ones_blocks_the_name():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]

    backend = GuardedBackend(allow_private=False, resolver=resolver)
    with pytest.raises(AddressBlocked, match=r"10\.0\.0\.7"):
        asyncio.run(backend.addresses("mixed.example", 80))


def test_invalid_names_never_resolve():
    with pytest.raises(HostNotFound):
        asyncio.run(GuardedBackend(allow_private=True).addresses("a.b.invalid", 80))


# -- file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/../../etc/passwd",
        "http://example.com/%2e%2e/%2e%2e/x",
        "http://example.com/a\\b\\..\\c",
        "http://example.com/\x00nul",
        "http://example.com/" + "long/" * 200,
        "http://[::1]:8080/",
        "not a url at all",
        "",
    ],
)
def test_file_names_stay_inside_the_folder(url, tmp_path):
    name = file_name(url)
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    assert not name.startswith(".")
    assert len(name) <= 120
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name)


def test_file_names_are_readable_and_distinct():
    a = file_name("https://example.com/news/Pier-Survey.html")
    b = file_name("https://example.com/news/pier-survey.html")
    c = file_name("https://example.com/news/pier-survey.html?")
    assert a.startswith("example-com-news-pier-survey-html-")
    assert len({a, b, c}) == 3
    assert file_name("https://example.com/x") == file_name("https://example.com/x")


# -- bounded decoding -------------------------------------------------------------------


def _decode(data: bytes, codings: str, cap: int, chunk: int = 4096) -> bytes:
    decoder = BodyDecoder(parse_encodings(codings), cap)
    out = b"".join(decoder.feed(data[i : i + chunk]) for i in range(0, len(data), chunk))
    decoder.finish()
    return out


@pytest.mark.parametrize(
    ("codings", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda d: zlib.compress(d)[2:-4]),  # raw deflate, as some servers send
        ("br", brotli.compress),
        ("gzip, br", lambda d: brotli.compress(gzip.compress(d))),
    ],
)
def test_decoder_round_trips(codings, encode):
    body = b"<p>hello</p>" * 5000
    assert _decode(encode(body), codings, cap=len(body)) == body


@pytest.mark.parametrize(
    ("codings", "encode"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)],
)
def test_decoder_stops_a_bomb_at_the_cap(codings, encode):
    bomb = encode(b"\0" * (8 * 1024 * 1024))
    with pytest.raises(BodyTooLarge):
        _decode(bomb, codings, cap=64 * 1024, chunk=len(bomb))


def test_decoder_refuses_three_layers_and_unknown_codings():
    with pytest.raises(BadEncoding, match="3 stacked"):
        parse_encodings("gzip, gzip, br")
    with pytest.raises(BadEncoding, match="unsupported content encoding 'zstd'"):
        parse_encodings("zstd")
    assert parse_encodings("identity") == []


def test_decoder_notices_truncation_and_corruption():
    data = gzip.compress(b"x" * 100_000)
    with pytest.raises(BadEncoding, match="truncated"):
        _decode(data[: len(data) // 2], "gzip", cap=1 << 20)
    with pytest.raises(BadEncoding, match="corrupt"):
        _decode(b"not gzip at all", "gzip", cap=1 << 20)


# -- Retry-After and politeness ----------------------------------------------------------


def test_retry_after_forms():
    now = datetime(2025, 1, 6, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Mon, 06 Jan 2025 12:01:00 GMT", now) == 60.0
    assert parse_retry_after("Mon, 06 Jan 2025 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_politeness_spaces_requests_to_one_host():
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    async def run() -> None:
        polite = Politeness(concurrency=8, per_host=2, delay=1.5, clock=lambda: now[0], sleep=sleep)
        for _ in range(3):
            async with polite.slot("a:80"):
                pass
        async with polite.slot("b:80"):  # another host: no wait
            pass
        polite.set_delay("a:80", 4.0)
        async with polite.slot("a:80"):
            pass

    asyncio.run(run())
    assert waits == [1.5, 1.5, 1.5]


# -- one exact exchange through MockTransport ----------------------------------------------


def test_content_length_over_the_cap_is_refused_before_reading():
    class Exploding(httpx.AsyncByteStream):
        async def __aiter__(self):
            raise AssertionError("the body was read")
            yield b""  # pragma: no cover

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/html", "content-length": "2000"}
        return httpx.Response(200, headers=headers, stream=Exploding())

    async def run() -> None:
        config = FetchConfig(max_bytes=1000, obey_robots=False, allow_private=True)
        async with Fetcher(config, transport=httpx.MockTransport(handler)) as fetcher:
            await fetcher.fetch_page("http://example.com/big")

    with pytest.raises(PermanentFetchError, match="body of 2000 bytes is over the cap of 1000"):
        asyncio.run(run())


def test_cookies_set_by_a_response_go_with_later_requests():
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        headers = {"content-type": "text/html"}
        if request.url.path == "/login":
            headers["set-cookie"] = "session=abc; Path=/"
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"<html></html>"))

    async def run() -> None:
        config = FetchConfig(obey_robots=False, allow_private=True)
        async with Fetcher(config, transport=httpx.MockTransport(handler)) as fetcher:
            for path in ("/plain", "/login", "/after", "/again"):
                await fetcher.fetch_page(f"http://example.com{path}")

    asyncio.run(run())
    assert seen == [None, None, "session=abc", "session=abc"]


def test_one_attempt_makes_one_request_and_reports_the_error():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(503, headers={"content-type": "text/html"})

    async def run() -> list:
        config = FetchConfig(obey_robots=False, allow_private=True, attempts=1)
        async with Fetcher(config, transport=httpx.MockTransport(handler)) as fetcher:
            return [r async for r in fetcher.fetch_many(["http://example.com/a"])]

    (result,) = asyncio.run(run())
    assert calls == ["/a"]
    assert result.attempts == 1
    assert isinstance(result.error, TransientFetchError)
    assert result.error.status == 503


# -- WARC files from other tools ------------------------------------------------------------


def _foreign_warc(path, body: bytes, headers: list[tuple[str, str]]) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://example.com/a",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
        )
        writer.write_record(record)


def test_warc_reader_undoes_chunking_and_compression(tmp_path):
    html = b"<html><body><p>Stored by another tool.</p></body></html>"
    packed = gzip.compress(html)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(packed), packed)
    headers = [
        ("Content-Type", "text/html; charset=iso-8859-1"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
    ]
    _foreign_warc(tmp_path / "a.warc.gz", chunked, headers)
    [page] = iter_warc_pages(tmp_path / "a.warc.gz", max_bytes=1 << 20)
    assert page.data == html
    assert page.url == "http://example.com/a"
    assert page.charset == "iso-8859-1"


def test_warc_reader_caps_a_bomb_record(tmp_path):
    bomb = gzip.compress(b" " * (4 * 1024 * 1024))
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    _foreign_warc(tmp_path / "b.warc.gz", bomb, headers)
    with pytest.raises(InputTooLargeError):
        list(iter_warc_pages(tmp_path / "b.warc.gz", max_bytes=1 << 20))
    errors: list[Exception] = []
    assert (
        list(iter_warc_pages(tmp_path / "b.warc.gz", max_bytes=1 << 20, on_error=errors.append))
        == []
    )
    assert len(errors) == 1


def test_warc_reader_refuses_a_file_that_is_not_a_warc(tmp_path):
    path = tmp_path / "not.warc"
    path.write_bytes(b"<html>plain html, not a WARC</html>")
    with pytest.raises(DecodeError, match="not a readable WARC"):
        list(iter_warc_pages(path, max_bytes=1 << 20))
