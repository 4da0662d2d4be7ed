"""Which canonical URL a job trusts for finding duplicates."""

from __future__ import annotations

from scraper.jobs.dedup import trusted_canonical


def test_canonical_link_is_trusted() -> None:
    assert trusted_canonical("https://ex.org/a", "https://ex.org/a?utm=x") == "https://ex.org/a"


def test_missing_canonical_falls_back_to_the_fetched_url() -> None:
    assert trusted_canonical(None, "https://ex.org/a") == "https://ex.org/a"


def test_home_page_canonical_on_an_inner_page_is_ignored() -> None:
    assert trusted_canonical("https://ex.org/", "https://ex.org/news/a") == "https://ex.org/news/a"


def test_home_page_canonical_on_the_home_page_is_kept() -> None:
    assert trusted_canonical("https://ex.org/", "https://ex.org") == "https://ex.org/"
