"""Crash safety, for real: a child process running the job is SIGKILLed, SIGINTed, or
raced by a second run, and the state and the output folder must stay whole."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from jobs_helpers import child_env, run, saved_documents, scraper_command, wait_for, write_job
from news_site import N, NewsSite, serve

from scraper.exitcodes import ExitCode


@pytest.fixture
def site():
    with serve(NewsSite(slow=0.01)) as running:
        yield running


def start(job) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        scraper_command("run", str(job)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=job.parent,
    )


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc: Linux)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it ended while we looked
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def documents(out) -> int:
    return len(list(out.glob("*.json"))) if out.exists() else 0


def assert_whole(tmp_path, site) -> None:
    out = tmp_path / "out"
    assert saved_documents(out) == {site.url(f"/article/{n}"): 1 for n in range(1, N + 1)}
    assert not [p.name for p in out.iterdir() if p.name.startswith(".tmp-")]
    db = sqlite3.connect(tmp_path / "state" / "test-news.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    counts = dict(db.execute("SELECT status, COUNT(*) FROM urls GROUP BY status").fetchall())
    assert counts == {"saved": N, "duplicate": 4, "skipped": 1}
    db.close()


@pytest.mark.parametrize("kill_at", [1, 20, 45])
def test_sigkill_part_way_then_rerun_saves_each_article_once(site, tmp_path, kill_at):
    job = write_job(tmp_path, site)
    # Each article answers in 50 ms, and the last article the run asks for waits until
    # released: however slowly this test runs beside others, the run saves at most 49
    # articles and cannot end before the kill lands.
    site.slow = 0.05
    site.hold_last()
    child = start(job)
    try:
        # The cleaning processes exist once a document is out; they are listed before
        # the wait for the kill, so the listing cannot delay the kill past the run's end.
        assert wait_for(lambda: documents(tmp_path / "out") >= 1 or child.poll() is not None)
        workers = children(child.pid)
        assert wait_for(lambda: documents(tmp_path / "out") >= kill_at or child.poll() is not None)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
        assert child.stderr is not None
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert workers, "the run had started no cleaning process"
    # The run's workers do not outlive it: no orphans pile up, run after killed run.
    assert wait_for(lambda: not any(alive(pid) for pid in workers), limit=10)
    assert documents(tmp_path / "out") < N
    site.release()
    site.slow = 0.0
    report = run(job)
    assert report.exit_code == ExitCode.OK
    assert_whole(tmp_path, site)
    runs = sqlite3.connect(tmp_path / "state" / "test-news.sqlite").execute(
        "SELECT outcome FROM runs ORDER BY id"
    )
    assert [r[0] for r in runs.fetchall()] == ["killed", "ok"]


def test_second_run_at_once_is_refused_with_75_touching_nothing(site, tmp_path):
    job = write_job(tmp_path, site)
    site.hold()
    first = start(job)
    try:
        assert wait_for(lambda: bool(site.hits("/article/")))
        state = (tmp_path / "state" / "test-news.sqlite").read_bytes()
        second = subprocess.run(
            scraper_command("run", str(job)),
            capture_output=True,
            timeout=60,
            env=child_env(),
            cwd=tmp_path,
        )
        assert second.returncode == ExitCode.LOCKED
        assert b"job 'test-news' is already running" in second.stderr
        assert (tmp_path / "state" / "test-news.sqlite").read_bytes() == state
    finally:
        site.release()
        first.wait(timeout=60)
        assert first.stderr is not None
        first.stderr.close()
    assert first.returncode == ExitCode.OK
    lines = (tmp_path / "out" / "runs.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == 1


def test_ctrl_c_stops_cleanly_with_130_and_rerun_finishes(site, tmp_path):
    job = write_job(tmp_path, site)
    site.hold()
    child = start(job)
    try:
        assert wait_for(lambda: bool(site.hits("/article/")))
        child.send_signal(signal.SIGINT)
        child.wait(timeout=30)
    finally:
        site.release()
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        assert child.stderr is not None
        child.stderr.close()
    assert child.returncode == ExitCode.INTERRUPTED
    last = json.loads((tmp_path / "out" / "runs.jsonl").read_text("utf-8").splitlines()[-1])
    assert last["outcome"] == "interrupted"
    assert run(job).exit_code == ExitCode.OK
    assert_whole(tmp_path, site)
