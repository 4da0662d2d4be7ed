"""The state database: schema and migrations, the URL life cycle, refusing foreign files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from jobs_helpers import old_state

from scraper.errors import JobLockedError, StateError
from scraper.jobs.lock import RunLock
from scraper.jobs.migrations import APPLICATION_ID, SCHEMA_VERSION
from scraper.jobs.report import COUNTS
from scraper.jobs.retries import Cause, RetryPolicy
from scraper.jobs.state import Discovered, StateStore

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    with StateStore.open(tmp_path / "state.sqlite") as opened:
        yield opened


def test_new_file_is_wal_versioned_and_marked(tmp_path):
    path = tmp_path / "s" / "state.sqlite"
    StateStore.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


def test_old_schema_is_migrated_keeping_rows(tmp_path):
    path = tmp_path / "state.sqlite"
    old_state(path, 1)
    with StateStore.open(path) as store:
        assert store.counts() == {"saved": 1}
        assert store.last_runs() == []
        store.finish_run(store.begin_run(NOW), NOW, "ok", {"updated": 2, "requests": 3}, 1.0)
        assert store.last_runs()[0].counts["updated"] == 2
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_text_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_text("my notes, not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StateError, match="not an SQLite database"):
        StateStore.open(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StateError, match="not a scraper job state"):
        StateStore.open(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as store:
        store.add_discovered([Discovered(f"http://a.org/{i}", "s") for i in range(500)], NOW)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * 8192  # overwrite pages past the header
    path.write_bytes(bytes(data))
    with pytest.raises(StateError, match="corrupt"):
        StateStore.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "state.sqlite"
    StateStore.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer than this scraper"):
        StateStore.open(path)


def test_missing_file_without_create(tmp_path):
    with pytest.raises(StateError, match="has not run yet"):
        StateStore.open(tmp_path / "none.sqlite", create=False)


def test_discovered_urls_are_counted_once(store):
    assert store.add_discovered([Discovered("http://a.org/1", "f")], NOW) == 1
    found = [Discovered("http://a.org/1", "f"), Discovered("http://a.org/2", "f")]
    assert store.add_discovered(found, NOW) == 1
    assert [r.url for r in store.due(NOW, revalidate=False)] == ["http://a.org/1", "http://a.org/2"]


TRANSIENT = RetryPolicy(limit=3, backoff=60)


def test_transient_failure_backs_off_then_fails(store):
    url = "http://a.org/1"
    store.add_discovered([Discovered(url, "f")], NOW)
    fail = {"cause": Cause.TRANSIENT, "policy": TRANSIENT, "settings": "s1"}
    assert store.record_failure(url, "503", now=NOW, **fail) == "retry"
    assert store.due(NOW, revalidate=False) == []
    assert [r.url for r in store.due(NOW + timedelta(seconds=60), revalidate=False)] == [url]
    later = NOW + timedelta(seconds=60)
    assert store.record_failure(url, "503", now=later, **fail) == "retry"
    assert store.due(later + timedelta(seconds=119), revalidate=False) == []
    final = later + timedelta(seconds=120)
    assert store.record_failure(url, "503", now=final, **fail) == "failed"
    assert store.failing()[0].attempts == 3
    far = final + timedelta(days=365)
    assert store.due(far, revalidate=False, settings="s1") == []  # same settings: not due
    assert [r.url for r in store.due(far, revalidate=False, settings="s2")] == [url]


def test_permanent_failure_waits_for_other_settings_or_a_requeue(store):
    store.add_discovered([Discovered("http://a.org/x", "f")], NOW)
    status = store.record_failure(
        "http://a.org/x", "403", cause=Cause.PERMANENT, policy=RetryPolicy(), now=NOW, settings="s"
    )
    assert status == "failed"
    assert store.due(NOW + timedelta(days=30), revalidate=False, settings="s") == []
    assert store.requeue(["http://a.org/x", "http://a.org/unknown"]) == ["http://a.org/x"]
    [row] = store.due(NOW, revalidate=False, settings="s")
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "403")


def test_duplicate_found_by_text_or_canonical(store):
    store.add_discovered([Discovered(f"http://a.org/{i}", "f") for i in (1, 2, 3)], NOW)
    store.record_saving(
        "http://a.org/1",
        file="a1.json",
        text_hash="h1",
        canonical="http://a.org/1",
        etag=None,
        last_modified=None,
        now=NOW,
    )
    store.record_saved("http://a.org/1")
    assert store.find_duplicate("http://a.org/2", None, "h1") == "http://a.org/1"
    assert store.find_duplicate("http://a.org/2", "http://a.org/1", "h2") == "http://a.org/1"
    assert store.find_duplicate("http://a.org/2", "http://a.org/2", "h2") is None
    assert store.find_duplicate("http://a.org/1", "http://a.org/1", "h1") is None


def test_recover_settles_interrupted_saves(store, tmp_path):
    store.add_discovered([Discovered(f"http://a.org/{i}", "f") for i in (1, 2)], NOW)
    for i in (1, 2):
        store.record_saving(
            f"http://a.org/{i}",
            file=f"a{i}.json",
            text_hash=f"h{i}",
            canonical=None,
            etag=None,
            last_modified=None,
            now=NOW,
        )
    (tmp_path / "a1.json").write_text("{}")
    assert store.recover(tmp_path) == 2
    assert store.get("http://a.org/1").status == "saved"
    row = store.get("http://a.org/2")
    assert (row.status, row.file) == ("pending", None)


def test_runs_table_keeps_every_count_of_the_report(store):
    counts = {name: i for i, name in enumerate(COUNTS, start=1)}
    run_id = store.begin_run(NOW)
    store.finish_run(run_id, NOW, "ok", counts, 0.5)
    assert store.last_runs(1)[0].counts == counts


def test_run_left_running_is_marked_killed(store):
    first = store.begin_run(NOW)
    second = store.begin_run(NOW)
    store.finish_run(second, NOW, "ok", {"new": 3}, 1.5)
    runs = store.last_runs()
    assert [(r.id, r.outcome) for r in runs] == [(second, "ok"), (first, "killed")]
    assert runs[0].counts["new"] == 3


def test_second_lock_is_refused_until_released(tmp_path):
    state = tmp_path / "state.sqlite"
    message = "job 'news' is already running as process"
    with RunLock(state, "news"), pytest.raises(JobLockedError, match=message):
        RunLock(state, "news").acquire()
    with RunLock(state, "news"):
        pass
