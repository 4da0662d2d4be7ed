"""Runs of a job against the news site: first run, incremental runs, revalidation."""

from __future__ import annotations

import json

import pytest
from jobs_helpers import run, saved_documents, write_job
from news_site import FLAKY, PRINT, STORY, N, NewsSite, serve

from scraper.exitcodes import ExitCode
from scraper.jobs.state import StateStore

ARTICLE_HITS = "/article/"


@pytest.fixture
def site():
    with serve(NewsSite()) as running:
        yield running


def test_first_run_gets_every_article_once(site, tmp_path):
    report = run(write_job(tmp_path, site))
    assert (report.new, report.duplicates, report.skipped, report.failed) == (N, 4, 1, 0)
    assert report.discovered == N + len(STORY) + len(PRINT) + 1
    assert report.exit_code == ExitCode.OK
    docs = saved_documents(tmp_path / "out")
    assert docs == {site.url(f"/article/{n}"): 1 for n in range(1, N + 1)}
    flaky = [h for h in site.hits(ARTICLE_HITS) if int(h.path.rsplit("/", 1)[1]) in FLAKY]
    assert len(flaky) == 2 * len(FLAKY)  # 503 then 200, inside the run
    assert not site.hits("/private/")


def test_duplicates_recorded_against_the_first(site, tmp_path):
    run(write_job(tmp_path, site))
    with StateStore.open(tmp_path / "state" / "test-news.sqlite") as state:
        for n in STORY:
            row = state.get(site.url(f"/story/{n}"))
            assert (row.status, row.duplicate_of) == ("duplicate", site.url(f"/article/{n}"))
        assert state.get(site.url(f"/print/{PRINT[0]}")).status == "duplicate"
        assert state.counts() == {"duplicate": 4, "saved": N, "skipped": 1}


def test_second_run_fetches_no_page(site, tmp_path):
    job = write_job(tmp_path, site)
    run(job)
    before = len(site.hits(ARTICLE_HITS))
    report = run(job)
    assert (report.new, report.failed, report.discovered) == (0, 0, N + 5)
    assert len(site.hits(ARTICLE_HITS)) == before
    assert all(h.if_none_match is None for h in site.hits(ARTICLE_HITS))


def test_revalidation_sends_conditional_requests_and_304_costs_nothing(site, tmp_path):
    job = write_job(tmp_path, site)
    run(job)
    before = len(site.hits(ARTICLE_HITS))
    report = run(job, revalidate=True)
    hits = site.hits(ARTICLE_HITS)[before:]
    assert len(hits) == N
    assert all(h.if_none_match and h.if_modified_since for h in hits)
    assert (report.not_modified, report.new, report.updated) == (N, 0, 0)


def test_new_article_in_feed_is_the_only_one_fetched(site, tmp_path):
    job = write_job(tmp_path, site)
    run(job)
    before = len(site.hits(ARTICLE_HITS))
    n = site.add_article()
    report = run(job)
    assert [h.path for h in site.hits(ARTICLE_HITS)[before:]] == [f"/article/{n}"]
    assert report.new == 1
    assert saved_documents(tmp_path / "out")[site.url(f"/article/{n}")] == 1


def test_failed_pages_are_retried_on_later_runs_then_given_up(site, tmp_path):
    site.broken.update({40, 41})
    job = write_job(tmp_path, site, extra="retry_limit = 2")
    first = run(job)
    assert (first.new, first.failed, first.exit_code) == (N - 2, 2, ExitCode.SOME_FAILED)
    second = run(job)  # backoff 0: due again at once, fails again, now for good
    assert (second.retried, second.failed) == (2, 2)
    site.heal()
    third = run(job)
    assert (third.retried, third.new) == (0, 0)
    status = StateStore.open(tmp_path / "state" / "test-news.sqlite")
    assert [(u.url, u.status, u.attempts) for u in status.failing()] == [
        (site.url("/article/40"), "failed", 2),
        (site.url("/article/41"), "failed", 2),
    ]
    status.close()


def test_broken_page_heals_on_retry(site, tmp_path):
    site.broken.add(12)
    job = write_job(tmp_path, site)
    assert run(job).failed == 1
    site.heal()
    report = run(job)
    assert (report.retried, report.new, report.failed) == (1, 1, 0)


def test_each_run_appends_one_json_line(site, tmp_path):
    job = write_job(tmp_path, site)
    run(job)
    run(job)
    lines = (tmp_path / "out" / "runs.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["run_id"] for line in lines] == [1, 2]
    assert json.loads(lines[0])["new"] == N


def test_run_while_locked_raises_and_touches_nothing(site, tmp_path):
    from scraper.errors import JobLockedError
    from scraper.jobs.lock import RunLock

    job = write_job(tmp_path, site)
    with RunLock(tmp_path / "state" / "test-news.sqlite"), pytest.raises(JobLockedError):
        run(job)
    assert site.hits() == []
    assert not (tmp_path / "state" / "test-news.sqlite").exists()
