"""Storage problems of a job: a full disk, an `out` that is a file, a read-only folder.

Each is one line naming the path and exit status 2 ("a person must act"), never 1 and
never a traceback; found before the first request when it is there from the start, and
with the summary still printed when it happens during the run.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess

import pytest
from disks import fill, remount, tmpfs
from jobs_helpers import child_env, saved_documents, scraper_command, write_job
from news_site import N, NewsSite, serve

from scraper.cli import main
from scraper.exitcodes import ExitCode
from scraper.jobs.state import StateStore


@pytest.fixture
def site():
    with serve(NewsSite()) as running:
        yield running


def run_command(job) -> subprocess.CompletedProcess[str]:
    """The real command in a child process: its exit status and stderr as a user sees them."""
    return subprocess.run(
        scraper_command("run", str(job)),
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=job.parent,
        timeout=120,
        check=False,
    )


def assert_one_line_naming(err: str, path) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if str(path) in line]
    assert lines, err


def assert_no_temporary_files(folder) -> None:
    assert not list(folder.glob(".tmp-*")), list(folder.iterdir())
    assert not list(folder.glob(".scraper-probe-*"))


# -- found before the first request ------------------------------------------------------


def test_out_that_is_a_file_exits_2_before_any_request(site, tmp_path, capsys):
    (tmp_path / "out").write_text("not a folder\n")
    job = write_job(tmp_path, site)
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == (
        f"scraper: {tmp_path / 'out'}: the output folder (out) is not a folder"
        " (a file is in the way)\n"
    )
    assert site.hits() == []


def test_state_that_is_a_folder_exits_2_before_any_request(site, tmp_path, capsys):
    (tmp_path / "state" / "test-news.sqlite").mkdir(parents=True)
    job = write_job(tmp_path, site)
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"scraper: {tmp_path / 'state' / 'test-news.sqlite'}: the state database is a folder,"
        " not a file"
    ]
    assert site.hits() == []


def test_read_only_out_exits_2_before_any_request(site, tmp_path, capsys):
    with tmpfs(tmp_path / "out", "size=1m,ro"):
        assert main(["run", str(write_job(tmp_path, site))]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        f"scraper: {tmp_path / 'out'}: the output folder (out) is not writable:"
        " Read-only file system\n"
    )
    assert site.hits() == []


def test_read_only_state_folder_exits_2_before_any_request(site, tmp_path, capsys):
    with tmpfs(tmp_path / "state", "size=1m,ro"):
        assert main(["run", str(write_job(tmp_path, site))]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        f"scraper: {tmp_path / 'state'}: the state database's folder is not writable:"
        " Read-only file system\n"
    )
    assert site.hits() == []


def test_full_output_disk_from_the_start_exits_2_before_any_request(site, tmp_path, capsys):
    with tmpfs(tmp_path / "out", "size=64k") as out:
        fill(out, 0)
        job = write_job(tmp_path, site)
        assert main(["run", str(job)]) == ExitCode.USAGE
        assert_no_temporary_files(out)
    err = capsys.readouterr().err
    assert err == (
        f"scraper: {out}: the output folder (out) is not writable: No space left on device\n"
    )
    assert site.hits() == []


# -- found during the run ----------------------------------------------------------------


def test_output_disk_filling_up_stops_the_run_naming_page_with_summary_and_exit_2(
    site, tmp_path, capsys
):
    job = write_job(tmp_path, site)
    with tmpfs(tmp_path / "out", "size=64k") as out:
        assert main(["run", str(job)]) == ExitCode.USAGE
        err = capsys.readouterr().err
        assert "Traceback" not in err
        stopped = [line for line in err.splitlines() if "No space left on device" in line]
        assert stopped[0].startswith(f"{out}/")
        assert f"(page {site.url('/article/')}" in stopped[0]
        assert stopped[0].endswith("; run stopped")
        assert any("not recorded in runs.jsonl" in line for line in stopped)
        summary = err.splitlines()[-1]
        assert summary.startswith("test-news: stopped: discovered 55, new ")
        assert_no_temporary_files(out)
        for document in out.glob("*.json"):  # every document whole
            json.loads(document.read_text("utf-8"))
        saved_before = len(list(out.glob("*.json")))
        assert 0 < saved_before < N

        remount(out, "size=4m")  # the disk is freed: the next run finishes the work
        assert main(["run", str(job)]) == ExitCode.OK
        assert set(saved_documents(out).values()) == {1}
        assert len(saved_documents(out)) == N
        runs = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
        assert [r["outcome"] for r in runs] == ["ok"]  # the stopped run could not write here
    with sqlite3.connect(tmp_path / "state" / "test-news.sqlite") as db:
        outcomes = db.execute("SELECT outcome FROM runs ORDER BY id").fetchall()
    assert outcomes == [("stopped",), ("ok",)]


def test_state_disk_filling_up_stops_the_run_with_one_line_and_exit_2(site, tmp_path):
    job = write_job(tmp_path, site)
    state = tmp_path / "state" / "test-news.sqlite"
    with tmpfs(tmp_path / "state", "size=2m") as folder:
        StateStore.open(state).close()  # the state exists; then the disk fills up
        fill(folder, 96 * 1024)
        done = run_command(job)
        assert done.returncode == ExitCode.USAGE, done.stderr
        assert "Traceback" not in done.stderr
        full = [line for line in done.stderr.splitlines() if "no space left on device" in line]
        assert full[0].startswith(f"{state}: cannot write state database: no space left")
        assert full[0].endswith("; run stopped")
        assert done.stderr.splitlines()[-1].startswith("test-news: stopped: discovered 55, ")
        runs = (tmp_path / "out" / "runs.jsonl").read_text().splitlines()
        assert [json.loads(r)["outcome"] for r in runs] == ["stopped"]

        (folder / "filler").unlink()  # room again: the state is whole and the job goes on
        assert main(["run", str(job)]) == ExitCode.OK
        with sqlite3.connect(state) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert set(saved_documents(tmp_path / "out").values()) == {1}
    assert len(saved_documents(tmp_path / "out")) == N


# -- without a small filesystem: an injected writer that fails with ENOSPC --------------


def test_injected_enospc_on_a_document_stops_the_run_with_exit_2(
    site, tmp_path, capsys, monkeypatch
):
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync_then_full(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 6:  # two folder probes and four documents fit; then it is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_then_full)
    job = write_job(tmp_path, site)
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    stopped = next(line for line in err.splitlines() if "No space left on device" in line)
    assert f"(page {site.url('/article/')}" in stopped
    assert err.splitlines()[-1].startswith("test-news: stopped: ")
    assert len(list((tmp_path / "out").glob("*.json"))) == 4
    assert_no_temporary_files(tmp_path / "out")
