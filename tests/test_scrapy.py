"""`scraper.scrapy.ScraperPipeline` in a real Scrapy crawl of the test news site.

The items a spider gets back are the documents `scraper fetch` saves for the same
pages: every key, the same values (only the time of fetching differs).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from clean_helpers import DOCUMENT_KEYS, ROOT, run_cli
from news_site import FLAKY, N, NewsSite, serve
from scale_servers import redis_server

scrapy = pytest.importorskip("scrapy")

from scrapy.exceptions import DropItem  # noqa: E402
from scrapy.settings import Settings  # noqa: E402

from scraper.config import ExtractConfig  # noqa: E402
from scraper.errors import ConfigError  # noqa: E402
from scraper.scrapy import ScraperPipeline, config_from_settings  # noqa: E402
from scraper.storage import file_name  # noqa: E402

FAST = ["--delay", "0", "--backoff", "0", "--attempts", "3"]
CRAWL = Path(__file__).with_name("scrapy_crawl.py")
REDIS_CRAWL = Path(__file__).with_name("scrapy_redis_crawl.py")
ARTICLES = (1, 2, min(FLAKY), 4)  # one flaky: 503 first, then the page


def _without_fetch_time(doc: dict[str, object]) -> dict[str, object]:
    fetch = dict(doc["fetch"])  # type: ignore[call-overload]
    del fetch["fetched_at"]
    return {**doc, "fetch": fetch}


@pytest.mark.slow  # Scrapy and a cleaning process start in a subprocess
def test_a_crawl_gives_the_documents_scraper_fetch_makes(tmp_path: Path):
    site = NewsSite()
    with serve(site):
        urls = [site.url(f"/article/{n}") for n in ARTICLES]
        fetched = run_cli(
            ["fetch", *urls, "--out", str(tmp_path / "fetch"), "--allow-private", *FAST]
        )
        assert fetched.code == 0, fetched.stderr
        site._flaky_seen.clear()  # the crawl meets the same 503 first
        feed = tmp_path / "items.jsonl"
        crawl = subprocess.run(
            [sys.executable, str(CRAWL), str(feed), *urls],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert crawl.returncode == 0, crawl.stderr
    items = [json.loads(line) for line in feed.read_text("utf-8").splitlines()]
    assert sorted(item["source"] for item in items) == sorted(urls)
    for item in items:
        assert list(item)[: len(DOCUMENT_KEYS)] == DOCUMENT_KEYS
        assert item.pop("section") == "news"  # the spider's own keys stay
        saved = json.loads((tmp_path / "fetch" / file_name(item["source"])).read_text("utf-8"))
        assert _without_fetch_time(item) == _without_fetch_time(saved)
        assert item["text"].startswith("Article ")
    attempts = {item["source"]: item["fetch"]["attempts"] for item in items}
    assert attempts[site.url(f"/article/{min(FLAKY)}")] == 2


@pytest.mark.slow  # the stuck page holds a cleaning process for its time limit (10 s)
def test_a_page_stuck_in_cleaning_does_not_hold_up_the_crawl(tmp_path: Path):
    """Cleaning runs in scraper's processes, off Scrapy's reactor: while the first page
    is stuck in the parser, the crawl goes on (its next request is sent, the page
    downloaded, cleaned and exported) and the stuck page is dropped at its time limit.
    A pipeline that cleaned on the reactor would hold everything for the parser's
    minutes: the next page would come after the stuck one, or never."""
    site = NewsSite(flood={1})
    feed = tmp_path / "items.jsonl"
    with serve(site):
        stuck, after = site.url("/article/1"), site.url("/article/4")
        crawl = subprocess.run(
            [sys.executable, str(CRAWL), "--stuck", str(feed), stuck, after],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert crawl.returncode == 0, crawl.stderr
    order = (tmp_path / "items.jsonl.order").read_text("utf-8").splitlines()
    assert order == [f"scraped {after}", f"dropped {stuck}"]
    assert f"{stuck}: time limit of 10s ran out; cleaning abandoned" in crawl.stderr


def test_settings_take_extract_config_names_with_the_prefix(tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\ndomain = "ex.org"\nremove = ["div.promo"]\n')
    settings = Settings(
        {
            "SCRAPER_MAX_DEPTH": "300",
            "SCRAPER_TIME_LIMIT": "none",
            "SCRAPER_GUESS_DATES": "False",
            "SCRAPER_RULES": str(rules),
            "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 5_000_000,  # Scrapy's own: left alone
        }
    )
    config = config_from_settings(settings)
    assert (config.max_depth, config.time_limit, config.guess_dates) == (300, None, False)
    assert config.max_bytes == ExtractConfig().max_bytes
    assert config.rules is not None
    assert [site.domain for site in config.rules.sites][-1] == "ex.org"
    with pytest.raises(ConfigError, match="SCRAPER_MAX_DEPTH"):
        config_from_settings(Settings({"SCRAPER_MAX_DEPTH": "deep"}))


def test_items_without_a_page_pass_through_and_non_html_is_dropped():
    pipeline = ScraperPipeline()
    item = {"title": "not a page"}
    assert asyncio.run(pipeline.process_item(item)) is item
    pdf = {
        "url": "https://ex.org/a.pdf",
        "body": b"%PDF-1.7",
        "headers": {"Content-Type": "application/pdf"},
    }
    with pytest.raises(
        DropItem, match=r"https://ex.org/a.pdf: not HTML \(content type application/pdf\)"
    ):
        asyncio.run(pipeline.process_item(pdf))


@pytest.mark.slow  # two crawlers, each with its cleaning process, and a Redis server
def test_two_crawlers_sharing_redis_clean_every_page_once(tmp_path: Path):
    """scrapy-redis as docs/scrapy.md sets it up: two crawler processes take requests
    from one queue in Redis; between them each article is fetched and cleaned once,
    into the document `scraper fetch` makes of it."""
    redis = pytest.importorskip("redis")
    site = NewsSite()
    with serve(site), redis_server(tmp_path) as url:
        articles = [site.url(f"/article/{n}") for n in range(1, N + 1)]
        fetched = run_cli(
            ["fetch", *articles, "--out", str(tmp_path / "fetch"), "--allow-private", *FAST]
        )
        assert fetched.code == 0, fetched.stderr
        site._flaky_seen.clear()  # the crawl meets the same 503s first
        client = redis.Redis.from_url(url, socket_timeout=5)
        client.lpush("news:start_urls", site.url("/"))
        feeds = [tmp_path / f"crawler-{i}.jsonl" for i in range(2)]
        crawlers = [
            subprocess.Popen(
                [sys.executable, str(REDIS_CRAWL), url, str(feed)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for feed in feeds
        ]
        for crawler in crawlers:
            _, err = crawler.communicate(timeout=180)
            assert crawler.returncode == 0, err
        seen = client.scard("news:dupefilter")
    items = [json.loads(line) for feed in feeds for line in feed.read_text("utf-8").splitlines()]
    assert sorted(item["source"] for item in items) == sorted(articles)  # each once
    assert seen == N  # every article's request, seen in Redis (a start URL is not filtered)
    for item in items:
        saved = json.loads((tmp_path / "fetch" / file_name(item["source"])).read_text("utf-8"))
        assert _without_fetch_time(item) == _without_fetch_time(saved)
