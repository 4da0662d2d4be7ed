"""The fetcher against a real server on 127.0.0.1 that misbehaves on purpose.

Each test injects one fault and checks how the page ended: fetched, skipped, or failed
with the right error class, status, reason and number of attempts. Sleeps are faked,
so backoff and Retry-After are checked by value, never by waiting.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from fetch_helpers import Sleeps, config, fetch_all, fetch_one, shared_pool
from fetch_server import FetchServer

from scraper.errors import (
    BlockedAddressError,
    ContentTypeError,
    PermanentFetchError,
    RobotsDisallowedError,
    TransientFetchError,
)
from scraper.fetch_clean import fetch, fetch_document
from scraper.fetching import Fetcher, FetchRequest

# -- pages that work -----------------------------------------------------------------


def test_article_is_fetched_cleaned_and_described(fetch_server: FetchServer):
    url = fetch_server.url("/article/plain")
    result = fetch_one(fetch_server, url)
    assert result.error is None
    doc = result.document
    assert doc is not None
    assert "harbour committee" in doc.text
    assert "Copyright" not in doc.text
    assert doc.source == url
    info = doc.to_dict()["fetch"]
    assert info["requested_url"] == url
    assert info["final_url"] == url
    assert info["status"] == 200
    assert info["content_type"] == "text/html; charset=utf-8"
    assert info["encoding"] == "utf-8"
    assert info["fetched_at"].endswith("Z")
    assert result.attempts == info["attempts"] == 1


def test_an_injected_wall_clock_makes_fetched_documents_byte_identical(
    fetch_server: FetchServer,
):
    url = fetch_server.url("/article/plain")
    # 05:04:05 at UTC+2 is 03:04:05 UTC: fetched_at is always stamped in UTC.
    moment = datetime(2026, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))

    async def run() -> str:
        async with Fetcher(
            config(), sleep=Sleeps(), resolver=fetch_server.resolve, wall_clock=lambda: moment
        ) as fetcher:
            return (await fetch_document(fetcher, shared_pool(), url)).to_json()

    first, second = asyncio.run(run()), asyncio.run(run())
    assert '"fetched_at": "2026-01-02T03:04:05Z"' in first
    assert first == second


def test_user_agent_names_scraper_and_its_version(fetch_server: FetchServer):
    fetch_one(fetch_server, fetch_server.url("/article/ua"))
    seen = fetch_server.state.requests("/article/ua")[-1]
    assert seen.headers["user-agent"].startswith("scraper/0.")


def test_user_agent_can_be_set(fetch_server: FetchServer):
    fetch_one(fetch_server, fetch_server.url("/article/ua2"), user_agent="mybot/2.0")
    assert fetch_server.state.requests("/article/ua2")[-1].headers["user-agent"] == "mybot/2.0"


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_compressed_page_is_decoded(fetch_server: FetchServer, coding: str):
    result = fetch_one(fetch_server, fetch_server.url(f"/encoded/{coding}"))
    assert result.document is not None
    assert "harbour committee" in result.document.text


def test_sync_fetch_returns_a_document(fetch_server: FetchServer):
    url = fetch_server.url("/article/sync")
    doc = fetch(url, config(obey_robots=False))
    assert doc.fetch is not None
    assert doc.fetch.final_url == url
    assert "harbour committee" in doc.text


def test_conditional_get_gives_not_modified(fetch_server: FetchServer):
    url = fetch_server.url("/etag")
    first, second = fetch_all(fetch_server, [url, FetchRequest(url, etag='"v1"')])
    assert first.page is not None
    assert first.page.fetch is not None
    assert first.page.fetch.etag == '"v1"'
    assert first.page.fetch.last_modified == "Mon, 06 Jan 2025"
    assert second.not_modified
    assert second.document is None
    assert second.error is None


# -- statuses and retries --------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_permanent_status_is_not_retried(fetch_server: FetchServer, status: int):
    sleeps = Sleeps()
    result = fetch_one(fetch_server, fetch_server.url(f"/status/{status}"), sleeps)
    assert isinstance(result.error, PermanentFetchError)
    assert result.error.status == status
    assert result.attempts == 1
    assert sleeps.waits == []
    assert str(result.error).startswith(fetch_server.url(f"/status/{status}"))


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_status_is_retried_then_fails(fetch_server: FetchServer, status: int):
    sleeps = Sleeps()
    result = fetch_one(fetch_server, fetch_server.url(f"/status/{status}"), sleeps)
    assert isinstance(result.error, TransientFetchError)
    assert result.error.status == status
    assert result.attempts == 3
    assert len(sleeps.waits) == 2
    assert 1 <= sleeps.waits[0] <= 2
    assert 2 <= sleeps.waits[1] <= 3


def test_503_then_200_succeeds_on_second_attempt(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/flaky/once?fail=1&status=503"))
    assert result.document is not None
    assert result.attempts == 2
    assert result.document.fetch is not None
    assert result.document.fetch.attempts == 2


def test_retry_after_seconds_is_honoured(fetch_server: FetchServer):
    sleeps = Sleeps()
    url = fetch_server.url("/flaky/ra7?fail=1&status=429&retry_after=7")
    result = fetch_one(fetch_server, url, sleeps)
    assert result.ok
    assert result.attempts == 2
    assert sleeps.waits == [7.0]


def test_retry_after_http_date_is_honoured(fetch_server: FetchServer):
    sleeps = Sleeps()
    date = "Wed,%2021%20Oct%202015%2007:28:00%20GMT"  # in the past: retry at once
    url = fetch_server.url(f"/flaky/radate?fail=1&status=503&retry_after={date}")
    assert fetch_one(fetch_server, url, sleeps).ok
    assert sleeps.waits == [0.0]


def test_retry_after_is_capped(fetch_server: FetchServer):
    sleeps = Sleeps()
    url = fetch_server.url("/flaky/racap?fail=1&status=429&retry_after=86400")
    assert fetch_one(fetch_server, url, sleeps, max_backoff=30.0, retry_time=600.0).ok
    assert sleeps.waits == [30.0]


def test_total_retry_time_stops_before_a_long_wait(fetch_server: FetchServer):
    sleeps = Sleeps()
    url = fetch_server.url("/flaky/ratime?fail=1&status=503&retry_after=50")
    result = fetch_one(fetch_server, url, sleeps, max_backoff=100.0, retry_time=20.0)
    assert isinstance(result.error, TransientFetchError)
    assert result.attempts == 1
    assert sleeps.waits == []


# -- redirects ---------------------------------------------------------------------------


def test_redirect_chain_records_final_url(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/redirect/3"))
    assert result.page is not None
    assert result.page.fetch is not None
    assert result.page.fetch.final_url == fetch_server.url("/redirect/0")
    assert result.page.fetch.requested_url == fetch_server.url("/redirect/3")


def test_more_than_ten_redirects_fail(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/redirect/11"))
    assert isinstance(result.error, PermanentFetchError)
    assert "more than 10 redirects" in str(result.error)
    assert fetch_one(fetch_server, fetch_server.url("/redirect/10")).ok


def test_redirect_loop_is_detected(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/loop/a"))
    assert isinstance(result.error, PermanentFetchError)
    assert "redirect loop" in str(result.error)
    assert result.attempts == 1


def test_credentials_do_not_cross_origins_on_redirect(fetch_server: FetchServer):
    target = f"{fetch_server.other}/article/cross"
    url = fetch_server.url(f"/redirect-to?url={target}")
    headers = (("Authorization", "Bearer s3cret"), ("Cookie", "id=1"), ("X-Trace", "t"))
    assert fetch_one(fetch_server, url, headers=headers).ok
    first = fetch_server.state.requests("/redirect-to")[-1].headers
    second = fetch_server.state.requests("/article/cross")[-1].headers
    assert first["authorization"] == "Bearer s3cret"
    assert first["cookie"] == "id=1"
    assert "authorization" not in second
    assert "cookie" not in second
    assert second["x-trace"] == "t"


# -- time limits -------------------------------------------------------------------------


def test_trickling_body_is_cut_at_the_deadline(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/trickle"), deadline=0.7, attempts=1)
    assert isinstance(result.error, TransientFetchError)
    assert "deadline of 0.7 s passed" in str(result.error)


def test_headers_then_silence_is_a_read_timeout(fetch_server: FetchServer):
    # No robots.txt request: it would share the 0.3 s timeout, and on a loaded machine
    # its connect alone can take longer (the page's read timeout is what is tested).
    result = fetch_one(
        fetch_server, fetch_server.url("/silence"), timeout=0.3, attempts=1, obey_robots=False
    )
    assert isinstance(result.error, TransientFetchError)
    assert "read timeout" in str(result.error)


# -- broken bodies -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/short", "/reset"])
def test_body_cut_short_is_transient(fetch_server: FetchServer, path: str):
    result = fetch_one(fetch_server, fetch_server.wire + path, attempts=2, obey_robots=False)
    assert isinstance(result.error, TransientFetchError)
    assert result.attempts == 2
    assert "closed early" in str(result.error) or "broken" in str(result.error)


def test_truncated_gzip_fails(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.wire + "/truncated-gzip", obey_robots=False)
    assert isinstance(result.error, PermanentFetchError)
    assert "truncated compressed body" in str(result.error)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_decompression_bomb_stops_at_the_cap(fetch_server: FetchServer, coding: str):
    result = fetch_one(fetch_server, fetch_server.url(f"/bomb/{coding}"), max_bytes=1024 * 1024)
    assert isinstance(result.error, PermanentFetchError)
    assert "inflates past the cap of 1048576 bytes" in str(result.error)


def test_more_than_two_stacked_encodings_are_refused(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/encoded/stacked"))
    assert isinstance(result.error, PermanentFetchError)
    assert "3 stacked content encodings" in str(result.error)


def test_50_mb_body_is_refused_by_content_length(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/big/length"))
    assert isinstance(result.error, PermanentFetchError)
    assert "body of 52428800 bytes is over the cap" in str(result.error)


def test_50_mb_chunked_body_is_cut_while_streaming(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/big/chunked"))
    assert isinstance(result.error, PermanentFetchError)
    assert "over the cap of 10485760 bytes" in str(result.error)


# -- content types and charsets -----------------------------------------------------------


def test_pdf_is_skipped_for_its_content_type(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/pdf"))
    assert isinstance(result.error, ContentTypeError)
    assert result.skipped
    assert "application/pdf is not HTML" in str(result.error)


@pytest.mark.parametrize(
    ("name", "snippet", "encoding"),
    [
        ("wrong", "Un café crème", "cp1252"),  # header names no real charset: <meta> wins
        ("missing", "Naïve café owners in Zürich", "utf-8"),  # detected
        ("utf16", "日本語の記事", "utf-16-le"),
        ("untyped", "harbour committee", "utf-8"),  # no Content-Type: sniffed as HTML
    ],
)
def test_charsets(fetch_server: FetchServer, name: str, snippet: str, encoding: str):
    result = fetch_one(fetch_server, fetch_server.url(f"/charset/{name}"))
    assert result.document is not None, result.error
    assert snippet in result.document.text
    assert result.document.fetch is not None
    assert result.document.fetch.encoding == encoding


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsupported scheme 'file'"),
        ("ftp://example.com/a", "unsupported scheme 'ftp'"),
        ("example.com/page", "not absolute"),
        ("http://exa mple.com/", "malformed URL"),
        ("http:///nohost", "malformed URL"),
        ("http://nothing.invalid/", "host nothing.invalid not found"),
    ],
)
def test_bad_urls_fail_with_a_reason(fetch_server: FetchServer, url: str, reason: str):
    result = fetch_one(fetch_server, url)
    assert isinstance(result.error, PermanentFetchError)
    assert str(result.error).startswith(url)
    assert reason in str(result.error)


def test_refused_connection_fails(fetch_server: FetchServer, unused_port: int):
    url = f"http://127.0.0.1:{unused_port}/article/x"
    result = fetch_one(fetch_server, url, obey_robots=False)
    assert isinstance(result.error, TransientFetchError)
    assert "Connection refused" in str(result.error)
    assert result.attempts == 3


def test_refused_connection_for_robots_fails_the_page(fetch_server: FetchServer, unused_port):
    result = fetch_one(fetch_server, f"http://127.0.0.1:{unused_port}/article/x")
    assert isinstance(result.error, PermanentFetchError)
    assert not result.skipped
    assert "robots.txt unreachable (cannot connect (Connection refused))" in str(result.error)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- non-public addresses ------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "2130706433", "0x7f.1", "[::1]"])
def test_loopback_is_blocked_by_any_spelling(fetch_server: FetchServer, host: str):
    url = f"http://{host}:{fetch_server.port}/article/blocked-{len(host)}"
    before = len(fetch_server.state.log)
    result = fetch_one(fetch_server, url, allow_private=False)
    assert isinstance(result.error, BlockedAddressError)
    assert "non-public address" in str(result.error)
    assert len(fetch_server.state.log) == before  # not a byte reached the server


def test_redirect_to_non_public_address_is_blocked(fetch_server: FetchServer):
    # 127.0.0.1 plays a public address here, 127.0.0.2 the private one behind it.
    def is_allowed(address: object) -> bool:
        return str(address) == "127.0.0.1"

    target = f"http://127.0.0.2:{fetch_server.port}/article/inside"
    url = fetch_server.url(f"/redirect-to?url={target}")
    result = fetch_one(fetch_server, url, allow_private=False, is_allowed=is_allowed)
    assert isinstance(result.error, BlockedAddressError)
    assert "127.0.0.2" in str(result.error)


def test_redirect_to_non_public_address_is_followed_when_allowed(fetch_server: FetchServer):
    target = f"http://127.1:{fetch_server.port}/article/inside"
    result = fetch_one(fetch_server, fetch_server.url(f"/redirect-to?url={target}"))
    assert result.page is not None
    assert result.page.fetch is not None
    assert result.page.fetch.final_url == target


# -- robots.txt ---------------------------------------------------------------------------


def test_robots_disallow_skips_the_page(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/private/secret"))
    assert isinstance(result.error, RobotsDisallowedError)
    assert result.skipped
    assert result.attempts == 1
    assert fetch_server.state.requests("/private/secret") == []


def test_robots_can_be_ignored(fetch_server: FetchServer):
    assert fetch_one(fetch_server, fetch_server.url("/private/open"), obey_robots=False).ok


def test_robots_is_fetched_once_per_host(fetch_server: FetchServer):
    urls = [fetch_server.url(f"/article/once{i}", "once.test") for i in range(6)]
    assert all(r.ok for r in fetch_all(fetch_server, urls))
    assert fetch_server.state.counts["robots:once"] == 1


def test_robots_for_our_agent_is_obeyed(fetch_server: FetchServer):
    result = fetch_one(fetch_server, fetch_server.url("/article/a", "robots-agent.test"))
    assert isinstance(result.error, RobotsDisallowedError)


def test_missing_robots_allows_all(fetch_server: FetchServer):
    assert fetch_one(fetch_server, fetch_server.url("/article/a", "robots-missing.test")).ok


def test_robots_server_error_is_retried_then_disallows_all(fetch_server: FetchServer):
    urls = [fetch_server.url(f"/article/{i}", "robots-error.test") for i in range(3)]
    results = fetch_all(fetch_server, urls)
    assert all(isinstance(r.error, RobotsDisallowedError) for r in results)
    assert "unreachable (HTTP 500" in str(results[0].error)
    assert fetch_server.state.counts["robots:robots-error"] == 3  # attempts, then cached


def test_robots_beyond_500_kib_is_not_read(fetch_server: FetchServer):
    # Its only Disallow line sits past the first 500 KiB.
    assert fetch_one(fetch_server, fetch_server.url("/article/a", "robots-big.test")).ok


def test_crawl_delay_spaces_requests(fetch_server: FetchServer):
    sleeps = Sleeps()
    urls = [fetch_server.url(f"/article/d{i}", "robots-delay.test") for i in range(3)]
    assert all(r.ok for r in fetch_all(fetch_server, urls, sleeps, per_host=1))
    assert len([w for w in sleeps.waits if w > 5]) >= 2  # 7 s apart, on a fake clock


# -- the async API -------------------------------------------------------------------------


def test_fetch_raises_the_error(fetch_server: FetchServer):
    async def run() -> None:
        async with Fetcher(config(), sleep=Sleeps(), resolver=fetch_server.resolve) as f:
            await f.fetch_page(fetch_server.url("/status/404"))

    with pytest.raises(PermanentFetchError) as info:
        asyncio.run(run())
    assert info.value.status == 404
    assert info.value.url == fetch_server.url("/status/404")


def test_fetch_many_yields_every_url_once(fetch_server: FetchServer):
    urls = [fetch_server.url(f"/article/m{i}", f"h{i % 4}.test") for i in range(12)]
    urls.append(fetch_server.url("/status/404"))
    results = fetch_all(fetch_server, urls, concurrency=4)
    assert [r.index for r in results] == list(range(13))
    assert [r.url for r in results] == urls
    assert sum(r.ok for r in results) == 12


def test_fetch_response_gets_any_resource_politely(fetch_server: FetchServer):
    async def run():
        async with Fetcher(config(), sleep=Sleeps(), resolver=fetch_server.resolve) as f:
            pdf = await f.fetch_response(fetch_server.url("/pdf"))
            flaky = await f.fetch_response(fetch_server.url("/flaky/resp?fail=1"))
            with pytest.raises(RobotsDisallowedError):
                await f.fetch_response(fetch_server.url("/private/feed.xml"))
            return pdf, flaky

    pdf, flaky = asyncio.run(run())
    assert pdf.body.startswith(b"%PDF")
    assert pdf.attempts == 1
    assert flaky.attempts == 2
