"""SIGTERM and SIGHUP, for real: `kill` sent to a running `scraper run`, `clean` and
`fetch` must stop them the way Ctrl-C does (summary, run recorded as interrupted,
nothing half-written, no process or semaphore left behind), with 143 or 129."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from clean_helpers import FIXTURES
from fetch_server import FetchServer
from jobs_helpers import child_env, run, scraper_command, wait_for, write_job
from news_site import NewsSite, serve
from test_jobs_crash import alive, assert_whole, children, documents

from scraper.cli.signals import StopSignals
from scraper.exitcodes import ExitCode
from scraper.storage import ctrl_c_deferred, file_name

STOPS = [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP)]
NAMES = ["SIGTERM", "SIGHUP"]
# Seconds a command may take to stop after one signal; past it these tests fail. The
# systemd examples' TimeoutStopSec must leave it room (tests/test_exit_docs.py).
STOP_LIMIT = 20


@pytest.fixture(autouse=True)
def _hangup_as_from_a_terminal() -> Iterator[None]:
    """The commands start with SIGHUP's default action, as from a terminal. A suite run
    under ``nohup`` ignores SIGHUP, and children inherit that: scraper then rightly
    leaves SIGHUP alone (``scraper/cli/signals.py``), and the SIGHUP tests would fail."""
    if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)


def popen(args: list[str], cwd: Path, command: list[str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command or scraper_command(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=cwd,
        start_new_session=True,  # its own process group, as a shell's job has
    )


def stop(child: subprocess.Popen[str], signum: int) -> str:
    """Send ``signum`` once, and the stderr of a child that stopped by itself.

    SIGHUP goes to the whole process group, as when the terminal closes (the cleaning
    processes get it too); SIGTERM to the process alone, as `kill PID` sends it.
    """
    try:
        if signum == signal.SIGHUP:
            os.killpg(child.pid, signum)
        else:
            child.send_signal(signum)
        _, stderr = child.communicate(timeout=STOP_LIMIT)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=20)
    return stderr


def assert_no_leftovers(stderr: str, folder: Path) -> None:
    assert "Traceback" not in stderr, stderr
    assert "leaked semaphore" not in stderr, stderr
    assert not [p.name for p in folder.rglob(".tmp-*")]


@pytest.mark.parametrize(("signum", "code"), STOPS, ids=NAMES)
def test_kill_stops_scraper_run_like_ctrl_c(tmp_path: Path, signum: int, code: int) -> None:
    with serve(NewsSite(slow=0.05)) as site:
        job = write_job(tmp_path, site)
        child = popen(["run", str(job)], tmp_path)
        out = tmp_path / "out"
        # Killed once documents are out: the cleaning processes are running.
        assert wait_for(lambda: documents(out) >= 3 or child.poll() is not None)
        workers = children(child.pid)
        stderr = stop(child, signum)
        assert child.returncode == code, stderr
        assert workers, "the run had started no cleaning process"
        assert wait_for(lambda: not any(alive(pid) for pid in workers), limit=10)
        assert_no_leftovers(stderr, tmp_path)
        assert stderr.strip().splitlines()[-1].startswith("test-news: interrupted: ")
        last = json.loads((out / "runs.jsonl").read_text("utf-8").splitlines()[-1])
        assert last["outcome"] == "interrupted"
        db = sqlite3.connect(tmp_path / "state" / "test-news.sqlite")
        assert db.execute("SELECT outcome FROM runs").fetchall() == [("interrupted",)]
        db.close()
        site.slow = 0.0
        assert run(job).exit_code == ExitCode.OK
        assert_whole(tmp_path, site)


# `cmd &` in a shell script starts the command with SIGINT ignored (so do some
# supervisors): Ctrl-C must then do nothing, and SIGTERM and SIGHUP still stop it.
IGNORING_CTRL_C = (
    "import os, signal, sys\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'scraper', *sys.argv[1:]])\n"
)


def _save_when(signum: int, path: Path) -> None:
    """A save (held interrupts) during which ``signum`` arrives."""
    with ctrl_c_deferred():
        signal.raise_signal(signum)
        path.write_text("whole")  # the block still ends


def test_a_stop_signal_during_a_save_is_held_not_lost_with_ctrl_c_ignored(tmp_path: Path) -> None:
    """The save holds the interrupt until its rename; a SIGTERM handed over in it used to
    be dropped with the held Ctrl-C the process ignores, and the run went on to the end."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with StopSignals() as stop, pytest.raises(KeyboardInterrupt):
            _save_when(signal.SIGTERM, tmp_path / "saved")
        assert stop.exit_code(ExitCode.INTERRUPTED) == 143
        with StopSignals():
            _save_when(signal.SIGINT, tmp_path / "saved")  # Ctrl-C itself stays ignored
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
    assert (tmp_path / "saved").read_text() == "whole"


@pytest.mark.parametrize("ctrl_c", ["default", "ignored"])
@pytest.mark.parametrize(("signum", "code"), STOPS, ids=NAMES)
def test_kill_stops_scraper_clean_like_ctrl_c(
    tmp_path: Path, signum: int, code: int, ctrl_c: str
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    article = (FIXTURES / "02_wordpress_amp.html").read_bytes()
    for n in range(600):
        (src / f"page{n:04}.html").write_bytes(article)
    # --no-learn: documents are written from the first page on (learning writes
    # nothing until its first pass has read all 600 pages)
    args = ["clean", str(src), "--out", str(out), "--jobs", "2", "--no-learn"]
    if ctrl_c == "ignored":
        child = popen(args, tmp_path, command=[sys.executable, "-c", IGNORING_CTRL_C, *args])
    else:
        child = popen(args, tmp_path)
    assert wait_for(lambda: documents(out) >= 20 or child.poll() is not None)
    stderr = stop(child, signum)
    assert child.returncode == code, stderr
    assert 20 <= documents(out) < 600
    for path in out.glob("*.json"):
        json.loads(path.read_text("utf-8"))  # whole, parseable
    assert_no_leftovers(stderr, tmp_path)
    assert stderr.strip().splitlines()[-1].startswith("interrupted: cleaned ")


@pytest.mark.parametrize(("signum", "code"), STOPS, ids=NAMES)
def test_kill_stops_scraper_fetch_like_ctrl_c(
    fetch_server: FetchServer, tmp_path: Path, signum: int, code: int
) -> None:
    done = fetch_server.url("/article/before-kill")
    slow = [fetch_server.url(f"/trickle?{i}") for i in range(3)]
    args = ["fetch", done, *slow, "--out", str(tmp_path / "out"), "--allow-private"]
    child = popen([*args, "--delay", "0", "--deadline", "20"], tmp_path)
    assert wait_for(lambda: (tmp_path / "out" / file_name(done)).exists() or bool(child.poll()))
    stderr = stop(child, signum)
    assert child.returncode == code, stderr
    assert_no_leftovers(stderr, tmp_path)
    assert stderr.strip().splitlines()[-1].startswith("fetch interrupted: 1 fetched")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [file_name(done)]


# A command whose stop is slow (it goes on for 30 s after the first signal): only a
# second signal can end it before then.
SLOW_STOP = textwrap.dedent(
    """
    import sys, time
    from scraper.cli.signals import StopSignals
    with StopSignals() as stop:
        try:
            print("ready", flush=True)
            time.sleep(30)
        except KeyboardInterrupt:
            print("stopping", flush=True)
            time.sleep(30)
    sys.exit(stop.exit_code(130))
    """
)


@pytest.mark.parametrize(("signum", "code"), STOPS, ids=NAMES)
def test_second_signal_ends_at_once(signum: int, code: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_STOP],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        child.send_signal(signum)
        assert child.stdout.readline() == "stopping\n"
        child.send_signal(signal.SIGTERM)
        _, stderr = child.communicate(timeout=10)  # far less than the 30 s of the stop
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=10)
    assert child.returncode == code
    assert "stopped at once" in stderr
