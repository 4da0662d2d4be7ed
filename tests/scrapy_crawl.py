"""A real Scrapy crawl through ``ScraperPipeline``, run by test_scrapy.py in a subprocess.

    python tests/scrapy_crawl.py OUT.jsonl URL...

Each page is yielded as ``{"response": response, "section": "news"}``, except pages
whose path ends in ``/2``, which are yielded as their parts (url, body, headers,
status). Items are written as JSON Lines by Scrapy's own feed exporter.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import scrapy
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


def main(out: str, urls: list[str]) -> None:
    process = CrawlerProcess(
        settings={
            "ITEM_PIPELINES": {"scraper.scrapy.ScraperPipeline": 300},
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}},
            "SCRAPER_WORKERS": 1,
            "SCRAPER_MAX_DEPTH": 4000,
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    process.crawl(Pages, start_urls=urls)
    process.start()


if __name__ == "__main__":  # required: the cleaning processes import this script
    main(sys.argv[1], sys.argv[2:])
