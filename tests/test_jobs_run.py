"""Runs of a job against the news site: first run, incremental runs, revalidation."""

from __future__ import annotations

import inspect
import json
import re

import pytest
from jobs_helpers import ROOT, run, saved_documents, write_job, write_small_job
from news_site import FLAKY, PRINT, STORY, N, NewsSite, serve

from scraper.exitcodes import ExitCode
from scraper.fetching import Fetcher
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


def test_same_canonical_url_with_other_text_is_a_duplicate_not_saved_twice(site, tmp_path):
    run(write_job(tmp_path, site))
    with StateStore.open(tmp_path / "state" / "test-news.sqlite") as state:
        for n in STORY:
            first, copy = state.get(site.url(f"/article/{n}")), state.get(site.url(f"/story/{n}"))
            assert (copy.status, copy.duplicate_of, copy.file) == ("duplicate", first.url, None)
            assert copy.text_hash != first.text_hash  # only the canonical URL tells
    sources = saved_documents(tmp_path / "out")
    assert not [s for s in sources if "/story/" in s]
    assert all(sources[site.url(f"/article/{n}")] == 1 for n in STORY)


def test_same_text_without_canonical_is_a_duplicate(site, tmp_path):
    run(write_job(tmp_path, site))
    with StateStore.open(tmp_path / "state" / "test-news.sqlite") as state:
        n = PRINT[0]
        first, copy = state.get(site.url(f"/article/{n}")), state.get(site.url(f"/print/{n}"))
        assert (copy.status, copy.duplicate_of) == ("duplicate", first.url)
        assert copy.text_hash == first.text_hash
        assert state.counts() == {"duplicate": 4, "saved": N, "skipped": 1}


def test_page_saved_first_under_its_other_url_keeps_the_article_out(site, tmp_path):
    story, article = site.url(f"/story/{STORY[0]}"), site.url(f"/article/{STORY[0]}")
    assert run(write_small_job(tmp_path, [story])).new == 1
    report = run(write_small_job(tmp_path, [article]))
    assert (report.new, report.duplicates) == (0, 1)
    with StateStore.open(tmp_path / "out" / "state.sqlite") as state:
        assert state.get(article).duplicate_of == story
    assert saved_documents(tmp_path / "out") == {story: 1}


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
    before, files = len(site.hits(ARTICLE_HITS)), files_of(tmp_path / "out")
    report = run(job, revalidate=True)
    hits = site.hits(ARTICLE_HITS)[before:]
    assert len(hits) == N
    assert all(h.if_none_match and h.if_modified_since for h in hits)
    assert (report.not_modified, report.new, report.updated) == (N, 0, 0)
    assert files_of(tmp_path / "out") == files  # no document rewritten


def files_of(out):
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.json")}


def test_revised_page_is_saved_again_and_counted_as_updated(site, tmp_path):
    job = write_small_job(tmp_path, [site.url("/article/1"), site.url("/article/2")])
    run(job)
    site.revised.add(2)
    report = run(job, revalidate=True)
    assert (report.updated, report.not_modified, report.new) == (1, 1, 0)
    docs = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "out").glob("*.json")]
    assert sum("Correction: measure 201" in d["text"] for d in docs) == 1
    assert saved_documents(tmp_path / "out") == {site.url(f"/article/{n}"): 1 for n in (1, 2)}
    with StateStore.open(tmp_path / "out" / "state.sqlite") as state:
        assert state.last_runs(1)[0].counts["updated"] == 1


def test_requests_count_fetch_attempts_but_not_robots_txt(site, tmp_path):
    flaky = min(FLAKY)
    report = run(write_small_job(tmp_path, [site.url("/article/1"), site.url(f"/article/{flaky}")]))
    assert report.new == 2
    assert len(site.hits("/robots.txt")) == 1
    assert report.requests == len(site.hits()) - 1 == 3  # the flaky page answers 503 once
    assert "requests 3 (robots.txt not counted)" in report.summary()


def test_source_that_fails_is_one_error_and_the_rest_is_saved(site, tmp_path):
    job = write_small_job(tmp_path, [site.url("/article/1")], feed=site.url("/gone.xml"))
    report = run(job)
    assert report.new == 1
    assert len(report.errors) == 1
    assert site.url("/gone.xml") in report.errors[0]
    assert "404" in report.errors[0]
    assert report.exit_code == ExitCode.SOME_FAILED


def test_job_code_uses_no_private_fetcher_names():
    attributes = re.findall(r"self\.(_\w+) =", inspect.getsource(Fetcher))
    private = {n for n in [*vars(Fetcher), *attributes] if n.startswith("_") and n[-1] != "_"}
    for path in (ROOT / "scraper" / "jobs").glob("*.py"):
        used = {n for n in private if re.search(rf"\b{n}\b", path.read_text("utf-8"))}
        assert not used, f"{path.name} uses {sorted(used)}"


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
