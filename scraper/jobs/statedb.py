"""Opening a job's SQLite file: refuse what isn't ours, migrate what is, name what fails.

    path ──header──▶ connect ──application_id / user_version / quick_check──▶ migrations
    sqlite3.Error ──state_error()──▶ StorageError (disk full, read-only, I/O) | StateError

SQLite reports a full disk, a read-only folder and a corrupt file all as
``sqlite3.OperationalError``; the primary result code tells them apart, so a full disk
under the state database reads as a storage problem naming the file, not as corruption.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path

from scraper.credentials import redact
from scraper.errors import ScraperError, StateError, StorageError
from scraper.jobs.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

__all__ = ["connect", "state_error"]

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Primary result code ──▶ (error class, what a person reads). The codes not listed are
# read as a damaged or foreign file.
_CODES: dict[int, tuple[type[ScraperError], str]] = {
    sqlite3.SQLITE_FULL: (StorageError, "cannot write state database: no space left on device"),
    sqlite3.SQLITE_IOERR: (StorageError, "cannot write state database: I/O error"),
    sqlite3.SQLITE_READONLY: (StorageError, "cannot write state database: read-only"),
    sqlite3.SQLITE_CANTOPEN: (StorageError, "cannot open state database"),
    sqlite3.SQLITE_PERM: (StorageError, "cannot write state database: permission denied"),
    sqlite3.SQLITE_BUSY: (StateError, "state database is locked by another program"),
    sqlite3.SQLITE_LOCKED: (StateError, "state database is locked by another program"),
}


def state_error(exc: sqlite3.Error, path: Path) -> ScraperError:
    """The scraper error for a failed SQLite call on the state file at ``path``."""
    code = getattr(exc, "sqlite_errorcode", None)
    kind, problem = _CODES.get(
        (code or 0) & 0xFF, (StateError, "state database is corrupt or unreadable")
    )
    message = f"{path}: {problem} ({exc})"
    if kind is StorageError:
        return StorageError(message, path=path)
    return kind(message)


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open (or, with ``create``, make) the state file; refuse one that isn't ours."""
    if path.is_dir():
        raise StorageError(f"{path}: state is a folder, not a file", path=path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise StateError(f"{path}: no state database (the job has not run yet)")
    if exists:
        _check_header(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot make its folder: {exc.strerror}") from exc
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
        db.create_function("scraper_redact", 1, _redact, deterministic=True)
    except sqlite3.Error as exc:
        raise state_error(exc, path) from exc
    try:
        _check_and_migrate(db, path, fresh=not exists)
    except BaseException:
        db.close()
        raise
    return db


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
        if version < SCHEMA_VERSION:
            _migrate_all(db, version)
    except sqlite3.Error as exc:
        raise state_error(exc, path) from exc


def _redact(value: str | None) -> str | None:
    return redact(value) if isinstance(value, str) else value


def _migrate_all(db: sqlite3.Connection, version: int) -> None:
    """Apply the migrations after ``version``, zeroing what they delete or overwrite.

    A migration may remove what must not stay on disk (7: the passwords of URLs), so
    ``secure_delete`` zeroes the freed bytes and the write-ahead log, which still holds
    the old pages, is truncated once they are checkpointed.
    """
    db.execute("PRAGMA secure_delete = ON")
    for number in range(version + 1, SCHEMA_VERSION + 1):
        _migrate(db, number)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.execute("PRAGMA secure_delete = OFF")


def _migrate(db: sqlite3.Connection, number: int) -> None:
    script = MIGRATIONS[number - 1]
    try:
        db.executescript(
            f"BEGIN IMMEDIATE; {script}; PRAGMA application_id = {APPLICATION_ID};"
            f" PRAGMA user_version = {number}; COMMIT;"
        )
    except BaseException:
        if db.in_transaction:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
