"""What each fetch did to a URL's row of the state database: the ``record_*`` steps.

    fetch ──record_saving──▶ saving ──record_saved──▶ saved
          ──record_duplicate / record_skipped / record_failure (retry | failed)──▶ ...
    scraper retry ──requeue──▶ pending;  next start ──recover──▶ saved | pending

A page is saved in two steps, ``saving`` (the name of the file about to be written)
then ``saved``; ``recover`` settles the rows a killed run left in between, by looking at
the files. Each step is one transaction (``StateFile``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper.jobs.retries import Cause, RetryPolicy
from scraper.jobs.rows import iso
from scraper.jobs.statefile import StateFile

__all__ = ["OutcomeRecords"]


class OutcomeRecords(StateFile):
    """The URL table's changes after a fetch (``StateStore`` is one)."""

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

    def record_skipped(
        self, url: str, reason: str, now: datetime, *, settings: str | None = None
    ) -> None:
        """Not fetched (robots.txt, not HTML); tried again if the ``settings`` change."""
        self._update(
            url, status="skipped", last_error=reason, fetched_at=iso(now), settings=settings
        )

    def record_failure(
        self,
        url: str,
        error: str,
        *,
        cause: Cause,
        policy: RetryPolicy,
        now: datetime,
        settings: str | None = None,
    ) -> str:
        """Count a failed attempt: ``retry`` at the policy's next try, else ``failed``
        (tried again when the fetch ``settings`` change, or by ``requeue``)."""
        rows = self._rows("SELECT attempts FROM urls WHERE url = ?", (url,))
        attempts = (rows[0][0] if rows else 0) + 1
        retry_at = policy.next_try(cause, attempts, now)
        status = "retry" if retry_at is not None else "failed"
        self._update(
            url,
            status=status,
            attempts=attempts,
            last_error=error,
            next_retry=iso(retry_at) if retry_at is not None else None,
            fetched_at=iso(now),
            cause=str(cause),
            settings=settings,
        )
        return status

    def requeue(self, urls: Iterable[str] = (), *, failed: bool = False) -> list[str]:
        """Make ``urls`` (not saved ones) and, with ``failed``, every page that failed
        or waits for a retry, pending again with a fresh count. Returns those re-queued."""
        named = sorted(set(urls))
        marks = ", ".join("?" * len(named))
        where = f"(url IN ({marks}) AND status NOT IN ('saved', 'saving'))"
        if failed:
            where += " OR status IN ('failed', 'retry')"
        with self._tx() as db:
            rows = db.execute(f"SELECT url FROM urls WHERE {where} ORDER BY url", named)
            requeued = [str(r[0]) for r in rows.fetchall()]
            db.execute(
                "UPDATE urls SET status = 'pending', attempts = 0, next_retry = NULL,"
                f" cause = NULL, settings = NULL WHERE {where}",
                named,
            )
        return requeued

    def recover(self, out: Path) -> int:
        """Settle rows a killed run left in ``saving``: saved if the file is there."""
        rows = self._rows("SELECT url, file FROM urls WHERE status = 'saving'")
        for url, file in rows:
            if file and (out / file).is_file():
                self.record_saved(url)
            else:
                self._update(url, status="pending", file=None, text_hash=None, canonical=None)
        return len(rows)
