"""A real Scrapy crawl through ``ScraperPipeline``, run by test_scrapy.py in a subprocess.

    python tests/scrapy_crawl.py OUT.jsonl URL...
    python tests/scrapy_crawl.py --stuck OUT.jsonl STUCK_URL NEXT_URL

Each page is yielded as ``{"response": response, "section": "news"}``, except pages
whose path ends in ``/2``, which are yielded as their parts (url, body, headers,
status). Items are written as JSON Lines by Scrapy's own feed exporter.

With ``--stuck``, the crawl starts at STUCK_URL (a page the parser is stuck on until
its time limit, 10 s) and only then asks for NEXT_URL; ``OUT.jsonl.order`` gets a line
per item, in the order Scrapy's signals report them: ``scraped URL`` or ``dropped URL``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess


class Pages(scrapy.Spider):
    name = "pages"

    def parse(self, response: Any) -> Iterator[dict[str, Any]]:
        if response.url.endswith("/2"):
            yield {
                "url": response.url,
                "body": response.body,
                "headers": response.headers,
                "status": response.status,
                "section": "news",
            }
        else:
            yield {"response": response, "section": "news"}


class StuckThenNext(scrapy.Spider):
    """The stuck page's item first, then the request for the next page."""

    name = "stuck"

    def parse(self, response: Any) -> Iterator[Any]:
        yield {"response": response}
        yield scrapy.Request(self.next_url, callback=self.parse_next)

    def parse_next(self, response: Any) -> Iterator[dict[str, Any]]:
        yield {"response": response}


SETTINGS = {
    "ITEM_PIPELINES": {"scraper.scrapy.ScraperPipeline": 300},
    "SCRAPER_WORKERS": 1,
    "SCRAPER_MAX_DEPTH": 4000,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}


def main(out: str, urls: list[str]) -> None:
    feeds = {"FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}}}
    process = CrawlerProcess(settings={**SETTINGS, **feeds})
    process.crawl(Pages, start_urls=urls)
    process.start()


def stuck(out: str, stuck_url: str, next_url: str) -> None:
    # Two cleaning processes: the stuck page holds one until its time limit.
    settings = {**SETTINGS, "SCRAPER_WORKERS": 2, "SCRAPER_TIME_LIMIT": 10}
    process = CrawlerProcess(settings=settings)
    crawler = process.create_crawler(StuckThenNext)
    order = open(out + ".order", "w", encoding="utf-8")  # noqa: SIM115 (closed below)

    def scraped(item: Any, response: Any, spider: Any) -> None:
        order.write(f"scraped {item['source']}\n")

    def dropped(item: Any, response: Any, exception: Any, spider: Any) -> None:
        order.write(f"dropped {response.url}\n")

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(dropped, signal=signals.item_dropped)
    process.crawl(crawler, start_urls=[stuck_url], next_url=next_url)
    process.start()
    order.close()


if __name__ == "__main__":  # required: the cleaning processes import this script
    if sys.argv[1] == "--stuck":
        stuck(*sys.argv[2:5])
    else:
        main(sys.argv[1], sys.argv[2:])
