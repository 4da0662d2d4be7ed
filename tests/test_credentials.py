"""Credentials in URLs are used, and never written or printed: documents, error lines,
summaries, the WARC archive, runs.jsonl and `scraper status` show the URL without them."""

from __future__ import annotations

import base64
import gzip
import sqlite3
from pathlib import Path

import pytest
from clean_helpers import run_cli
from fetch_server import FetchServer
from jobs_helpers import run, write_job, write_small_job
from news_site import NewsSite, serve

from scraper.credentials import Credentials, redact
from scraper.errors import PermanentFetchError
from scraper.formats import FORMATS, render
from scraper.jobs.migrations import APPLICATION_ID, MIGRATIONS
from scraper.jobs.state import StateStore
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
    """Everything under ``folder`` as text, archives unpacked, the job's state database
    (and its write-ahead log) byte for byte, but not the job file the test wrote."""
    texts = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix != ".toml":
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            texts.append(data.decode("utf-8", "replace"))
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
    assert "state.sqlite" in {p.name for p in (tmp_path / "out").iterdir()}
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


def test_credentials_are_given_back_by_origin() -> None:
    logins = Credentials.of(["http://a:1@Example.com/feed", "https://t@example.com:8443/x"])
    assert logins.attach("http://example.com:80/page") == "http://a:1@example.com:80/page"
    assert logins.attach("https://example.com:8443/y") == "https://t@example.com:8443/y"
    assert logins.attach("https://example.com/y") == "https://example.com/y"  # other port
    assert logins.attach("http://other.example/") == "http://other.example/"
    assert logins.attach("http://b:2@example.com/") == "http://b:2@example.com/"


def _state_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*.sqlite*") if p.is_file())


def _site_job(tmp_path: Path, site: NewsSite) -> Path:
    job = write_job(tmp_path, site)
    job.write_text(job.read_text().replace("http://", f"http://reader:{SECRET}@"))
    return job


def test_a_job_on_a_protected_site_logs_in_for_every_page_and_stores_no_password(
    tmp_path: Path,
) -> None:
    """The feed and sitemap list their pages without a login; the state stores every
    URL without one; yet each page, and each page again on the next run, is fetched with
    the login the job file gives for the site."""
    auth = "Basic " + base64.b64encode(f"reader:{SECRET}".encode()).decode()
    with serve(NewsSite(count=6)) as site:
        job = _site_job(tmp_path, site)
        assert run(job).new == 6
        assert run(job, revalidate=True).not_modified == 6
        hits = [h for h in site.hits() if h.path != "/robots.txt"]
    assert {h.authorization for h in hits} == {auth}
    assert len([h for h in hits if h.path.startswith("/article/")]) >= 12
    assert SECRET.encode() not in _state_bytes(tmp_path)
    assert b"reader" not in _state_bytes(tmp_path)


def _old_state(path: Path, url: str) -> None:
    """A state database as scraper wrote it before migration 7: URLs with their login."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:6]:
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 6")
    plain = redact(url)
    rows = [
        (url, "saved", "a.json", url, None, url),
        (url + "/gone", "failed", None, None, f"{url}/gone: HTTP 404", url),
        (plain + "/both", "pending", None, None, None, url),  # stored with and without
        (url + "/both", "pending", None, None, None, url),
    ]
    db.executemany(
        "INSERT INTO urls (url, status, file, canonical, last_error, source, first_seen,"
        " last_seen) VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')",
        rows,
    )
    db.execute("INSERT INTO sources VALUES (?, 'feed', NULL, 0, 'x', 1)", (url + "/feed",))
    db.execute("INSERT INTO site_pages VALUES ('example.com', ?, 1, '[]')", (url,))
    db.close()


def test_an_older_state_loses_the_passwords_it_stored(tmp_path: Path) -> None:
    url = f"https://reader:{SECRET}@example.com/a"
    path = tmp_path / "state.sqlite"
    _old_state(path, url)
    assert SECRET.encode() in _state_bytes(tmp_path)
    with StateStore.open(path) as state:
        saved = state.get("https://example.com/a")
        assert saved is not None
        assert (saved.status, saved.file) == ("saved", "a.json")  # its file is kept
        both = state.get("https://example.com/a/both")
        assert both is not None
        assert both.status == "pending"
        assert state.counts() == {"failed": 1, "pending": 1, "saved": 1}
    assert SECRET.encode() not in _state_bytes(tmp_path)
    assert b"reader" not in _state_bytes(tmp_path)


@pytest.mark.parametrize("how", [["--feed", "/feed.xml"], ["--crawl", "/"]])
def test_fetch_logs_in_for_the_pages_a_feed_or_a_crawl_finds(
    how: list[str], tmp_path: Path
) -> None:
    auth = "Basic " + base64.b64encode(f"reader:{SECRET}".encode()).decode()
    with serve(NewsSite(count=2)) as site:  # articles 1 and 2 are not flaky
        start = with_credentials(site.url(how[1]))
        args = ["fetch", how[0], start, "--max-pages", "5", "--out", str(tmp_path), *FAST]
        result = run_cli(args)
        hits = [h for h in site.hits() if h.path != "/robots.txt"]
    assert result.code in (0, 1), result.stderr  # the crawl meets a link that is a 404
    assert len([h for h in hits if h.path.startswith("/article/")]) == 2
    assert {h.authorization for h in hits} == {auth}
    assert SECRET not in result.stderr + result.stdout + _written(tmp_path)
