"""Two jobs sharing one output folder, and the modes of the files scraper writes.

A job's start-up sweep removes only its own leftover temporary files (it used to delete
the file another job was writing, which stopped that job's run); documents and
runs.jsonl get the mode the umask gives (mkstemp made them all 0600)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli
from fetch_server import FetchServer
from jobs_helpers import child_env, run, write_small_job

from scraper.exitcodes import ExitCode
from scraper.storage import owned_temp_prefix


def test_a_job_sweeps_only_its_own_temporary_files(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    job = write_small_job(tmp_path, [fetch_server.url("/article/shared-out")])
    out = tmp_path / "out"
    out.mkdir()
    mine = out / f"{owned_temp_prefix('small')}stale.part"  # left by a killed run
    others = [
        out / f"{owned_temp_prefix('other-job')}inflight.part",  # another job, writing
        out / f"{owned_temp_prefix('small-2')}inflight.part",  # a name that starts alike
        out / ".tmp-k3j2h1g0.part",  # scraper clean or fetch, writing
    ]
    for path in [mine, *others]:
        path.write_bytes(b"half a document")
    assert run(job).exit_code == ExitCode.OK
    assert not mine.exists()
    assert all(path.read_bytes() == b"half a document" for path in others)


# A process that appends COUNT run reports of job JOB to PATH, once both processes are
# ready (each makes PATH.JOB.ready, then waits for the other's), so that they overlap.
_APPENDER = """
import sys, time
from pathlib import Path
from scraper.jobs.report import Outcome, RunReport
path, job, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
path.with_name(f"{path.name}.{job}.ready").touch()
deadline = time.monotonic() + 30
while len(list(path.parent.glob("*.ready"))) < 2 and time.monotonic() < deadline:
    time.sleep(0.001)
for run_id in range(count):
    RunReport(job, run_id, "start", "end", Outcome.OK, 0.0).append_to(path)
"""


def test_two_jobs_appending_to_one_runs_jsonl_at_once_keep_every_line(tmp_path: Path) -> None:
    """Each append rewrites the file (no torn line on a full disk); two processes doing
    that at once, unlocked, each dropped lines the other had just written."""
    path, count = tmp_path / "runs.jsonl", 40
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, str(path), job, str(count)], env=child_env()
        )
        for job in ("one", "two")
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for job in ("one", "two"):
        assert [line["run_id"] for line in lines if line["job"] == job] == list(range(count))
    assert len(lines) == 2 * count


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask")
def test_clean_writes_documents_with_the_umask_mode(tmp_path: Path) -> None:
    page = str(FIXTURES / "02_wordpress_amp.html")
    assert run_cli(["clean", page, "--out", str(tmp_path)]).code == ExitCode.OK
    assert _mode(tmp_path / "02_wordpress_amp.json") == 0o640


@pytest.mark.usefixtures("umask")
def test_jobs_write_documents_and_runs_jsonl_with_the_umask_mode(
    fetch_server: FetchServer, tmp_path: Path
) -> None:
    job = write_small_job(tmp_path, [fetch_server.url("/article/modes")])
    assert run(job).exit_code == ExitCode.OK
    written = [p for p in (tmp_path / "out").iterdir() if p.suffix in (".json", ".jsonl")]
    assert "runs.jsonl" in {p.name for p in written}
    assert len(written) == 2
    assert {_mode(p) for p in written} == {0o640}


@pytest.mark.usefixtures("umask")
def test_the_warc_archive_gets_the_umask_mode(tmp_path: Path) -> None:
    from scraper.warc import WarcArchive

    with WarcArchive(tmp_path / "raw.warc.gz"):
        pass
    assert _mode(tmp_path / "raw.warc.gz") == 0o640
