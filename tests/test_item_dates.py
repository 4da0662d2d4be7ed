"""A page about an item for sale states no publication date: the dates on it are its
offers', its reviews' and its stock's. scraper guesses none there (htmldate would), but
still takes a date the page states."""

from __future__ import annotations

import json

import pytest

from scraper import extract

URL = "https://shop.example/2024/03/05/oak-table"
PROSE = "<p>" + "A solid oak table with a waxed finish for six people. " * 8 + "</p>"


def _page(head: str) -> str:
    return (
        f"<html><head><title>Oak table</title>{head}</head><body><h1>Oak table</h1>"
        f"{PROSE}<p>Reviews: 4.5 of 5</p></body></html>"
    )


def _ld(kind: str) -> str:
    thing = {"@context": "https://schema.org", "@type": kind, "name": "Oak table"}
    return f'<script type="application/ld+json">{json.dumps(thing)}</script>'


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:type" content="product">',
        '<meta property="og:type" content="product.group">',
        '<meta property="og:type" content="shop_sharing:product">',
        _ld("Product"),
        _ld("ProductGroup"),
    ],
)
def test_no_date_is_guessed_for_an_item(head: str) -> None:
    assert extract(_page(head), url=URL).published is None


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<meta property="og:type" content="article">',
        '<meta property="og:type" content="productivity-blog">',
        _ld("Product") + _ld("Article"),
    ],
)
def test_a_date_is_guessed_for_other_pages(head: str) -> None:
    assert extract(_page(head), url=URL).published == "2024-03-05"


def test_an_items_stated_date_is_kept() -> None:
    head = (
        '<meta property="og:type" content="product">'
        '<meta property="article:published_time" content="2023-01-02T10:00:00Z">'
    )
    assert (extract(_page(head), url=URL).published or "").startswith("2023-01-02")
