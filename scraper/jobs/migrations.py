"""The schema of a job's state database, as a list of migrations.

``PRAGMA user_version`` holds the number of migrations applied; opening an older file
applies the rest, each in its own transaction, so a file is never half-migrated.
``PRAGMA application_id`` marks the file as scraper's, so a foreign SQLite file given
as the state database is refused instead of being written to.
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION"]

APPLICATION_ID = 0x53435250  # "SCRP"

# Append only: a released migration is never edited, a change is a new entry.
MIGRATIONS: tuple[str, ...] = (
    # 1: every URL seen, and one row per run.
    """
    CREATE TABLE urls (
        url           TEXT PRIMARY KEY,   -- normalized
        status        TEXT NOT NULL,      -- pending saving saved duplicate retry failed skipped
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        next_retry    TEXT,               -- UTC, ISO 8601; due when <= now
        etag          TEXT,
        last_modified TEXT,
        text_hash     TEXT,               -- sha256 of the cleaned text
        canonical     TEXT,               -- normalized canonical or final URL
        duplicate_of  TEXT,
        file          TEXT,               -- document file name in `out`
        source        TEXT,               -- the feed, sitemap or list it came from
        published     TEXT,               -- date the source gave (lastmod, pubDate)
        first_seen    TEXT NOT NULL,
        last_seen     TEXT NOT NULL,
        fetched_at    TEXT
    );
    CREATE INDEX urls_status ON urls (status);
    CREATE INDEX urls_text_hash ON urls (text_hash);
    CREATE TABLE runs (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        outcome      TEXT NOT NULL,       -- running ok failed interrupted killed
        discovered   INTEGER NOT NULL DEFAULT 0,
        new          INTEGER NOT NULL DEFAULT 0,
        not_modified INTEGER NOT NULL DEFAULT 0,
        duplicates   INTEGER NOT NULL DEFAULT 0,
        skipped      INTEGER NOT NULL DEFAULT 0,
        failed       INTEGER NOT NULL DEFAULT 0,
        retried      INTEGER NOT NULL DEFAULT 0,
        seconds      REAL NOT NULL DEFAULT 0
    );
    """,
    # 2: dedup by canonical URL looks rows up by it; runs count HTTP requests.
    """
    CREATE INDEX urls_canonical ON urls (canonical);
    ALTER TABLE runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: runs also count saved pages whose text changed on revalidation.
    """
    ALTER TABLE runs ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
    """,
    # 4: the job the state belongs to (one row), so another job's run is refused.
    """
    CREATE TABLE owner (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        job      TEXT NOT NULL,           -- the [job] name
        job_file TEXT NOT NULL,           -- the job file that last ran it
        since    TEXT NOT NULL            -- UTC, ISO 8601
    );
    """,
    # 5: what is learned per site (scraper.learning.jobstate): the lines of its recent
    # pages, cleaned without learned rules; the chrome learned from them; its health.
    """
    CREATE TABLE site_pages (
        site  TEXT NOT NULL,              -- registered domain
        url   TEXT NOT NULL,              -- canonical URL of the page
        seq   INTEGER NOT NULL,           -- order seen: the window is the latest ones
        lines TEXT NOT NULL,              -- JSON [[text, heading, prose, action], ...]
        PRIMARY KEY (site, url)
    );
    CREATE INDEX site_pages_seq ON site_pages (site, seq);
    CREATE TABLE site_rules (
        site   TEXT PRIMARY KEY,
        pages  INTEGER NOT NULL,          -- pages learned from
        chrome TEXT NOT NULL,             -- JSON list of lines removed as chrome
        kept   TEXT NOT NULL              -- JSON list of recurring lines kept as article
    );
    CREATE TABLE site_health (
        run_id       INTEGER NOT NULL,
        site         TEXT NOT NULL,
        pages        INTEGER NOT NULL,    -- pages saved (new or updated) this run
        median_chars INTEGER NOT NULL,
        empty        REAL NOT NULL,       -- shares in [0, 1]
        low_quality  REAL,                -- NULL when no document had a quality score
        authors      REAL NOT NULL,
        dates        REAL NOT NULL,
        alert        TEXT,                -- the line printed when the figures fell
        PRIMARY KEY (run_id, site)
    );
    """,
    # 6: why a page failed and under which fetch settings (so it is tried again when
    # they change), and the feeds and sitemaps that failed, with why.
    """
    ALTER TABLE urls ADD COLUMN cause TEXT;     -- transient gone refused permanent
    ALTER TABLE urls ADD COLUMN settings TEXT;  -- retries.settings_id at the failure
    CREATE TABLE sources (
        url        TEXT PRIMARY KEY,
        kind       TEXT NOT NULL,               -- feed sitemap
        last_error TEXT,                        -- NULL when the last read worked
        failures   INTEGER NOT NULL DEFAULT 0,  -- runs in a row it failed
        checked_at TEXT NOT NULL,               -- UTC, ISO 8601
        run        INTEGER NOT NULL             -- the last run that read it
    );
    """,
    # 7: URLs are stored without user names and passwords (scraper.credentials); older
    # states kept them in plain text. scraper_redact is statedb's SQL function; a page
    # stored both with and without a login keeps its row without.
    """
    UPDATE OR IGNORE urls SET url = scraper_redact(url) WHERE url LIKE '%@%';
    DELETE FROM urls WHERE url != scraper_redact(url);
    UPDATE urls SET source = scraper_redact(source), canonical = scraper_redact(canonical),
        duplicate_of = scraper_redact(duplicate_of), last_error = scraper_redact(last_error)
        WHERE source LIKE '%@%' OR canonical LIKE '%@%' OR duplicate_of LIKE '%@%'
        OR last_error LIKE '%@%';
    UPDATE OR IGNORE sources SET url = scraper_redact(url) WHERE url LIKE '%@%';
    DELETE FROM sources WHERE url != scraper_redact(url);
    UPDATE sources SET last_error = scraper_redact(last_error) WHERE last_error LIKE '%@%';
    UPDATE OR IGNORE site_pages SET url = scraper_redact(url) WHERE url LIKE '%@%';
    DELETE FROM site_pages WHERE url != scraper_redact(url);
    UPDATE site_health SET alert = scraper_redact(alert) WHERE alert LIKE '%@%';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
