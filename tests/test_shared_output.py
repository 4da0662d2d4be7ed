"""Two jobs sharing one output folder, and the modes of the files scraper writes.

A job's start-up sweep removes only its own leftover temporary files (it used to delete
the file another job was writing, which stopped that job's run); documents and
runs.jsonl get the mode the umask gives (mkstemp made them all 0600)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli
from fetch_server import FetchServer
from jobs_helpers import run, write_small_job

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
