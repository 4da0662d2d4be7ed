"""The summary of one run: a typed record, a table for people, a JSON line for machines.

Job.run() ──▶ RunReport ──▶ table on a terminal, one line in out/runs.jsonl
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rich.table import Table

from scraper.credentials import redact
from scraper.errors import StorageError
from scraper.exitcodes import ExitCode
from scraper.jobs.lock import writer_lock
from scraper.storage import TEMP_PREFIX, atomic_write

__all__ = ["COUNTS", "REQUESTS", "Outcome", "RunReport"]


class Outcome(StrEnum):
    """How a run ended, as recorded in the runs table and ``runs.jsonl``."""

    RUNNING = "running"  # in the runs table only, while the run goes on
    OK = "ok"  # every page and source handled
    FAILED = "failed"  # some pages or sources failed; the rest was saved
    STOPPED = "stopped"  # a storage problem (full disk, unwritable folder) stopped the run
    INTERRUPTED = "interrupted"  # Ctrl-C or a stop signal
    KILLED = "killed"  # found still running by the next run: the process died


# Outcome ──▶ exit status of `scraper run`.
_EXIT = {
    Outcome.OK: ExitCode.OK,
    Outcome.FAILED: ExitCode.SOME_FAILED,
    Outcome.STOPPED: ExitCode.USAGE,
    Outcome.INTERRUPTED: ExitCode.INTERRUPTED,
}

# The counts of a run, in the order they are shown.
COUNTS = (
    "discovered",
    "new",
    "updated",
    "not_modified",
    "duplicates",
    "skipped",
    "failed",
    "retried",
    "requests",
)


# What ``requests`` counts, said wherever the figure is shown. The fetcher reports
# attempts per URL, not requests on the wire: robots.txt fetches are its own and are
# not reported, a redirect adds requests within one attempt, and a URL refused by
# robots.txt is one attempt that sent nothing. The bench counts on the server side.
REQUESTS = "fetch attempts for pages, feeds and sitemaps; robots.txt not counted"


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one run of a job did.

    ``discovered``: distinct URLs the sources listed that passed the filter;
    ``new``: pages saved for the first time; ``updated``: saved pages whose text changed
    on revalidation; ``not_modified``: revalidated and unchanged (304 or same text);
    ``duplicates``: same canonical URL or text as a page already saved; ``skipped``:
    filtered out, refused by robots.txt or not HTML; ``failed``: pages that failed this
    run (retried later or failed for good); ``retried``: pages fetched again after an
    earlier failure; ``requests``: fetch attempts for pages, feeds and sitemaps, retries
    included, robots.txt not counted (see ``REQUESTS``).
    ``outcome`` is ``ok``, ``failed`` (some pages or sources failed), ``stopped`` (a
    storage problem stopped the run; ``errors`` names the path) or ``interrupted``.
    """

    job: str
    run_id: int
    started_at: str
    finished_at: str
    outcome: Outcome
    seconds: float
    discovered: int = 0
    new: int = 0
    updated: int = 0
    not_modified: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    requests: int = 0
    errors: tuple[str, ...] = ()  # sources that could not be read, storage problems
    health: tuple[str, ...] = ()  # one line per site whose figures fell sharply

    @property
    def exit_code(self) -> ExitCode:
        code = _EXIT.get(self.outcome, ExitCode.SOME_FAILED)
        return ExitCode.SITE_HEALTH if code == ExitCode.OK and self.health else code

    def counts(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in COUNTS}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [redact(error) for error in self.errors]  # also in runs.jsonl
        data["health"] = list(self.health)
        return data

    def to_json(self) -> str:
        """One line, keys in a fixed order: the same report gives the same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def summary(self) -> str:
        """One plain line for logs (cron mails, journald)."""
        parts = [
            f"{name.replace('_', ' ')} {getattr(self, name)}"
            + (" (robots.txt not counted)" if name == "requests" else "")
            for name in COUNTS
        ]
        return f"{self.job}: {self.outcome}: " + ", ".join(parts) + f", time {self.seconds:.1f}s"

    def table(self) -> Table:
        table = Table(
            title=f"{self.job} run {self.run_id}: {self.outcome}", caption=f"requests: {REQUESTS}"
        )
        table.add_column("count")
        table.add_column("value", justify="right")
        for name in COUNTS:
            table.add_row(name.replace("_", " "), str(getattr(self, name)))
        table.add_row("time", f"{self.seconds:.1f}s")
        for alert in self.health:
            table.add_row("site health", alert.removeprefix("site health: "))
        return table

    def append_to(self, path: Path, *, temp_prefix: str = TEMP_PREFIX) -> None:
        """Add the report as one line to ``path`` (``out/runs.jsonl``).

        The file is rewritten whole through ``atomic_write`` rather than appended to, so
        a kill or a full disk can never leave a torn last line that breaks readers; two
        jobs sharing the folder take turns (``writer_lock``), so neither rewrite drops
        the other's line.
        """
        with writer_lock(path):
            try:
                before = path.read_bytes()
            except FileNotFoundError:
                before = b""
            except OSError as exc:
                raise StorageError(f"{path}: cannot read: {exc.strerror}", path=path) from exc
            if before and not before.endswith(b"\n"):
                before += b"\n"
            line = (self.to_json() + "\n").encode("utf-8")
            atomic_write(path, before + line, temp_prefix=temp_prefix)
