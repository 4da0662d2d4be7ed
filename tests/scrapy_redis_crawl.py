"""One crawler of a distributed crawl, run twice at once by test_scrapy.py.

    python tests/scrapy_redis_crawl.py REDIS_URL OUT.jsonl

scrapy-redis's scheduler and dupefilter keep the crawl's queue and seen requests in
Redis, so every crawler started with the same ``REDIS_URL`` takes requests from one
queue and none fetches a page another did. The spider reads its start URLs from the
Redis list ``news:start_urls``, follows the front page's article links and yields each
article page as ``{"response": response}`` to ``ScraperPipeline``; items are written
as JSON Lines by Scrapy's feed exporter. It closes after 5 s with nothing to do.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy_redis.spiders import RedisSpider


class News(RedisSpider):  # type: ignore[misc]  # scrapy-redis ships no type hints
    name = "news"
    redis_key = "news:start_urls"

    def parse(self, response: Any) -> Iterator[Any]:
        if "/article/" in response.url:
            yield {"response": response}
            return
        for href in response.css("a::attr(href)").getall():
            if href.startswith("/article/"):
                yield response.follow(href, self.parse)


def main(redis_url: str, out: str) -> None:
    process = CrawlerProcess(
        settings={
            # scrapy-redis: the shared queue and dupefilter (docs/scrapy.md)
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,  # a crawler that ends first leaves the queue to the rest
            "REDIS_URL": redis_url,
            "MAX_IDLE_TIME_BEFORE_CLOSE": 5,
            # scraper
            "ITEM_PIPELINES": {"scraper.scrapy.ScraperPipeline": 300},
            "SCRAPER_WORKERS": 1,
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}},
            "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
            "DOWNLOAD_DELAY": 0.1,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    process.crawl(News)
    process.start()


if __name__ == "__main__":  # required: the cleaning processes import this script
    main(sys.argv[1], sys.argv[2])
