"""A job's memory between runs: one SQLite file (WAL mode) of URLs and runs.

    discovery ──add_discovered──▶ urls (pending) ──due──▶ fetch ──record_*──▶ urls
                                                                 runs ◀── begin/finish

Every change is one short transaction, so a run killed at any moment leaves a file
that passes ``PRAGMA integrity_check`` and says exactly what was done. A page is saved
in two steps, ``saving`` (the name of the file about to be written) then ``saved``;
``recover`` settles the rows a killed run left in between, by looking at the files.
A file that is not SQLite, or is SQLite but not scraper's, is refused, never written.

Three modules, lowest first: ``statefile`` (opening, transactions, reads),
``outcomes`` (what a fetch did to a URL: the ``record_*`` steps, ``requeue``,
``recover``), and this one (whose state it is, runs, discovery and the URLs due,
feeds and sitemaps read).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from scraper.errors import StateError
from scraper.jobs.outcomes import OutcomeRecords
from scraper.jobs.report import COUNTS
from scraper.jobs.rows import Discovered, RunRow, SourceRow, UrlRow, iso

__all__ = ["Discovered", "RunRow", "SourceRow", "StateStore", "UrlRow", "iso"]


_URL_COLUMNS = (
    "url, status, attempts, last_error, etag, last_modified, file, duplicate_of, text_hash,"
    " next_retry, cause"
)
# The runs table has one column per count of the run report, in the same order.
_RUN_COUNTS = COUNTS


def _source_values(row: SourceRow) -> tuple[str, str, str | None, int, str]:
    return (row.url, row.kind, row.last_error, int(row.last_error is not None), row.checked_at)


class StateStore(OutcomeRecords):
    """The state database of one job. Open with ``StateStore.open(path)``: opening and
    transactions are ``StateFile``'s, a fetch's outcomes ``OutcomeRecords``'."""

    # -- whose state it is ------------------------------------------------------------

    def claim(self, job: str, job_file: Path, now: datetime) -> None:
        """Record that this state belongs to ``job``; refuse it if it belongs to another.

        A state made before owners were recorded belongs to the first job that runs
        with it. The same job run from a moved job file keeps its state.
        """
        with self._tx() as db:
            row = db.execute("SELECT job, job_file FROM owner WHERE id = 1").fetchone()
            if row is not None and row[0] != job:
                raise self._foreign(str(row[0]), str(row[1]), job, job_file)
            db.execute(
                "INSERT INTO owner (id, job, job_file, since) VALUES (1, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET job_file = excluded.job_file",
                (job, str(job_file.resolve()), iso(now)),
            )

    def check_owner(self, job: str, job_file: Path) -> None:
        """Refuse (``StateError``) a state that belongs to another job; write nothing."""
        rows = self._rows("SELECT job, job_file FROM owner WHERE id = 1")
        if rows and rows[0][0] != job:
            raise self._foreign(str(rows[0][0]), str(rows[0][1]), job, job_file)

    def _foreign(self, owner: str, owner_file: str, job: str, job_file: Path) -> StateError:
        return StateError(
            f"{self.path}: this state belongs to job {owner!r} ({owner_file}), not to job"
            f" {job!r} ({job_file}); give each job a `state` (and an `out`) of its own"
        )

    # -- runs ------------------------------------------------------------------------

    def begin_run(self, now: datetime) -> int:
        """Record a new run; runs that were still ``running`` were killed."""
        with self._tx() as db:
            db.execute("UPDATE runs SET outcome = 'killed' WHERE outcome = 'running'")
            cur = db.execute(
                "INSERT INTO runs (started_at, outcome) VALUES (?, 'running')", (iso(now),)
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def finish_run(
        self, run_id: int, now: datetime, outcome: str, counts: dict[str, int], seconds: float
    ) -> None:
        sets = ", ".join(f"{k} = ?" for k in _RUN_COUNTS)
        values = [counts.get(k, 0) for k in _RUN_COUNTS]
        with self._tx() as db:
            db.execute(
                f"UPDATE runs SET finished_at = ?, outcome = ?, seconds = ?, {sets} WHERE id = ?",
                (iso(now), outcome, seconds, *values, run_id),
            )

    def last_runs(self, limit: int = 5) -> list[RunRow]:
        cols = ", ".join(_RUN_COUNTS)
        rows = self._rows(
            f"SELECT id, started_at, finished_at, outcome, {cols} FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            RunRow(r[0], r[1], r[2], r[3], dict(zip(_RUN_COUNTS, r[4:], strict=True))) for r in rows
        ]

    # -- URLs ------------------------------------------------------------------------

    def add_discovered(self, found: Iterable[Discovered], now: datetime) -> int:
        """Insert URLs not seen before as ``pending``; touch the others. Returns new ones."""
        stamp, new = iso(now), 0
        with self._tx() as db:
            for item in found:
                if db.execute("SELECT 1 FROM urls WHERE url = ?", (item.url,)).fetchone():
                    db.execute("UPDATE urls SET last_seen = ? WHERE url = ?", (stamp, item.url))
                    continue
                db.execute(
                    "INSERT INTO urls (url, status, source, published, first_seen, last_seen)"
                    " VALUES (?, 'pending', ?, ?, ?, ?)",
                    (item.url, item.source, item.published, stamp, stamp),
                )
                new += 1
        return new

    def known(self, url: str) -> bool:
        return bool(self._rows("SELECT 1 FROM urls WHERE url = ?", (url,)))

    def due(
        self,
        now: datetime,
        *,
        revalidate: bool,
        settings: str | None = None,
        text_duplicates: bool = False,
    ) -> list[UrlRow]:
        """URLs to fetch now: pending, due for a retry, (if asked) saved ones, (given
        the run's ``settings``) failed or skipped ones whose settings were other, and
        (with ``text_duplicates``: a job's ``dedup = false``) the duplicates found by
        their text only, not by a canonical URL they share with the page kept."""
        statuses = "('pending', 'saved')" if revalidate else "('pending')"
        rows = self._rows(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE status IN {statuses}"
            " OR (status = 'retry' AND next_retry <= ?)"
            " OR (status IN ('failed', 'skipped') AND ? IS NOT NULL AND settings IS NOT ?)"
            " OR (status = 'duplicate' AND ? AND NOT EXISTS (SELECT 1 FROM urls AS kept"
            "     WHERE kept.url = urls.duplicate_of"
            "     AND (kept.canonical = urls.canonical OR kept.url = urls.canonical)))"
            " ORDER BY first_seen, url",
            (iso(now), settings, settings, int(text_duplicates)),
        )
        return [UrlRow(*r) for r in rows]

    def get(self, url: str) -> UrlRow | None:
        rows = self._rows(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ?", (url,))
        return UrlRow(*rows[0]) if rows else None

    def find_duplicate(self, url: str, canonical: str | None, text_hash: str | None) -> str | None:
        """The saved URL whose canonical URL or cleaned text equals this page's (by the
        canonical URL only when ``text_hash`` is None)."""
        rows = self._rows(
            "SELECT url FROM urls WHERE url != ? AND status IN ('saved', 'saving')"
            " AND ((? IS NOT NULL AND (canonical = ? OR url = ?))"
            "      OR (? IS NOT NULL AND text_hash = ?))"
            " ORDER BY first_seen, url LIMIT 1",
            (url, canonical, canonical, canonical, text_hash, text_hash),
        )
        return str(rows[0][0]) if rows else None

    def counts(self) -> dict[str, int]:
        rows = self._rows("SELECT status, COUNT(*) FROM urls GROUP BY status ORDER BY status")
        return {str(s): int(n) for s, n in rows}

    # -- sources ---------------------------------------------------------------------

    def record_sources(self, read: Iterable[SourceRow], run: int) -> None:
        """The feeds and sitemaps run ``run`` read (``last_error`` None) or failed to;
        those it did not read are forgotten: the job or an index no longer lists them."""
        with self._tx() as db:
            for source in read:
                db.execute(
                    "INSERT INTO sources (url, kind, last_error, failures, checked_at, run)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                    " kind = excluded.kind, last_error = excluded.last_error,"
                    " failures = CASE WHEN excluded.last_error IS NULL THEN 0"
                    " ELSE failures + 1 END, checked_at = excluded.checked_at,"
                    " run = excluded.run",
                    (*_source_values(source), run),
                )
            db.execute("DELETE FROM sources WHERE run != ?", (run,))

    def failing_sources(self, limit: int = 10) -> list[SourceRow]:
        """Feeds and sitemaps whose last read failed, most failures first."""
        rows = self._rows(
            "SELECT url, kind, last_error, failures, checked_at FROM sources"
            " WHERE last_error IS NOT NULL ORDER BY failures DESC, url LIMIT ?",
            (limit,),
        )
        return [SourceRow(*r) for r in rows]

    def failing(self, limit: int = 10) -> list[UrlRow]:
        """URLs that failed at least once and are not saved, most attempts first."""
        rows = self._rows(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE status IN ('retry', 'failed')"
            " ORDER BY attempts DESC, url LIMIT ?",
            (limit,),
        )
        return [UrlRow(*r) for r in rows]
