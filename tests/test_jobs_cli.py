"""``scraper run`` and ``scraper status`` as commands: exit statuses and messages."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from jobs_helpers import write_job
from news_site import N, NewsSite, serve
from rich.console import Console

from scraper.cli import main
from scraper.exitcodes import ExitCode
from scraper.jobs.state import COUNTS, RunRow, UrlRow
from scraper.jobs.status import JobStatus


@pytest.fixture
def site():
    with serve(NewsSite()) as running:
        yield running


def test_check_validates_without_fetching(site, tmp_path, capsys):
    job = write_job(tmp_path, site)
    assert main(["run", "--check", str(job)]) == ExitCode.OK
    assert "ok (job 'test-news', 2 sources)" in capsys.readouterr().out
    assert site.hits() == []
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "state").exists()


def test_bad_job_file_exits_2_naming_file_line_and_key(site, tmp_path, capsys):
    job = write_job(tmp_path, site, fetch="per_hots = 2")
    line = job.read_text().splitlines().index("per_hots = 2") + 1
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert f"{job}:{line}: [fetch] unknown key 'per_hots'" in err
    assert len(err.splitlines()) == 1
    assert site.hits() == []


@pytest.mark.parametrize("check", [["--check"], []], ids=["check", "run"])
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('feed = "http', 'feed = "htp', "[[source]] #1 'feed' is not a valid URL: 'htp://"),
        ("sitemap = ", "sitemaps = ", "[[source]] #2 unknown key 'sitemaps'"),
        ('sitemap = "http://', 'sitemap = "http://bad..host', "(bad host 'bad..host"),
        ("retry_backoff = 0", "retry_backof = 0", "[job] unknown key 'retry_backof'"),
        ("delay = 0", "delay = -1", "[fetch] 'delay' must not be negative"),
        ("delay = 0", "dealy.x = 0", "[fetch] unknown key 'dealy'"),
    ],
    ids=["bad-url", "unknown-source-key", "bad-host", "unknown-job-key", "bad-value", "dotted"],
)
def test_job_file_mistake_gives_file_line_and_exit_2_fetching_nothing(
    site, tmp_path, capsys, check, old, new, message
):
    job = write_job(tmp_path, site)
    text = job.read_text("utf-8")
    assert old in text
    job.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(i for i, t in enumerate(job.read_text().splitlines(), 1) if new.strip() in t)
    assert main(["run", *check, str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"scraper: {job}:{line}: ")
    assert message in err
    assert site.hits() == []
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "state").exists()


def test_missing_job_file_exits_2(tmp_path, capsys):
    assert main(["run", "--check", str(tmp_path / "nope.toml")]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        f"scraper: {tmp_path / 'nope.toml'}: cannot read job file: No such file or directory\n"
    )
    assert not (tmp_path / "out").exists()


def put_state(tmp_path, content: bytes | None = None) -> bytes:
    path = tmp_path / "state" / "test-news.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE customers (name TEXT)")
        db.commit()
        db.close()
    else:
        path.write_bytes(content)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n" * 300, "not an SQLite database"),
        (None, "not a scraper job state"),
        (b"SQLite format 3\x00" + b"\xff" * 8000, "corrupt"),
    ],
)
def test_bad_state_file_is_refused_not_overwritten(site, tmp_path, capsys, content, message):
    before = put_state(tmp_path, content)
    job = write_job(tmp_path, site)
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert message in err
    assert "test-news.sqlite" in err
    assert (tmp_path / "state" / "test-news.sqlite").read_bytes() == before
    assert site.hits() == []


def test_status_shows_counts_runs_and_failures(site, tmp_path, capsys):
    site.broken.add(9)
    job = write_job(tmp_path, site)  # backoff = 0: the fetcher's retries do not wait
    assert main(["run", str(job)]) == ExitCode.SOME_FAILED
    err = capsys.readouterr().err
    assert "/article/9: HTTP 503" in err
    assert "(will retry)" in err
    assert err.splitlines()[-1].startswith("test-news: failed: discovered 55, new 49,")
    assert main(["status", "--json", str(job)]) == ExitCode.OK
    status = json.loads(capsys.readouterr().out)
    assert status["counts"] == {"duplicate": 4, "retry": 1, "saved": N - 1, "skipped": 1}
    assert [r["outcome"] for r in status["runs"]] == ["failed"]
    assert status["failing"][0]["url"] == site.url("/article/9")
    assert main(["status", str(job)]) == ExitCode.OK  # stdout is not a terminal here
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"test-news: 55 URLs ({tmp_path / 'state' / 'test-news.sqlite'})"
    assert "  retry: 1" in lines
    assert lines[lines.index("last runs:") + 1].startswith("  run 1 started ")
    failing = lines[lines.index("URLs that keep failing:") + 1]
    url = site.url("/article/9")
    assert failing.startswith(f"  {url} (retry, 1 attempts, next try 20")
    assert f"Z): {url}: HTTP 503" in failing


def test_status_before_any_run(site, tmp_path, capsys):
    assert main(["status", str(write_job(tmp_path, site))]) == ExitCode.USAGE
    assert "has not run yet" in capsys.readouterr().err


def test_status_tables_fit_an_80_column_terminal(tmp_path):
    many = dict.fromkeys(COUNTS, 12345)
    run = RunRow(1, "2025-03-01T09:00:00+00:00", "2025-03-01T09:01:00+00:00", "interrupted", many)
    url = "https://example.com/news/2025/03/01/" + "a-long-slug-" * 6
    failing = UrlRow(url, "retry", 3, f"{url}: HTTP 503", None, None, None, None, None)
    state = tmp_path / "state" / "world-news.sqlite"
    status = JobStatus("world-news", state, {"saved": 120, "retry": 1}, (run,), (failing,))
    console = Console(width=80, file=io.StringIO(), force_terminal=False)
    console.print(*status.tables())
    lines = console.file.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0] == "world-news: URLs by status"  # the heading on one line
    assert str(state) in "".join(line.strip() for line in lines[1:4])
    assert "…" not in "".join(lines)  # nothing cut short: headers and values whole
    row = next(line for line in lines if line.lstrip().startswith("1 "))
    assert row.split() == ["1", "2025-03-01", "09:00", "interrupted", *["12345"] * 5]
