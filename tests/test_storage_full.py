"""A disk that fills up, a quota, a read-only remount or lost permission while `scraper
clean` or `scraper fetch` writes: exit 2 ("a person must act"), one line naming the
path, the summary, no traceback, no half-written file. (Exit 1 means "some inputs
failed", which the documented alerting does not page anyone for.) A problem of one
input alone (a name too long) stays that input's failure, exit 1.

Real small filesystems (tmpfs) where the test may mount them; an injected ``fsync``
that fails with each errno everywhere."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli
from disks import remount, tmpfs
from fetch_server import FetchServer
from jobs_helpers import run, write_small_job

from scraper.exitcodes import ExitCode

PAGE = FIXTURES / "02_wordpress_amp.html"
FAST = ["--allow-private", "--delay", "0", "--backoff", "0", "--attempts", "1"]
LASTING = [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES]


def _inputs(folder: Path, count: int = 20) -> Path:
    folder.mkdir()
    for n in range(count):
        shutil.copy(PAGE, folder / f"page-{n:02}.html")
    return folder


def _fsync_fails_after(monkeypatch: pytest.MonkeyPatch, good: int, code: int) -> None:
    """``os.fsync`` works ``good`` times (the folder probe and the first documents),
    then fails with ``code`` as the disk would."""
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > good:
            raise OSError(code, os.strerror(code))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _assert_stopped(err: str, out: Path, reason: str, summary: str) -> None:
    assert "Traceback" not in err
    stopped = [line for line in err.splitlines() if reason in line]
    assert len(stopped) == 1, err  # said once, not once per input that follows
    assert str(out) in stopped[0]
    assert stopped[0].endswith("; run stopped")
    assert err.splitlines()[-1].startswith(summary), err
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary file left
    for document in out.rglob("*.json"):  # every document written is whole
        json.loads(document.read_text("utf-8"))


# -- scraper clean -------------------------------------------------------------------------


def test_clean_onto_a_disk_that_fills_up_stops_with_exit_2(tmp_path: Path) -> None:
    pages = _inputs(tmp_path / "pages")
    with tmpfs(tmp_path / "out", "size=32k") as out:
        result = run_cli(["clean", str(pages), "--out", str(out), "--no-learn", "--jobs", "1"])
        _assert_stopped(result.stderr, out, "No space left on device", "stopped: cleaned ")
        assert 0 < len(list(out.glob("*.json"))) < 20
    assert result.code == ExitCode.USAGE


@pytest.mark.parametrize("code", LASTING, ids=errno.errorcode.get)
def test_clean_stops_with_exit_2_when_the_output_cannot_take_more(
    code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, out = _inputs(tmp_path / "pages"), tmp_path / "out"
    _fsync_fails_after(monkeypatch, 1 + 3, code)  # the probe, then three documents
    result = run_cli(["clean", str(pages), "--out", str(out), "--no-learn", "--jobs", "1"])
    assert result.code == ExitCode.USAGE
    _assert_stopped(result.stderr, out, os.strerror(code), "stopped: cleaned 3,")
    assert len(list(out.glob("*.json"))) == 3


def test_a_name_too_long_fails_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, out = _inputs(tmp_path / "pages", 3), tmp_path / "out"
    _fsync_fails_after(monkeypatch, 1, errno.ENAMETOOLONG)
    result = run_cli(["clean", str(pages), "--out", str(out), "--no-learn", "--jobs", "1"])
    assert result.code == ExitCode.SOME_FAILED
    assert result.stderr.count(os.strerror(errno.ENAMETOOLONG)) == 3
    assert "stopped" not in result.stderr


# -- scraper fetch -------------------------------------------------------------------------


def _urls(server: FetchServer, count: int = 20) -> list[str]:
    return [server.url(f"/article/full-{n:02}") for n in range(count)]


def test_fetch_onto_a_disk_that_fills_up_stops_with_exit_2(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "out", "size=32k") as out:
        result = run_cli(["fetch", *_urls(fetch_server), "--out", str(out), *FAST])
        _assert_stopped(result.stderr, out, "No space left on device", "fetch stopped: ")
        assert 0 < len(list(out.glob("*.json"))) < 20
    assert result.code == ExitCode.USAGE


@pytest.mark.parametrize("code", LASTING, ids=errno.errorcode.get)
def test_fetch_stops_with_exit_2_when_the_output_cannot_take_more(
    code: int, fetch_server: FetchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _fsync_fails_after(monkeypatch, 1 + 3, code)
    result = run_cli(
        ["fetch", *_urls(fetch_server), "--out", str(out), *FAST, "--concurrency", "1"]
    )
    assert result.code == ExitCode.USAGE
    _assert_stopped(result.stderr, out, os.strerror(code), "fetch stopped: 3 fetched")
    assert len(list(out.glob("*.json"))) == 3


def test_fetch_with_its_archive_on_a_full_disk_stops_with_exit_2(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "raw", "size=16k") as raw:
        archive = raw / "raw.warc.gz"
        args = ["fetch", *_urls(fetch_server, 30), "--out", str(tmp_path / "out"), *FAST]
        result = run_cli([*args, "--archive", str(archive)])
    assert result.code == ExitCode.USAGE, result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if str(archive) in line], result.stderr
    assert result.stderr.splitlines()[-1].startswith("fetch stopped: ")


# -- scraper status ------------------------------------------------------------------------


def test_status_of_a_state_it_cannot_open_exits_2_naming_it(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    job = write_small_job(tmp_path, [fetch_server.url("/article/status-ro")])
    with tmpfs(tmp_path / "out", "size=4m") as out:
        assert run(job).exit_code == ExitCode.OK
        remount(out, "ro")  # SQLite cannot make the files it reads a WAL database with
        result = run_cli(["status", str(job)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper: {out / 'state.sqlite'}: cannot open state database"
        " (unable to open database file)\n"
    )
