"""Credentials in URLs are used, and never written or printed: documents, error lines,
summaries, the WARC archive, runs.jsonl and `scraper status` show the URL without them."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pytest
from clean_helpers import run_cli
from fetch_server import FetchServer
from jobs_helpers import write_small_job

from scraper.credentials import redact
from scraper.errors import PermanentFetchError
from scraper.formats import FORMATS, render
from scraper.model import Document, FetchInfo

SECRET = "s3cret-pw"
FAST = ["--allow-private", "--delay", "0", "--backoff", "0", "--attempts", "1"]


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://reader:{SECRET}@", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://user:pw@host/a", "http://host/a"),
        ("error: https://token@host:8080/a?b=c: 404", "error: https://host:8080/a?b=c: 404"),
        ("see ftp://u:p@h/x and http://v:q@i/y", "see ftp://h/x and http://i/y"),
        ("http://host/@user/post?to=a@b.org", "http://host/@user/post?to=a@b.org"),
        ("mail me at someone@example.org", "mail me at someone@example.org"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_error_messages_never_show_credentials() -> None:
    url = f"http://reader:{SECRET}@example.com/a"
    error = PermanentFetchError(f"{url}: 404 Not Found", url=url, status=404)
    assert str(error) == "http://example.com/a: 404 Not Found"
    assert error.url == url  # the context keeps the URL whole, for programs


def _written(folder: Path) -> str:
    """Everything under ``folder`` as text, archives unpacked."""
    texts = []
    for path in folder.rglob("*"):
        # Not the job's state database: it keeps URLs as the job file gives them.
        if path.is_file() and not path.name.startswith("state.sqlite"):
            data = path.read_bytes()
            texts.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode())
    return "\n".join(texts)


def test_fetch_uses_credentials_and_never_writes_or_prints_them(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    ok = with_credentials(fetch_server.url("/article/private-one"))
    missing = with_credentials(fetch_server.url("/status/404"))
    out = tmp_path / "out"
    archive = tmp_path / "raw.warc.gz"
    result = run_cli(["fetch", ok, missing, "--out", str(out), "--archive", str(archive), *FAST])
    assert result.code == 1  # the 404
    sent = [seen.headers.get("authorization") for seen in fetch_server.state.log]
    assert "Basic " + base64.b64encode(f"reader:{SECRET}".encode()).decode() in sent
    assert f"{fetch_server.url('/status/404')}: " in result.stderr
    written = _written(tmp_path)
    assert fetch_server.url("/article/private-one") in written
    for where in (result.stdout, result.stderr, written):
        assert SECRET not in where
        assert "reader:" not in where


def test_jobs_never_write_or_print_credentials(fetch_server: FetchServer, tmp_path: Path) -> None:
    ok = with_credentials(fetch_server.url("/article/job-one"))
    missing = with_credentials(fetch_server.url("/status/404"))
    job = write_small_job(tmp_path, [ok, missing])
    result = run_cli(["run", str(job)])
    assert result.code == 1
    status = run_cli(["status", str(job)])
    status_json = run_cli(["status", "--json", str(job)])
    assert fetch_server.url("/status/404") in status.stdout
    out = _written(tmp_path / "out")
    assert fetch_server.url("/article/job-one") in out
    for where in (result.stderr, status.stdout, status_json.stdout, out):
        assert SECRET not in where
        assert "reader:" not in where


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_output_format_shows_credentials(fmt: str) -> None:
    url = f"https://reader:{SECRET}@example.com/story"
    info = FetchInfo(requested_url=url, final_url=url, status=200, fetched_at="2025-01-01")
    doc = Document(text="Body.", url=url, source=url, image=url + ".jpg", title="T", fetch=info)
    rendered = render(doc, fmt)
    assert fmt == "txt" or "example.com/story" in rendered  # txt has the title and text only
    assert SECRET not in rendered
    assert "reader" not in rendered
