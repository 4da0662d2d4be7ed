"""``scraper fetch`` end to end against the real test server on 127.0.0.1."""

from __future__ import annotations

import argparse
import io
import json

import pytest
from fetch_server import FetchServer

from scraper.cli import fetch as fetch_cli
from scraper.config import ExtractConfig
from scraper.exitcodes import ExitCode
from scraper.extraction import extract_page
from scraper.storage import file_name
from scraper.warc import iter_warc_pages

# No real waits: retries back off 0 s, hosts have no delay; 127.0.0.1 must be allowed.
FAST = ["--allow-private", "--delay", "0", "--backoff", "0", "--attempts", "2"]
DOC_KEYS = [
    "url",
    "title",
    "authors",
    "published",
    "modified",
    "site_name",
    "language",
    "description",
    "tags",
    "image",
    "text",
    "source",
    "quality",
    "fetch",
]


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scraper", exit_on_error=False)
    fetch_cli.register(parser.add_subparsers(dest="command", required=True))
    return parser


def run_cli(argv: list[str]) -> int:
    """Parse like ``scraper`` does and run the fetch handler."""
    args = parser().parse_args(["fetch", *argv])
    return int(args.handler(args))


def test_pages_are_written_as_json_with_fetch_info(fetch_server: FetchServer, tmp_path, capsys):
    urls = [fetch_server.url("/article/cli1"), fetch_server.url("/redirect/2")]
    assert run_cli([*urls, "--out", str(tmp_path), *FAST]) == ExitCode.OK
    for url in urls:
        data = json.loads((tmp_path / file_name(url)).read_text("utf-8"))
        assert list(data) == DOC_KEYS
        assert data["source"] == url
        assert data["fetch"]["requested_url"] == url
        assert data["fetch"]["status"] == 200
        assert "harbour committee" in data["text"]
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("fetch: 2 fetched, 0 not modified, 0 skipped")


def test_failures_and_skips_give_one_line_each_and_exit_1(
    fetch_server: FetchServer, tmp_path, capsys
):
    ok, missing = fetch_server.url("/article/cli2"), fetch_server.url("/status/404")
    pdf, private = fetch_server.url("/pdf"), fetch_server.url("/private/cli")
    bad = "ftp://example.com/file"
    code = run_cli([ok, missing, pdf, private, bad, "--out", str(tmp_path), *FAST])
    assert code == ExitCode.SOME_FAILED
    lines = capsys.readouterr().err.strip().splitlines()
    assert f"error: {missing}: HTTP 404 Not Found" in lines
    assert f"skipped: {pdf}: content type application/pdf is not HTML" in lines
    assert f"skipped: {private}: disallowed by robots.txt" in lines
    assert any(line.startswith(f"error: {bad}: unsupported scheme") for line in lines)
    assert lines[-1].startswith(
        "fetch: 1 fetched, 0 not modified, 2 skipped (1 robots, 1 content type), 2 failed"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [file_name(ok)]


def test_retries_are_counted_in_the_summary(fetch_server: FetchServer, tmp_path, capsys):
    url = fetch_server.url("/flaky/cli?fail=1&status=503")
    assert run_cli([url, "--out", str(tmp_path), *FAST]) == ExitCode.OK
    assert ", 1 retries," in capsys.readouterr().err.strip().splitlines()[-1]


def test_urls_from_a_file_and_stdin(fetch_server: FetchServer, tmp_path, monkeypatch):
    one, two = fetch_server.url("/article/list1"), fetch_server.url("/article/list2")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# a comment\n{one}\n\n{one}\n", "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(two + "\n"))
    out = tmp_path / "out"
    assert run_cli(["--urls", str(listing), "--out", str(out), *FAST]) == ExitCode.OK
    assert run_cli(["--urls", "-", "--out", str(out), *FAST]) == ExitCode.OK
    assert sorted(p.name for p in out.iterdir()) == sorted([file_name(one), file_name(two)])


@pytest.mark.parametrize(
    "argv",
    [
        [],  # no URLs at all
        ["http://127.0.0.1/", "--per-host", "0"],
        ["http://127.0.0.1/", "--timeout", "-1"],
        ["http://127.0.0.1/", "--headers", "no colon"],
        ["--urls", "/nonexistent/list.txt"],
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, argv):
    assert run_cli([*argv, "--out", str(tmp_path)]) == ExitCode.USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("scraper fetch: ")


def test_private_addresses_are_refused_without_the_flag(fetch_server: FetchServer, tmp_path):
    url = fetch_server.url("/article/guarded")
    assert run_cli([url, "--out", str(tmp_path), "--delay", "0"]) == ExitCode.SOME_FAILED
    assert list(tmp_path.iterdir()) == []


def test_archive_keeps_raw_responses_for_cleaning_later(fetch_server: FetchServer, tmp_path):
    urls = [fetch_server.url(f"/encoded/{c}") for c in ("gzip", "br")]
    urls.append(fetch_server.url("/charset/wrong"))
    archive = tmp_path / "pages.warc.gz"
    out = tmp_path / "out"
    assert run_cli([*urls, "--out", str(out), "--archive", str(archive), *FAST]) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []
    pages = sorted(iter_warc_pages(archive, max_bytes=1 << 20), key=lambda p: p.source)
    assert [p.url for p in pages] == sorted(urls)
    for page in pages:
        again = extract_page(page, ExtractConfig())
        saved = json.loads((out / file_name(page.source)).read_text("utf-8"))
        assert again.text == saved["text"]


def test_archive_keeps_every_response_redirects_errors_and_refusals(
    fetch_server: FetchServer, tmp_path
):
    from warcio.archiveiterator import ArchiveIterator

    paths = ["/redirect/2", "/status/404", "/pdf", "/flaky/warc?fail=1"]
    archive = tmp_path / "all.warc.gz"
    argv = [*(fetch_server.url(p) for p in paths), "--out", str(tmp_path / "out")]
    assert run_cli([*argv, "--archive", str(archive), *FAST]) == ExitCode.SOME_FAILED
    records = []
    with open(archive, "rb") as handle:
        for record in ArchiveIterator(handle):
            uri = record.rec_headers.get_header("WARC-Target-URI")
            path = uri.removeprefix(fetch_server.base)
            status = int(record.http_headers.get_statuscode())
            cut = record.rec_headers.get_header("WARC-Truncated")
            records.append((path, status, cut, record.content_stream().read()))
    kept = sorted((path, status, cut) for path, status, cut, _ in records)
    assert kept == [
        ("/flaky/warc?fail=1", 200, None),
        ("/flaky/warc?fail=1", 503, None),
        ("/pdf", 200, "length"),  # refused on its content type: headers only
        ("/redirect/0", 200, None),
        ("/redirect/1", 302, None),
        ("/redirect/2", 302, None),
        ("/robots.txt", 200, None),
        ("/status/404", 404, None),
    ]
    bodies = {(path, status): body for path, status, _, body in records}
    assert bodies[("/status/404", 404)] == b"<html><body><p>status page</p></body></html>"
    assert bodies[("/pdf", 200)] == b""
    assert bodies[("/robots.txt", 200)].startswith(b"User-agent")
    # Cleaning the archive again takes the successful HTML pages only.
    pages = iter_warc_pages(archive, max_bytes=1 << 20)
    expected = [fetch_server.url("/flaky/warc?fail=1"), fetch_server.url("/redirect/0")]
    assert sorted(p.url for p in pages) == expected


def test_ctrl_c_leaves_whole_files_and_exits_130(fetch_server: FetchServer, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    done = fetch_server.url("/article/before-interrupt")
    slow = [fetch_server.url(f"/trickle?{i}") for i in range(3)]
    archive = tmp_path / "a.warc.gz"
    argv = [sys.executable, "-m", "scraper", "fetch", done, *slow, "--out", str(tmp_path)]
    argv += ["--archive", str(archive), *FAST, "--deadline", "20"]
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not (tmp_path / file_name(done)).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == ExitCode.INTERRUPTED
    assert err.strip().splitlines()[-1].startswith("fetch interrupted: 1 fetched")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([file_name(done), "a.warc.gz"])  # no .tmp- leftovers
    assert [p.url for p in iter_warc_pages(archive, max_bytes=1 << 20)] == [done]


# A value unlike the default for every FetchConfig field, as a job file would hold it.
JOB_FILE_FETCH = """
concurrency = 7
per_host = 3
delay = 0.5
timeout = 4
deadline = 30.5
max_bytes = 2048
attempts = 2
retry_time = 9
backoff = 0.25
max_backoff = 5
max_redirects = 3
user_agent = "test-agent/1"
obey_robots = false
allow_private = true
http2 = false
headers = { "X-Token" = "abc", "Accept-Language" = "fr" }
"""
SAME_AS_FLAGS = [
    *["--concurrency", "7", "--per-host", "3", "--delay", "0.5", "--timeout", "4"],
    *["--deadline", "30.5", "--max-bytes", "2048", "--attempts", "2", "--retry-time", "9"],
    *["--backoff", "0.25", "--max-backoff", "5", "--max-redirects", "3"],
    *["--user-agent", "test-agent/1", "--no-obey-robots", "--allow-private", "--no-http2"],
    *["--headers", "X-Token:abc", "--headers", "Accept-Language: fr"],
]


def test_every_fetch_setting_is_a_flag_named_after_its_field(capsys):
    from dataclasses import fields

    from scraper.fetching import FetchConfig

    with pytest.raises(SystemExit):
        parser().parse_args(["fetch", "--help"])
    shown = capsys.readouterr().out
    for field in fields(FetchConfig):
        assert f"--{field.name.replace('_', '-')} " in shown or (
            f"--{field.name.replace('_', '-')}," in shown  # --obey-robots, --no-obey-robots
        )
    assert "[fetch] table" in shown
    assert "per_host = 2" in shown


def test_a_flag_and_the_job_file_key_of_the_same_name_give_the_same_config():
    import tomllib
    from dataclasses import fields

    from scraper.fetching import FetchConfig

    table = tomllib.loads(JOB_FILE_FETCH)
    assert sorted(table) == sorted(f.name for f in fields(FetchConfig))
    from_file = FetchConfig.from_mapping(table)
    args = parser().parse_args(["fetch", "--out", "x", *SAME_AS_FLAGS])
    assert fetch_cli._config(args) == from_file
    defaults = FetchConfig()
    assert all(getattr(from_file, f.name) != getattr(defaults, f.name) for f in fields(FetchConfig))


def test_out_dash_writes_json_lines_to_stdout(
    fetch_server: FetchServer, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    urls = [fetch_server.url("/article/stdout1"), fetch_server.url("/article/stdout2")]
    assert run_cli([*urls, "--out", "-", *FAST]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert sorted(json.loads(line)["url"] for line in lines) == sorted(urls)
    assert list(tmp_path.iterdir()) == []  # no folder named "-"


@pytest.mark.parametrize("fmt", ["md", "html", "xml", "csv", "txt", "jsonl"])
def test_format_applies_to_files_and_stdout_alike(fetch_server: FetchServer, tmp_path, capsys, fmt):
    url = fetch_server.url(f"/article/format-{fmt}")
    assert run_cli([url, "--out", str(tmp_path), "--format", fmt, *FAST]) == ExitCode.OK
    written = (tmp_path / file_name(url, suffix=f".{fmt}")).read_bytes().decode()
    assert f"Article format-{fmt}" in written
    capsys.readouterr()
    assert run_cli([url, "--out", "-", "--format", fmt, *FAST]) == ExitCode.OK
    streamed = capsys.readouterr().out
    if fmt == "jsonl":  # fetched again: only the time of the fetch differs
        assert json.loads(streamed)["text"] == json.loads(written)["text"]
    else:
        assert streamed == written


def test_a_url_without_a_scheme_suggests_https_and_exits_2(tmp_path, capsys):
    assert run_cli(["example.com/story", "--out", str(tmp_path)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "example.com/story: no scheme; did you mean https://example.com/story ?" in err
    assert list(tmp_path.iterdir()) == []


def test_dedup_and_target_language_skip_and_count(fetch_server: FetchServer, tmp_path, capsys):
    urls = [fetch_server.url("/article/same-1"), fetch_server.url("/article/same-2")]
    assert run_cli([*urls, "--out", str(tmp_path), "--dedup", *FAST]) == ExitCode.OK
    assert len(list(tmp_path.iterdir())) == 1  # the same article text under two URLs
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("fetch: 1 fetched, 0 not modified, 1 skipped (0 robots,")
    assert ", 1 duplicate)" in err[-1]
    url = fetch_server.url("/article/english")
    assert run_cli([url, "--out", str(tmp_path / "de"), "--target-language", "de", *FAST]) == 0
    assert not any((tmp_path / "de").glob("*"))  # (the folder is made before fetching)
    assert f"skipped: {url}: language en, not de" in capsys.readouterr().err
