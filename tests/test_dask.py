"""`scraper clean --dask` on a real Dask cluster: a scheduler and two worker processes.

Every run is compared with a local `scraper clean` of the same inputs: the same files
with the same bytes, the same error lines, the same counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clean_helpers import FIXTURES, CliResult, run_cli, write_warc
from news_site import attribute_flood
from scale_servers import files, local_cluster, within

distributed = pytest.importorskip("distributed")

from scraper.cleaning import plan_inputs  # noqa: E402
from scraper.config import ExtractConfig  # noqa: E402
from scraper.errors import ConfigError  # noqa: E402
from scraper.learning.folder import LearnOptions  # noqa: E402
from scraper.scale.tasks import plan_tasks, run_task  # noqa: E402
from scraper.storage import file_name  # noqa: E402

ARTICLE = (FIXTURES / "02_wordpress_amp.html").read_bytes()
# Hang guards, not timings: a run that stopped making progress (a task lost and never
# retried, a worker waiting on a dead one) would otherwise wait forever.
BOUND = 120.0  # seconds any one run may take on a loaded 2-core machine
# A run that loses a worker also waits for Dask to notice and reschedule its tasks, on
# a machine where a new worker process takes tens of seconds to import its modules.
KILLED_BOUND = 300.0


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster: one scheduler and two single-threaded worker processes (daemonic,
    Dask's default: their cleaning pools start plain subprocesses)."""
    with local_cluster(2) as local:
        yield local


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures, a WARC of three responses, and two inputs that fail."""
    folder = tmp_path_factory.mktemp("dask") / "in"
    shutil.copytree(FIXTURES, folder)
    write_warc(
        folder / "crawl.warc.gz",
        [
            ("https://ex.org/a", "text/html; charset=utf-8", ARTICLE),
            ("https://ex.org/report.pdf", "application/pdf", b"%PDF-1.7 ..."),
            ("https://ex.org/b", "text/html", ARTICLE.replace(b"Saltmarsh", b"Eastmarsh")),
        ],
    )
    (folder / "zz_bogus.warc.gz").write_bytes(b"not a warc at all")
    (folder / "zz_binary.html").write_bytes(bytes(range(256)) * 40)
    return folder


@pytest.fixture(scope="module")
def local_lines(inputs: Path) -> str:
    """What a local run prints for ``inputs`` with ``--out -``: JSON Lines, input order."""
    result = run_cli(["clean", str(inputs), "--out", "-", "--jobs", "1"])
    assert result.code == 1
    return result.stdout


def _lines(result: CliResult) -> list[str]:
    """stderr without the summary line and without progress lines."""
    lines = result.stderr.splitlines()[:-1]
    return [line for line in lines if not line.startswith(("cleaning: ", "tasks: "))]


def _with_documents(inputs: Path, files_per_task: int) -> list[int]:
    """The tasks that give a shard: all but the bogus WARC's (it gives no document)."""
    tasks = plan_tasks(plan_inputs([str(inputs)]), files_per_task)
    return [t.index for t in tasks if t.jobs[0].path != inputs / "zz_bogus.warc.gz"]


def _summary_counts(result: CliResult) -> str:
    return result.stderr.splitlines()[-1].split(" in ")[0]


@contextlib.contextmanager
def _nobody_listening() -> Iterator[str]:
    """An address on 127.0.0.1 where nothing listens (a port bound, never listening)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"tcp://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.slow  # a cluster run or two: seconds on a quiet machine
def test_output_is_byte_identical_to_a_local_run(cluster: Any, inputs: Path, tmp_path: Path):
    learned = ["--learn", str(tmp_path / "local.toml")]
    local = run_cli(
        ["clean", str(inputs), "--out", str(tmp_path / "local"), "--jobs", "1", *learned]
    )
    args = ["clean", str(inputs), "--out", str(tmp_path / "dask"), "--task-files", "4"]
    args += ["--learn", str(tmp_path / "dask.toml"), "--dask", cluster.scheduler_address]
    dask = within(BOUND, lambda: run_cli(args))
    assert (dask.code, local.code) == (1, 1)  # the two bad inputs
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert {f"crawl/{file_name(u)}" for u in ("https://ex.org/a", "https://ex.org/b")} <= set(
        files(tmp_path / "dask")
    )
    assert _lines(dask) == _lines(local)
    assert [line for line in _lines(dask) if "zz_" in line] == [
        line for line in _lines(local) if "zz_" in line
    ]
    assert sum("zz_" in line for line in _lines(dask)) == 2
    assert _summary_counts(dask) == _summary_counts(local)
    assert ", failed 2, learned " in _summary_counts(local)  # the two bad inputs
    # Learning saw the same pages on the cluster: the same rules file.
    assert (tmp_path / "dask.toml").read_text() == (tmp_path / "local.toml").read_text()
    tasks = plan_tasks(plan_inputs([str(inputs)]), 4)
    assert dask.stderr.splitlines()[-1].endswith(f" on {len(tasks)} tasks")
    # Progress is shown by task, both passes (learning's, then the writing one), in
    # plain lines off a terminal (from 20 tasks up).
    progress = [line for line in dask.stderr.splitlines() if line.startswith("tasks: ")]
    assert 2 * len(tasks) >= 20
    assert len(progress) >= 2
    done = [int(line.split()[1].split("/")[0]) for line in progress]
    assert done == sorted(set(done))
    assert {line.split("/")[1] for line in progress} == {str(2 * len(tasks))}


def test_jsonl_shards_are_the_local_runs_and_hold_its_json_lines_in_order(
    cluster: Any, inputs: Path, local_lines: str, tmp_path: Path
):
    """``--format jsonl`` means one shard per task with and without --dask: the same
    files, the same bytes; concatenated, what a local run prints to stdout."""
    args = ["clean", str(inputs), "--format", "jsonl", "--task-files", "8"]
    out, here = tmp_path / "shards", tmp_path / "local"
    dask = within(
        BOUND, lambda: run_cli([*args, "--out", str(out), "--dask", cluster.scheduler_address])
    )
    local = run_cli([*args, "--out", str(here), "--jobs", "2"])
    assert (dask.code, local.code) == (1, 1)
    names = sorted(files(out))
    assert names == [f"part-{i:05d}.jsonl" for i in _with_documents(inputs, 8)]
    assert files(out) == files(here)
    assert _lines(dask) == _lines(local)
    joined = b"".join(files(out)[name] for name in names).decode("utf-8")
    assert joined == local_lines


def test_the_target_language_skips_the_same_documents_on_the_cluster(
    cluster: Any, inputs: Path, tmp_path: Path
):
    args = ["clean", str(inputs), "--target-language", "de", "--no-learn"]
    dask = within(
        BOUND,
        lambda: run_cli([*args, "--out", str(tmp_path / "d"), "--dask", cluster.scheduler_address]),
    )
    local = run_cli([*args, "--out", str(tmp_path / "l"), "--jobs", "2"])
    assert (dask.code, local.code) == (1, 1)
    skipped = [line for line in _lines(dask) if line.startswith("skipped: ")]
    assert len(skipped) > 10  # the fixtures are mostly English
    assert _lines(dask) == _lines(local)
    assert files(tmp_path / "d") == files(tmp_path / "l")
    assert _summary_counts(dask) == _summary_counts(local)
    assert f", skipped {len(skipped)}, " in _summary_counts(dask)


def test_dedup_is_refused_with_dask(tmp_path: Path):
    args = ["clean", str(FIXTURES), "--out", str(tmp_path), "--dedup"]
    result = run_cli([*args, "--dask", "tcp://127.0.0.1:1"])
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "scraper clean: error: --dedup needs one process to see every document: not with --dask"
    ]


@pytest.mark.slow  # a cluster run or two: seconds on a quiet machine
def test_parquet_shards_to_an_fsspec_url_hold_every_document(
    cluster: Any, inputs: Path, local_lines: str, tmp_path: Path
):
    pq = pytest.importorskip("pyarrow.parquet")
    url = (tmp_path / "pq").as_uri()  # file:///...: written through fsspec
    args = ["clean", str(inputs), "--out", url, "--format", "parquet", "--task-files", "10"]
    first = within(BOUND, lambda: run_cli([*args, "--dask", cluster.scheduler_address]))
    assert first.code == 1, first.stderr
    shards = sorted((tmp_path / "pq").iterdir())
    assert [p.name for p in shards] == [
        f"part-{i:05d}.parquet" for i in _with_documents(inputs, 10)
    ]
    rows = [row for shard in shards for row in pq.read_table(shard).to_pylist()]
    docs = [json.loads(line) for line in local_lines.splitlines()]
    nested = {key for doc in docs for key, value in doc.items() if isinstance(value, dict)}
    for row in rows:  # nested objects (``quality``, ``fetch``) are columns of JSON text
        row.update({key: json.loads(row[key]) for key in nested if row[key] is not None})
    assert rows == docs
    local = run_cli([*args[:3], str(tmp_path / "here"), *args[4:], "--jobs", "2"])
    assert local.code == 1
    assert files(tmp_path / "here") == files(tmp_path / "pq")  # the same shards locally
    before = files(tmp_path / "pq")
    again = within(BOUND, lambda: run_cli([*args, "--dask", cluster.scheduler_address]))
    assert again.code == 1
    assert files(tmp_path / "pq") == before  # the same bytes: a retry overwrites in place


@pytest.mark.slow  # a cluster run or two: seconds on a quiet machine
def test_a_worker_killed_mid_run_costs_a_retry_and_no_document(cluster: Any, tmp_path: Path):
    import scraper.dask

    folder = tmp_path / "in"  # 31 inputs: 16 tasks of two, learning's pass and the writing one
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("sites"))
    local = run_cli(["clean", str(folder), "--out", "-", "--jobs", "1"])
    tasks = plan_tasks(plan_inputs([str(folder)]), 2)
    killed: list[list[str]] = []

    with distributed.Client(cluster, set_as_default=False) as client:
        pids = client.run(os.getpid)

        progress: list[int] = []

        def kill_a_busy_worker() -> None:
            """Once the writing pass has begun (learning's pass came first), kill a
            worker that is writing."""
            progress.append(1)
            if killed or len(progress) <= len(tasks):
                return
            for worker, keys in sorted(client.processing().items()):
                writing = [key for key in keys if str(key).startswith("scraper-clean-")]
                if writing:
                    killed.append(writing)
                    os.kill(pids[worker], signal.SIGKILL)
                    return

        report = within(
            KILLED_BOUND,
            lambda: scraper.dask.clean(
                [str(folder)],
                str(tmp_path / "out"),
                client=client,
                fmt="jsonl",
                files_per_task=2,
                learn=LearnOptions(),  # as the CLI's default
                on_progress=kill_a_busy_worker,
            ),
        )
    assert killed, "no worker was killed while writing"
    assert report.cleaned + report.empty == len(local.stdout.splitlines())
    assert report.failed == 0
    out = tmp_path / "out"
    names = sorted(files(out))
    assert names == [f"part-{t.index:05d}.jsonl" for t in tasks]  # no temporary file left
    assert b"".join(files(out)[name] for name in names).decode("utf-8") == local.stdout


@pytest.mark.slow  # the flood page is cleaned until its time limit runs out
def test_a_page_stuck_in_the_parser_is_abandoned_at_the_time_limit_on_a_worker(
    cluster: Any, tmp_path: Path
):
    """One <div> with 100,000 attributes holds lexbor for minutes and cannot be
    interrupted: the worker's cleaning pool kills the process it is in and goes on,
    as a local run does, in both passes (learning's and the writing one)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):  # small pages: under any load they clean well within the limit
        (folder / f"story-{n}.html").write_bytes(ARTICLE.replace(b"Saltmarsh", b"Marsh%d" % n))
    (folder / "flood.html").write_text(attribute_flood())
    args = ["clean", str(folder), "--out", str(tmp_path / "out"), "--time-limit", "5"]
    on_dask = within(BOUND, lambda: run_cli([*args, "--dask", cluster.scheduler_address]))
    local = run_cli([*args[:3], str(tmp_path / "local"), *args[4:], "--jobs", "2"])
    assert (on_dask.code, local.code) == (1, 1)
    flood = str(folder / "flood.html")
    [line] = _lines(on_dask)
    assert line.startswith(f"{flood}: time limit of 5s ran out; cleaning abandoned after ")
    assert line.endswith("s (its process was killed and replaced)")
    assert [line for line in _lines(local) if "story" in line] == []
    assert len(_lines(local)) == 1
    assert _lines(local)[0].startswith(f"{flood}: time limit of 5s ran out; cleaning abandoned")
    assert sorted(files(tmp_path / "out")) == [f"story-{n}.json" for n in range(4)]
    assert files(tmp_path / "out") == files(tmp_path / "local")
    assert _summary_counts(on_dask) == _summary_counts(local)
    assert _summary_counts(on_dask).startswith("cleaned 4, empty 0, failed 1")


def test_parquet_needs_a_folder(tmp_path: Path):
    result = run_cli(["clean", str(FIXTURES), "--out", "-", "--format", "parquet"])
    assert result.code == 2
    assert result.stderr.strip().splitlines() == [
        "scraper clean: error: --format parquet writes shards to a folder: not with --out -"
    ]


def test_out_dash_is_refused_with_dask():
    result = run_cli(["clean", str(FIXTURES), "--out", "-", "--dask", "tcp://127.0.0.1:1"])
    assert result.code == 2
    assert "--out must be a folder or a URL" in result.stderr


def test_an_unreachable_scheduler_is_one_line_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import scraper.dask

    monkeypatch.setattr(scraper.dask, "CONNECT_TIMEOUT", 1.0)
    with _nobody_listening() as address:
        result = run_cli(["clean", str(FIXTURES), "--out", str(tmp_path), "--dask", address])
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"scraper clean: error: {address}: cannot reach the Dask scheduler")
    assert list(tmp_path.iterdir()) == []


def test_tasks_are_runs_of_files_and_one_warc_each(inputs: Path):
    jobs = plan_inputs([str(inputs)])
    tasks = plan_tasks(jobs, files_per_task=8)
    assert [job for t in tasks for job in t.jobs] == jobs  # every input once, in order
    assert [t.index for t in tasks] == list(range(len(tasks)))
    for task in tasks:
        warcs = [job.warc for job in task.jobs]
        assert warcs == [True] or (not any(warcs) and 1 <= len(warcs) <= 8)
    assert sum(task.jobs[0].warc for task in tasks) == 2
    with pytest.raises(ConfigError):
        plan_tasks(jobs, files_per_task=0)


def test_a_worker_with_another_version_refuses_to_write(tmp_path: Path):
    task = plan_tasks(plan_inputs([str(FIXTURES / "02_wordpress_amp.html")]), 1)[0]
    with pytest.raises(ConfigError, match="a worker runs scraper"):
        run_task(task, ExtractConfig(), "json", str(tmp_path), version="0.0.0-other")
    assert list(tmp_path.iterdir()) == []


def test_a_shard_that_cannot_be_written_fails_its_documents_in_one_line(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.html").write_bytes(ARTICLE.replace(b"Saltmarsh", b"Marsh%d" % n))
    out = tmp_path / "out"
    (out / "part-00000.jsonl").mkdir(parents=True)  # a folder in the first shard's way
    args = ["clean", str(folder), "--out", str(out), "--format", "jsonl", "--task-files", "2"]
    result = run_cli([*args, "--no-learn", "--jobs", "1"])
    assert result.code == 1
    [line] = _lines(result)
    assert line.startswith(f"{folder / 'story-0.html'} and 1 more: ")
    assert "cannot write" in line
    assert _summary_counts(result) == "cleaned 1, empty 0, failed 2"
    assert sorted(files(out)) == ["part-00001.jsonl"]  # and no temporary file
