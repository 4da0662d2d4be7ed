"""``scraper fetch --feed/--sitemap/--crawl``: one-shot discovery without a job file,
against the news site on 127.0.0.1 (robots.txt, same-site links, breadth first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from news_site import FLAKY, NewsSite, serve

from scraper.cli import main
from scraper.exitcodes import ExitCode
from scraper.storage import file_name

FAST = ["--allow-private", "--delay", "0", "--backoff", "0", "--attempts", "2"]


@pytest.fixture
def site():
    with serve(NewsSite()) as running:
        yield running


def _saved(out: Path) -> set[str]:
    return {json.loads(p.read_text("utf-8"))["source"] for p in out.glob("*.json")}


def test_feed_fetches_the_pages_it_lists(site: NewsSite, tmp_path: Path, capsys) -> None:
    code = main(["fetch", "--feed", site.url("/feed.xml"), "--out", str(tmp_path), *FAST])
    assert code == ExitCode.OK
    newest = {site.url(f"/article/{n}") for n in range(site.count, site.count - 20, -1)}
    assert _saved(tmp_path) == newest  # the utm_source copy is the same page
    assert site.hits("/private/") == []  # listed, but robots.txt disallows it
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("fetch: 20 fetched, 0 not modified, 1 skipped (1 robots")


def test_sitemap_follows_its_indexes_up_to_max_pages(site: NewsSite, tmp_path: Path) -> None:
    argv = ["fetch", "--sitemap", site.url("/sitemap.xml"), "--max-pages", "5"]
    assert main([*argv, "--out", str(tmp_path), *FAST]) == ExitCode.OK
    assert _saved(tmp_path) == {site.url(f"/article/{n}") for n in range(1, 6)}
    assert FLAKY & {1, 2, 3, 4, 5}  # a 503 on the way was retried, as for any page
    sitemaps = ["/sitemaps/pages.xml", "/sitemaps/archive.xml", "/sitemaps/news.xml.gz"]
    assert [h.path for h in site.hits("/sitemaps/")] == sitemaps


def test_crawl_is_breadth_first_same_site_and_polite(site: NewsSite, tmp_path: Path) -> None:
    argv = ["fetch", "--crawl", site.url("/"), "--max-pages", "6", "--out", str(tmp_path)]
    assert main([*argv, *FAST]) == ExitCode.OK
    # The front page, then its links in page order: /private/ (robots.txt: skipped,
    # never requested), no image, no other site, then the newest articles.
    newest = [site.url(f"/article/{n}") for n in range(site.count, site.count - 4, -1)]
    assert _saved(tmp_path) == {site.url("/"), *newest}
    assert site.hits("/private/") == []
    assert site.hits("/logo.png") == []
    paths = [h.path for h in site.hits() if h.path != "/robots.txt"]
    assert paths[0] == "/"
    assert sorted(paths[1:]) == sorted(p.removeprefix(site.base) for p in newest)
    assert (tmp_path / file_name(site.url("/"))).exists()


def test_crawl_goes_a_level_deeper_and_stops_at_max_pages(
    site: NewsSite, tmp_path: Path, capsys
) -> None:
    site.count = 2  # the front page links to two articles, which link to /year/ pages
    argv = ["fetch", "--crawl", site.url("/"), "--max-pages", "5", "--out", str(tmp_path)]
    assert main([*argv, *FAST]) == ExitCode.SOME_FAILED  # /year/ pages are 404s
    # Five pages: /, /private/ (skipped by robots.txt), two articles, and the first new
    # link of the next level: article 2's navigation link to /world (a 404).
    page_hits = [h.path for h in site.hits() if h.path != "/robots.txt"]
    assert page_hits[:1] == ["/"]
    assert sorted(page_hits[1:3]) == ["/article/1", "/article/2"]
    assert len(page_hits) == 3  # (the site logs only the paths it serves)
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == f"error: {site.url('/world')}: HTTP 404 Not Found"
    assert err[-1].startswith("fetch: 3 fetched, 0 not modified, 1 skipped (1 robots")


def test_crawl_and_urls_together_are_a_usage_error(tmp_path: Path, capsys) -> None:
    argv = ["fetch", "https://example.com/a", "--crawl", "https://example.com/"]
    assert main([*argv, "--out", str(tmp_path)]) == ExitCode.USAGE
    assert "--crawl starts from one URL" in capsys.readouterr().err
