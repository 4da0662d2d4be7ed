"""``scraper clean --format jsonl|parquet --out DIR`` on one machine: the shards a Dask run writes.

    [CleanJob] ──run_clean (the local pool)──▶ JSON Lines ──cut by task──▶ DIR/part-00000.jsonl

The shard formats mean the same with and without ``--dask``: one file per task of
``--task-files`` inputs (a WARC file is a task of its own), ``part-<task>.jsonl`` or
``.parquet``, cut by the same plan (``plan_tasks``), so a local run and a cluster run
write the same files with the same bytes. The local run cleans as any other (one
``run_clean``, learning included); its JSON Lines go to a buffer, and each time the
last input of a task is done (``run_clean`` calls ``on_progress`` once per input,
after its documents), the buffer becomes that task's shard, written whole (temporary
file, then rename) by the writer Dask workers use (``scraper.scale.output``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from scraper.cleaning import CleanJob, CleanReport, run_clean
from scraper.config import ExtractConfig
from scraper.errors import StorageError
from scraper.learning.folder import LearnOptions
from scraper.scale.output import Output, shard_data, shard_name
from scraper.scale.tasks import Task, plan_tasks

__all__ = ["clean_to_shards"]


@dataclass
class _Cutter:
    """Cuts the run's JSON Lines into one shard per task as the inputs finish."""

    tasks: list[Task]
    out: Output
    fmt: str
    on_message: Callable[[str], None] | None
    on_progress: Callable[[], None] | None
    buffer: io.StringIO = field(default_factory=io.StringIO)
    task: int = 0  # the task whose inputs are being cleaned
    done: int = 0  # its inputs done so far
    lost: list[dict[str, object]] = field(default_factory=list)  # in shards not written

    def input_done(self) -> None:
        self.done += 1
        if self.done == len(self.tasks[self.task].jobs):
            self._write(self.tasks[self.task])
            self.task, self.done = self.task + 1, 0
        if self.on_progress is not None:
            self.on_progress()

    def _write(self, task: Task) -> None:
        lines = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        if not lines:  # no document (every input failed): no shard, as on Dask
            return
        try:
            self.out.put(shard_name(task.index, self.fmt), shard_data(lines, self.fmt))
        except StorageError as exc:
            self.lost += [json.loads(line) for line in lines.splitlines()]
            if exc.stops:  # a full or read-only disk: run_clean stops the run (exit 2)
                raise
            if self.on_message is not None:
                self.on_message(f"{task.label}: {exc}")


def clean_to_shards(
    jobs: list[CleanJob],
    out: str,
    *,
    config: ExtractConfig,
    fmt: str,
    files_per_task: int,
    processes: int | None = None,
    learn: LearnOptions | None = None,
    on_message: Callable[[str], None] | None = None,
    on_progress: Callable[[], None] | None = None,
) -> CleanReport:
    """Clean ``jobs`` locally into ``out`` as ``fmt`` shards (``jsonl``, ``parquet``),
    one per task of ``files_per_task`` inputs; documents of a shard that cannot be
    written count as failed (one line naming the task)."""
    tasks = plan_tasks(jobs, files_per_task)
    cutter = _Cutter(tasks, Output(out), fmt, on_message, on_progress)
    report = run_clean(
        jobs,
        config=config,
        out=None,
        stdout=cutter.buffer,
        fmt="jsonl",
        processes=processes,
        on_message=on_message,
        on_progress=cutter.input_done,
        learn=learn,
    )
    return _less(report, cutter.lost)


def _less(report: CleanReport, lost: Sequence[dict[str, object]]) -> CleanReport:
    """The report with the documents of unwritten shards counted as failed."""
    if not lost:
        return report
    empty = sum(not doc.get("text") for doc in lost)
    return replace(
        report,
        cleaned=report.cleaned - (len(lost) - empty),
        empty=report.empty - empty,
        failed=report.failed + len(lost),
    )
