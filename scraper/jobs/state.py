"""A job's memory between runs: one SQLite file (WAL mode) of URLs and runs.

    discovery ──add_discovered──▶ urls (pending) ──due──▶ fetch ──record_*──▶ urls
                                                                 runs ◀── begin/finish

Every change is one short transaction, so a run killed at any moment leaves a file
that passes ``PRAGMA integrity_check`` and says exactly what was done. A page is saved
in two steps, ``saving`` (the name of the file about to be written) then ``saved``;
``recover`` settles the rows a killed run left in between, by looking at the files.
A file that is not SQLite, or is SQLite but not scraper's, is refused, never written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from scraper.errors import StateError
from scraper.jobs.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from scraper.jobs.report import COUNTS

__all__ = ["Discovered", "RunRow", "StateStore", "UrlRow", "iso"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_RETRY_CAP = timedelta(days=7)


def iso(moment: datetime) -> str:
    """UTC, second resolution: strings that sort as the moments do."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Discovered:
    """A URL found by a source, normalized, with the date the source gave, if any."""

    url: str
    source: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class UrlRow:
    url: str
    status: str
    attempts: int
    last_error: str | None
    etag: str | None
    last_modified: str | None
    file: str | None
    duplicate_of: str | None
    text_hash: str | None


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    started_at: str
    finished_at: str | None
    outcome: str
    counts: dict[str, int]


_URL_COLUMNS = (
    "url, status, attempts, last_error, etag, last_modified, file, duplicate_of, text_hash"
)
# The runs table has one column per count of the run report, in the same order.
_RUN_COUNTS = COUNTS


class StateStore:
    """The state database of one job. Open with ``StateStore.open(path)``."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> StateStore:
        """Open (or, with ``create``, make) the state file; refuse one that isn't ours."""
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise StateError(f"{path}: no state database (the job has not run yet)")
        if exists:
            _check_header(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StateError(f"{path}: cannot open state database: {exc}") from exc
        try:
            _check_and_migrate(db, path, fresh=not exists)
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def integrity_errors(self) -> list[str]:
        rows = self._db.execute("PRAGMA integrity_check").fetchall()
        return [] if rows == [("ok",)] else [str(r[0]) for r in rows]

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
        rows = self._db.execute(
            f"SELECT id, started_at, finished_at, outcome, {cols} FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
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
        row = self._db.execute("SELECT 1 FROM urls WHERE url = ?", (url,)).fetchone()
        return row is not None

    def due(self, now: datetime, *, revalidate: bool) -> list[UrlRow]:
        """URLs to fetch now: pending, due for a retry, and (if asked) saved ones."""
        statuses = "('pending', 'saved')" if revalidate else "('pending')"
        rows = self._db.execute(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE status IN {statuses}"
            " OR (status = 'retry' AND next_retry <= ?) ORDER BY first_seen, url",
            (iso(now),),
        ).fetchall()
        return [UrlRow(*r) for r in rows]

    def get(self, url: str) -> UrlRow | None:
        row = self._db.execute(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ?", (url,)).fetchone()
        return UrlRow(*row) if row else None

    def find_duplicate(self, url: str, canonical: str | None, text_hash: str | None) -> str | None:
        """The saved URL whose canonical URL or cleaned text equals this page's."""
        row = self._db.execute(
            "SELECT url FROM urls WHERE url != ? AND status IN ('saved', 'saving')"
            " AND ((? IS NOT NULL AND (canonical = ? OR url = ?))"
            "      OR (? IS NOT NULL AND text_hash = ?))"
            " ORDER BY first_seen, url LIMIT 1",
            (url, canonical, canonical, canonical, text_hash, text_hash),
        ).fetchone()
        return str(row[0]) if row else None

    def _update(self, url: str, *, count_attempt: bool = False, **values: Any) -> None:
        self._set(url, values, count_attempt=count_attempt)

    def _set(self, url: str, values: dict[str, Any], *, count_attempt: bool = False) -> None:
        sets = [f"{k} = ?" for k in values]
        if count_attempt:
            sets.append("attempts = attempts + 1")
        with self._tx() as db:
            db.execute(f"UPDATE urls SET {', '.join(sets)} WHERE url = ?", (*values.values(), url))

    def record_saving(
        self,
        url: str,
        *,
        file: str,
        text_hash: str | None,
        canonical: str | None,
        etag: str | None,
        last_modified: str | None,
        now: datetime,
    ) -> None:
        """Step one of saving: the file about to be written, and what dedup needs."""
        self._update(
            url,
            status="saving",
            file=file,
            text_hash=text_hash,
            canonical=canonical,
            etag=etag,
            last_modified=last_modified,
            fetched_at=iso(now),
            count_attempt=True,
            last_error=None,
            next_retry=None,
        )

    def record_saved(self, url: str) -> None:
        self._update(url, status="saved")

    def record_duplicate(
        self, url: str, of: str, *, text_hash: str | None, canonical: str | None, now: datetime
    ) -> None:
        self._update(
            url,
            status="duplicate",
            duplicate_of=of,
            text_hash=text_hash,
            canonical=canonical,
            fetched_at=iso(now),
            count_attempt=True,
            last_error=None,
            next_retry=None,
        )

    def record_not_modified(
        self,
        url: str,
        now: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """The saved copy is current; keep it, and any fresher validators."""
        validators = {"etag": etag, "last_modified": last_modified}
        fresh = {k: v for k, v in validators.items() if v is not None}
        self._set(url, {"fetched_at": iso(now), "last_error": None, **fresh})

    def record_error(self, url: str, error: str, now: datetime) -> None:
        """A saved page failed to revalidate: it stays saved, the error is noted."""
        self._update(url, last_error=error, fetched_at=iso(now))

    def record_skipped(self, url: str, reason: str, now: datetime) -> None:
        self._update(url, status="skipped", last_error=reason, fetched_at=iso(now))

    def record_failure(
        self, url: str, error: str, *, transient: bool, limit: int, backoff: float, now: datetime
    ) -> str:
        """Count a failed attempt; ``retry`` later with backoff, or ``failed`` for good."""
        row = self._db.execute("SELECT attempts FROM urls WHERE url = ?", (url,)).fetchone()
        attempts = (row[0] if row else 0) + 1
        if transient and attempts < limit:
            delay = min(timedelta(seconds=backoff * 2 ** (attempts - 1)), _RETRY_CAP)
            status, retry_at = "retry", iso(now + delay)
        else:
            status, retry_at = "failed", None
        self._update(
            url,
            status=status,
            attempts=attempts,
            last_error=error,
            next_retry=retry_at,
            fetched_at=iso(now),
        )
        return status

    def recover(self, out: Path) -> int:
        """Settle rows a killed run left in ``saving``: saved if the file is there."""
        rows = self._db.execute("SELECT url, file FROM urls WHERE status = 'saving'").fetchall()
        for url, file in rows:
            if file and (out / file).is_file():
                self.record_saved(url)
            else:
                self._update(url, status="pending", file=None, text_hash=None, canonical=None)
        return len(rows)

    def counts(self) -> dict[str, int]:
        rows = self._db.execute("SELECT status, COUNT(*) FROM urls GROUP BY status ORDER BY status")
        return {str(s): int(n) for s, n in rows.fetchall()}

    def failing(self, limit: int = 10) -> list[UrlRow]:
        """URLs that failed at least once and are not saved, most attempts first."""
        rows = self._db.execute(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE status IN ('retry', 'failed')"
            " ORDER BY attempts DESC, url LIMIT ?",
            (limit,),
        ).fetchall()
        return [UrlRow(*r) for r in rows]


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StateError(f"{path}: cannot read state database: {exc.strerror}") from exc
    if head != _SQLITE_MAGIC:
        raise StateError(f"{path}: not an SQLite database; refusing to use it as job state")


def _check_and_migrate(db: sqlite3.Connection, path: Path, *, fresh: bool) -> None:
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StateError(f"{path}: an SQLite database that is not a scraper job state")
        if version > SCHEMA_VERSION:
            raise StateError(
                f"{path}: state schema {version} is newer than this scraper ({SCHEMA_VERSION})"
            )
        if not fresh:
            problems = db.execute("PRAGMA quick_check").fetchall()
            if problems != [("ok",)]:
                raise StateError(f"{path}: state database is corrupt: {problems[0][0]}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            _migrate(db, number)
    except sqlite3.DatabaseError as exc:
        raise StateError(f"{path}: state database is corrupt or unreadable: {exc}") from exc


def _migrate(db: sqlite3.Connection, number: int) -> None:
    script = MIGRATIONS[number - 1]
    try:
        db.executescript(
            f"BEGIN IMMEDIATE; {script}; PRAGMA application_id = {APPLICATION_ID};"
            f" PRAGMA user_version = {number}; COMMIT;"
        )
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
