"""What a job remembers about each site between runs: its recent pages' lines, the
chrome learned from them, and its health per run (tables of the job's state database).

    saved page ──SiteMemory.clean──▶ lines kept (site_pages, last WINDOW per site)
                                  ──▶ learn_site ──▶ site_rules ──▶ page without its chrome
    end of run ──record_health──▶ site_health ──vs recent runs──▶ alert line

The run works on its own copy in memory and writes what it learned once, at its end
(``flush``): a transaction per page would grow the database's write-ahead log by a few
pages per document, and a run killed before its end loses only what it learned, never
a document. Pages are remembered as cleaned *without* the learned rules, so what is learned next
never depends on what was learned before: a site that drops a box from its template
unlearns it once the box is gone from most of its recent pages, and a new box is
learned as it appears. Everything happens in the order the run handles its pages, so a
run gives the same documents however its fetches finished.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

from scraper.extraction.rules import phrase_key
from scraper.learning.apply import drop_lines
from scraper.learning.decide import LearnConfig, LearnedSite, learn_site
from scraper.learning.health import SiteFigures, fallen
from scraper.learning.lines import PageLines, dump_lines, load_lines, page_lines
from scraper.model import Document

__all__ = ["SiteMemory", "SiteSummary", "site_summaries"]

Transaction = Callable[[], AbstractContextManager[sqlite3.Connection]]


class SiteMemory:
    """The learning side of one run of a job; ``clean`` each saved document in order."""

    def __init__(
        self, db: sqlite3.Connection, transaction: Transaction, config: LearnConfig
    ) -> None:
        self._db, self._tx, self.config = db, transaction, config
        self._pages: dict[str, dict[str, PageLines]] = {}  # site -> key -> lines, oldest first
        self._keys: dict[str, frozenset[str]] = {}
        self._dirty: set[str] = set()
        self._seen: dict[tuple[str, str], PageLines] = {}  # to write, in the order seen
        self._learned: dict[str, LearnedSite] = {}  # to write

    def _window(self, site: str) -> dict[str, PageLines]:
        if site not in self._pages:
            rows = self._db.execute(
                "SELECT url, lines FROM site_pages WHERE site = ? ORDER BY seq DESC LIMIT ?",
                (site, self.config.window),
            ).fetchall()
            self._pages[site] = {url: load_lines(site, raw) for url, raw in reversed(rows)}
        return self._pages[site]

    def _chrome(self, site: str) -> frozenset[str]:
        if site not in self._keys:
            row = self._db.execute("SELECT chrome FROM site_rules WHERE site = ?", (site,))
            found = row.fetchone()
            lines = json.loads(found[0]) if found else []
            self._keys[site] = frozenset(phrase_key(line) for line in lines)
        if site in self._dirty:
            self._dirty.discard(site)
            learned = learn_site(site, list(self._window(site).values()), self.config)
            self._learned[site] = learned
            self._keys[site] = frozenset(phrase_key(line) for line in learned.chrome)
        return self._keys[site]

    def observe(self, site: str, key: str, lines: PageLines) -> None:
        """Remember one page of ``site`` (``key``: its canonical URL) in the window."""
        window = self._window(site)
        window.pop(key, None)
        window[key] = lines
        while len(window) > self.config.window:
            del window[next(iter(window))]
        self._seen.pop((site, key), None)
        self._seen[(site, key)] = lines
        self._dirty.add(site)

    def flush(self) -> None:
        """Write the pages seen and what was learned since the last flush (one transaction)."""
        for site in sorted(self._dirty):
            self._chrome(site)
        if not self._seen and not self._learned:
            return
        with self._tx() as db:
            for (site, key), lines in self._seen.items():
                db.execute(
                    "INSERT INTO site_pages (site, url, seq, lines) VALUES (?, ?,"
                    " (SELECT COALESCE(MAX(seq), 0) + 1 FROM site_pages), ?)"
                    " ON CONFLICT (site, url) DO UPDATE SET seq = excluded.seq,"
                    " lines = excluded.lines",
                    (site, key, dump_lines(lines)),
                )
            for site in sorted({site for site, _ in self._seen}):
                db.execute(
                    "DELETE FROM site_pages WHERE site = ? AND seq NOT IN"
                    " (SELECT seq FROM site_pages WHERE site = ? ORDER BY seq DESC LIMIT ?)",
                    (site, site, self.config.window),
                )
            for learned in self._learned.values():
                db.execute(
                    "INSERT INTO site_rules (site, pages, chrome, kept) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (site) DO UPDATE SET pages = excluded.pages,"
                    " chrome = excluded.chrome, kept = excluded.kept",
                    (
                        learned.site,
                        learned.pages,
                        json.dumps(list(learned.chrome), ensure_ascii=False),
                        json.dumps(list(learned.kept), ensure_ascii=False),
                    ),
                )
        self._seen.clear()
        self._learned.clear()

    def clean(self, doc: Document, site: str, key: str) -> Document:
        """Learn from ``doc`` (a page of ``site``), then drop its site's chrome from it."""
        lines = page_lines(doc, site)
        if lines.lines:
            self.observe(site, key, lines)
        return drop_lines(doc, self._chrome(site))

    # -- health --------------------------------------------------------------------------

    def record_health(self, run_id: int, now: SiteFigures) -> str | None:
        """Store ``now`` for ``run_id``; the alert line if it fell from recent runs."""
        rows = self._db.execute(
            "SELECT site, pages, median_chars, empty, low_quality, authors, dates"
            " FROM site_health WHERE site = ? AND run_id < ? ORDER BY run_id DESC LIMIT 20",
            (now.site, run_id),
        ).fetchall()
        alert = fallen(now, [SiteFigures(*row) for row in rows])
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO site_health (run_id, site, pages, median_chars, empty,"
                " low_quality, authors, dates, alert) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    now.site,
                    now.pages,
                    now.median_chars,
                    now.empty,
                    now.low_quality,
                    now.authors,
                    now.dates,
                    alert,
                ),
            )
        return alert


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """What ``scraper status`` shows per site: learned chrome and the latest health."""

    site: str
    pages: int  # pages learned from
    chrome: tuple[str, ...]
    kept: tuple[str, ...]
    health: SiteFigures | None
    alert: str | None


def _summaries(db: sqlite3.Connection) -> Iterator[SiteSummary]:
    rules = {
        site: (pages, tuple(json.loads(chrome)), tuple(json.loads(kept)))
        for site, pages, chrome, kept in db.execute(
            "SELECT site, pages, chrome, kept FROM site_rules"
        )
    }
    latest: dict[str, tuple[SiteFigures, str | None]] = {}
    for row in db.execute(
        "SELECT site, pages, median_chars, empty, low_quality, authors, dates, alert"
        " FROM site_health h WHERE run_id = (SELECT MAX(run_id) FROM site_health"
        " WHERE site = h.site)"
    ):
        latest[row[0]] = (SiteFigures(*row[:7]), row[7])
    for site in sorted(set(rules) | set(latest)):
        pages, chrome, kept = rules.get(site, (0, (), ()))
        health, alert = latest.get(site, (None, None))
        yield SiteSummary(site, pages, chrome, kept, health, alert)


def site_summaries(db: sqlite3.Connection) -> list[SiteSummary]:
    return list(_summaries(db))
