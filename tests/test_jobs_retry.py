"""Causes that get fixed: a page that answered 404 before it was published, a page
refused by the settings until they changed, `scraper retry`, and sources that failed
listed by `scraper status`. Fetching is against the news site on 127.0.0.1; the
clock is injected, so days pass without waiting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from jobs_helpers import no_sleep, write_small_job
from news_site import NewsSite, serve

from scraper.cli import main
from scraper.exitcodes import ExitCode
from scraper.jobs.job import Job
from scraper.jobs.lock import RunLock
from scraper.jobs.retries import Cause, RetryPolicy

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def site():
    with serve(NewsSite(count=3)) as running:
        yield running


def run_at(job, moment: datetime):
    return Job.from_toml(job).run(clock=lambda: moment, sleep=no_sleep)


def page_hits(site, path: str) -> int:
    return len(site.hits(path))


def with_job_keys(job, keys: str):
    text = job.read_text("utf-8").replace("retry_backoff = 0\n", f"retry_backoff = 0\n{keys}\n")
    job.write_text(text, encoding="utf-8")
    return job


# -- 404 and 410: tried again a few times over days ----------------------------------------


def test_page_that_answered_404_before_it_was_published_is_fetched_later(site, tmp_path):
    job = write_small_job(tmp_path, [site.url("/article/4")])  # the site has 3 articles
    first = run_at(job, T0)
    assert (first.failed, first.exit_code) == (1, ExitCode.SOME_FAILED)
    assert run_at(job, T0 + timedelta(hours=1)).failed == 0  # not due yet (6 hours)
    assert page_hits(site, "/article/4") == 1
    site.add_article()  # published
    later = run_at(job, T0 + timedelta(hours=6))
    assert (later.new, later.retried, later.exit_code) == (1, 1, ExitCode.OK)
    assert len(list((tmp_path / "out").glob("*.json"))) == 1


def test_404_is_tried_on_the_configured_back_off_then_left_failed(site, tmp_path):
    job = with_job_keys(
        write_small_job(tmp_path, [site.url("/article/9")]), "gone_retries = 2\ngone_backoff = 60"
    )
    moments = [T0, T0 + timedelta(seconds=60), T0 + timedelta(seconds=180)]
    for moment in moments:  # first try, then after 60 s, then 120 s more
        assert run_at(job, moment).failed == 1
    assert page_hits(site, "/article/9") == 3
    assert run_at(job, T0 + timedelta(days=30)).failed == 0  # failed: not tried by time
    assert page_hits(site, "/article/9") == 3
    status = Job.from_toml(job).status()
    assert [(u.status, u.attempts, u.cause) for u in status.failing] == [("failed", 3, "gone")]


def test_retry_policy_waits_double_up_to_a_week_and_never_overflow():
    policy = RetryPolicy(limit=100, backoff=3600, gone_retries=4, gone_backoff=21600)
    gone = [policy.next_try(Cause.GONE, n, T0) for n in range(1, 6)]
    assert [g - T0 if g else None for g in gone] == [
        timedelta(hours=6),
        timedelta(hours=12),
        timedelta(hours=24),
        timedelta(hours=48),
        None,
    ]
    assert policy.next_try(Cause.TRANSIENT, 99, T0) == T0 + timedelta(days=7)
    assert policy.next_try(Cause.PERMANENT, 1, T0) is None
    assert policy.next_try(Cause.REFUSED, 1, T0) is None


# -- failures caused by the settings: tried again as soon as they change ----------------


def test_page_refused_as_private_is_fetched_once_allow_private_is_set(site, tmp_path, capsys):
    job = write_small_job(tmp_path, [site.url("/article/1")])
    text = job.read_text("utf-8")
    job.write_text(text.replace("allow_private = true", "allow_private = false"), "utf-8")
    assert main(["run", str(job)]) == ExitCode.SOME_FAILED
    err = capsys.readouterr().err
    assert "refused by the settings; tried again when they change" in err
    assert main(["run", str(job)]) == ExitCode.OK  # same settings: not tried again
    assert page_hits(site, "/article/1") == 0

    job.write_text(text, "utf-8")  # allow_private = true: the cause is fixed
    assert main(["run", str(job)]) == ExitCode.OK
    assert page_hits(site, "/article/1") == 1
    assert len(list((tmp_path / "out").glob("*.json"))) == 1
    runs = (tmp_path / "out" / "runs.jsonl").read_text().splitlines()
    assert json.loads(runs[-1])["retried"] == 1


def test_politeness_settings_do_not_requeue_failed_pages(site, tmp_path):
    job = with_job_keys(write_small_job(tmp_path, [site.url("/article/8")]), "gone_retries = 0")
    assert run_at(job, T0).failed == 1
    job.write_text(job.read_text().replace("delay = 0", "delay = 0.01"), "utf-8")
    assert run_at(job, T0 + timedelta(days=1)).failed == 0
    job.write_text(job.read_text().replace("attempts = 3", "attempts = 2\nmax_bytes = 999999"))
    assert run_at(job, T0 + timedelta(days=2)).failed == 1  # max_bytes decides: tried again
    assert page_hits(site, "/article/8") == 2


# -- scraper retry ---------------------------------------------------------------------------


def test_retry_requeues_named_urls_and_failed_ones(site, tmp_path, capsys):
    urls = [site.url(f"/article/{n}") for n in (1, 2, 3)]
    job = with_job_keys(write_small_job(tmp_path, urls), "retry_limit = 1")
    site.broken.update({2, 3})
    assert main(["run", str(job)]) == ExitCode.SOME_FAILED
    assert main(["run", str(job)]) == ExitCode.OK  # failed: nothing is due
    capsys.readouterr()
    site.heal()
    tried = page_hits(site, "/article/3")

    assert main(["retry", str(job), urls[1], urls[0]]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert out == "small: 1 page re-queued; the next run fetches them\n"
    assert err == f"{urls[0]}: already saved (`scraper run --revalidate` checks it)\n"
    report = Job.from_toml(job).run(sleep=no_sleep)
    assert (report.new, report.retried) == (1, 1)
    assert page_hits(site, "/article/3") == tried  # not named, not re-queued

    assert main(["retry", str(job), "--failed"]) == ExitCode.OK
    assert capsys.readouterr().out == "small: 1 page re-queued; the next run fetches them\n"
    assert Job.from_toml(job).run(sleep=no_sleep).new == 1
    assert len(list((tmp_path / "out").glob("*.json"))) == 3


def test_retry_of_an_unknown_url_exits_1_naming_it(site, tmp_path, capsys):
    job = write_small_job(tmp_path, [site.url("/article/1")])
    assert main(["run", str(job)]) == ExitCode.OK
    capsys.readouterr()
    assert main(["retry", str(job), "https://elsewhere.example/x"]) == ExitCode.SOME_FAILED
    assert capsys.readouterr().err == "https://elsewhere.example/x: not a page of job 'small'\n"


def test_retry_needs_urls_or_failed_and_a_state_and_no_running_job(site, tmp_path, capsys):
    job = write_small_job(tmp_path, [site.url("/article/1")])
    assert main(["retry", str(job)]) == ExitCode.USAGE
    assert "name the URLs to re-queue, or give --failed" in capsys.readouterr().err
    assert main(["retry", str(job), "--failed"]) == ExitCode.USAGE
    assert "has not run yet" in capsys.readouterr().err
    assert main(["run", str(job)]) == ExitCode.OK
    with RunLock(tmp_path / "out" / "state.sqlite", "small"):
        assert main(["retry", str(job), "--failed"]) == ExitCode.LOCKED
    assert "already running" in capsys.readouterr().err


# -- scraper status lists sources that failed -------------------------------------------------


def test_status_lists_a_sitemap_that_answers_404_with_the_reason(site, tmp_path, capsys):
    missing = site.url("/sitemaps/gone.xml")
    job = write_small_job(tmp_path, [site.url("/article/1")])
    text = job.read_text("utf-8")
    job.write_text(
        text.replace("[[source]]\nurls", f'[[source]]\nsitemap = "{missing}"\n[[source]]\nurls')
    )
    assert main(["run", str(job)]) == ExitCode.SOME_FAILED
    assert main(["run", str(job)]) == ExitCode.SOME_FAILED
    capsys.readouterr()
    assert main(["status", str(job)]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    listed = lines[lines.index("sources that failed:") + 1]
    assert listed.startswith(f"  {missing} (sitemap, failed the last 2 runs): {missing}: HTTP 404")
    assert main(["status", "--json", str(job)]) == ExitCode.OK
    [source] = json.loads(capsys.readouterr().out)["failing_sources"]
    assert (source["url"], source["kind"], source["runs"]) == (missing, "sitemap", 2)

    job.write_text(text, "utf-8")  # the source is taken out of the job: no longer listed
    assert main(["run", str(job)]) == ExitCode.OK
    capsys.readouterr()
    assert main(["status", str(job)]) == ExitCode.OK
    assert "sources that failed: none" in capsys.readouterr().out.splitlines()
