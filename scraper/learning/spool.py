"""Learning's first pass on disk: every page's lines in a temporary SQLite database.

    PageLines... ──add──▶ pages (site, digest, lines) + keys (site, key, pages)
                 ──learned()──▶ per site: recurring keys (one query) ──decide──▶ LearnedSite

``scraper clean`` learns each site's chrome from *all* its pages before it writes one,
so the first pass used to hold every page's lines until its end: memory grew with the
number of pages (10,000 pages, tens of MB). Here each page goes to a private temporary
database (SQLite's empty file name: at most ``CACHE_KIB`` of page cache in memory, the
rest in a file of ``$TMPDIR`` or /var/tmp, unlinked as soon as it is made) as it comes,
at most ``BATCH`` pages held in between. Deciding reads the same numbers ``learn_site``
computes in memory: on how many distinct pages each key stands (counted
as pages are added), then one page at a time for the votes, which keeps counters over
the recurring keys only. What is held is thus bounded by construction: a batch, the
page cache, and per site the recurring keys, which are at most a page's lines over
``min_share``. The result is the same as ``learn_site`` on the same pages, in any order.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from types import TracebackType

from scraper.learning.decide import (
    LearnConfig,
    LearnedSite,
    decide,
    page_keys,
    recurring_need,
)
from scraper.learning.lines import PageLines, dump_lines, load_lines

__all__ = ["BATCH", "CACHE_KIB", "LineSpool", "learn_spooled"]

# Pages held in memory before they are written (one transaction per batch).
BATCH = 100
# SQLite's page cache for the spool, in KiB; the rest of the database is on disk.
CACHE_KIB = 4096

_SCHEMA = """
CREATE TABLE pages (site TEXT NOT NULL, digest BLOB NOT NULL, lines TEXT NOT NULL,
                    PRIMARY KEY (site, digest));
CREATE TABLE keys (site TEXT NOT NULL, key TEXT NOT NULL, pages INTEGER NOT NULL,
                   PRIMARY KEY (site, key));
"""


class LineSpool:
    """Pages' lines spooled to a temporary database; ``with LineSpool() as spool: ...``.

    A page added twice (same site, same lines) counts once, as in ``learn_site``.
    """

    def __init__(self, config: LearnConfig | None = None, *, batch: int = BATCH) -> None:
        self.config = config if config is not None else LearnConfig()
        self._batch = max(1, batch)
        self._held: list[PageLines] = []
        # "": a private temporary database, removed when the connection closes.
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.executescript(_SCHEMA)

    @property
    def held(self) -> int:
        """Pages in memory, not yet written (never more than the batch size)."""
        return len(self._held)

    def add(self, page: PageLines) -> None:
        self._held.append(page)
        if len(self._held) >= self._batch:
            self.flush()

    def flush(self) -> None:
        """Write the pages held (one transaction)."""
        if not self._held:
            return
        db = self._db
        db.execute("BEGIN")
        try:
            for page in self._held:
                raw = dump_lines(page)
                digest = hashlib.blake2b(raw.encode("utf-8"), digest_size=16).digest()
                added = db.execute(
                    "INSERT OR IGNORE INTO pages (site, digest, lines) VALUES (?, ?, ?)",
                    (page.site, digest, raw),
                ).rowcount
                if added:  # a page seen before adds nothing to the counts
                    db.executemany(
                        "INSERT INTO keys (site, key, pages) VALUES (?, ?, 1)"
                        " ON CONFLICT (site, key) DO UPDATE SET pages = pages + 1",
                        [(page.site, key) for key in sorted(page_keys(page))],
                    )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._held.clear()

    def _pages(self, site: str) -> Iterator[PageLines]:
        rows = self._db.execute("SELECT lines FROM pages WHERE site = ?", (site,))
        for (raw,) in rows:
            yield load_lines(site, raw)

    def learned(self) -> tuple[LearnedSite, ...]:
        """What every site learned, sorted by site."""
        self.flush()
        counts = self._db.execute("SELECT site, COUNT(*) FROM pages GROUP BY site")
        found = []
        for site, count in sorted(counts.fetchall()):
            if count < self.config.min_pages:
                found.append(LearnedSite(site, count))
                continue
            need = recurring_need(count, self.config)
            rows = self._db.execute(
                "SELECT key FROM keys WHERE site = ? AND pages >= ?", (site, need)
            )
            recurring = {key for (key,) in rows}
            found.append(decide(site, count, recurring, self._pages(site)))
        return tuple(found)

    def close(self) -> None:
        self._held.clear()
        self._db.close()

    def __enter__(self) -> LineSpool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def learn_spooled(pages: Iterable[PageLines], config: LearnConfig) -> tuple[LearnedSite, ...]:
    """What every site of ``pages`` learned, sorted by site, with the pages spooled to
    disk as they come (``pages`` may be a generator over a million documents)."""
    with LineSpool(config) as spool:
        for page in pages:
            spool.add(page)
        return spool.learned()
