"""The state file's connection: opening, closing, one write transaction, one read.

    StateFile (this module) ◀── OutcomeRecords (``scraper.jobs.outcomes``) ◀── StateStore

Every write is one short ``BEGIN IMMEDIATE`` transaction and SQLite's errors leave as
``StorageError`` (a full disk, a read-only folder) or ``StateError`` (``statedb``), each
naming the file. ``StateStore`` (``scraper.jobs.state``) builds on it; this module holds
no table's knowledge.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from scraper.jobs.statedb import connect, state_error

__all__ = ["StateFile"]


class StateFile:
    """An open state database. Open with ``open(path)`` on the subclass."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Self:
        """Open (or, with ``create``, make) the state file; refuse one that isn't ours."""
        return cls(connect(path, create=create), path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite's errors leave as ``StorageError``/``StateError``.

        On a full disk SQLite may already have rolled back, so the ROLLBACK is only
        attempted while a transaction is open.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise state_error(exc, self.path) from exc

    @property
    def connection(self) -> sqlite3.Connection:
        """For the site-learning tables (``scraper.learning.jobstate``): reads."""
        return self._db

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """For the site-learning tables: one write transaction, errors translated."""
        return self._tx()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """The rows of one read; SQLite's errors leave as ``StorageError``/``StateError``."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise state_error(exc, self.path) from exc

    def integrity_errors(self) -> list[str]:
        rows = self._rows("PRAGMA integrity_check")
        return [] if rows == [("ok",)] else [str(r[0]) for r in rows]
