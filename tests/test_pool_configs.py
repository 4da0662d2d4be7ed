"""Configs given with pages: each page is cleaned with its own, and a long-lived pool
keeps only the last ``MAX_CONFIGS`` (a Dask worker's pool serves run after run, and
with learning is given a config per site per task)."""

from __future__ import annotations

from scraper.config import ExtractConfig
from scraper.model import Page
from scraper.pool import MAX_CONFIGS, CleaningPool

WORDS = b"The harbour committee met on Monday to discuss the old pier. " * 20
DEEP = b"<div>" * 100 + b"<p>%s</p>" % WORDS + b"</div>" * 100


def _page(n: int) -> Page:
    html = b"<html><body><article><h1>Story %d</h1>%s</article></body></html>" % (n, DEEP)
    return Page(data=html, source=f"http://example.test/{n}", url=None)


def test_each_page_gets_its_own_config_and_the_pool_keeps_only_the_recent_ones():
    # Half the pages take one of 2 * MAX_CONFIGS configs in turn (each comes back after
    # being dropped), half a config made for them alone and dropped at once (its id is
    # soon another's): a mixed-up key would clean a page with another page's limit.
    kept = [ExtractConfig(max_depth=50 if k % 3 == 0 else 5000) for k in range(2 * MAX_CONFIGS)]
    given: dict[int, int] = {}  # each page's depth limit

    def config_of(n: int) -> ExtractConfig:
        fresh = 20 + n % 30 if n % 3 == 0 else 5000 + n  # under or over the depth
        config = kept[n // 2 % len(kept)] if n % 2 == 0 else ExtractConfig(max_depth=fresh)
        given[n] = config.max_depth
        return config

    count = 8 * MAX_CONFIGS
    with CleaningPool(ExtractConfig(), workers=2) as pool:
        pages = ((n, _page(n)) for n in range(count))
        results = list(pool.clean_ordered(pages, config_of=config_of))
        held = len(pool._configs)  # private: what the pool holds is the point here
        per_worker = [len(worker.configs) for worker in pool._manager.workers]
    assert [n for n, _ in results] == list(range(count))
    cleaned = [cleaned is not None and cleaned.document is not None for _, cleaned in results]
    assert cleaned == [given[n] >= 5000 for n in range(count)]  # the markup is ~100 deep
    assert 0 < sum(cleaned) < count
    assert held <= MAX_CONFIGS
    assert per_worker
    assert all(size <= MAX_CONFIGS for size in per_worker)
