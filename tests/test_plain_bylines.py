"""A byline no markup names: "By Jane Doe" as plain text just under the headline is the
author, even in a banner outside the article's container; a "by" that sorts, filters or
quotes is not, nor one below the article's prose."""

from __future__ import annotations

import pytest

from scraper import extract

PROSE = "<p>" + "A sentence of the article that is long enough to count. " * 10 + "</p>"


def _page(under_headline: str, after_prose: str = "") -> str:
    return (
        "<html><head><title>Ten trends in catering</title></head><body>"
        '<nav><a href="/">Home</a></nav><div class="article-banner"><h1>Ten trends in'
        f" catering</h1>{under_headline}</div><article>{PROSE}{after_prose}{PROSE}</article>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("under_headline", "expected"),
    [
        ('<p class="text-with-icon">By Amy Wilhelm</p>', ("Amy Wilhelm",)),
        ('<div class="meta"><span>By</span> <a href="/p/12">Jerry Chu</a></div>', ("Jerry Chu",)),
        ('<p class="lede-meta">Written by Angela Holliday-Bell, MD</p>', ("Angela Holliday-Bell",)),
        (
            '<div class="m"><span>Von Jan Sellner</span><span>12.03.2025</span></div>',
            ("Jan Sellner",),
        ),
        ('<ul class="entry-meta"><li>Author: Chase Bernath</li></ul>', ("Chase Bernath",)),
    ],
)
def test_a_plain_byline_under_the_headline_names_the_author(
    under_headline: str, expected: tuple[str, ...]
) -> None:
    assert extract(_page(under_headline)).authors == expected


@pytest.mark.parametrize(
    "under_headline",
    [
        '<div class="toolbar">Sort by popularity</div>',
        '<div class="toolbar">Shop by Category</div>',
        "<p>by the way, nothing here is a name</p>",
        '<p class="s">Powered by Gentoo Wiki</p>',
        '<p class="s">By signing up you agree</p>',
    ],
)
def test_a_by_that_is_no_byline_names_nobody(under_headline: str) -> None:
    assert extract(_page(under_headline)).authors == ()


def test_a_by_line_below_the_prose_is_no_byline() -> None:
    assert extract(_page("", after_prose='<p class="q">By Maria Quotedperson</p>')).authors == ()


def test_a_marked_byline_still_comes_first() -> None:
    html = _page('<p class="byline">Lena Marked</p><p class="x">By Otto Plain</p>')
    assert extract(html).authors == ("Lena Marked",)


def test_a_by_sentence_above_the_prose_in_the_article_names_nobody() -> None:
    html = (
        "<html><head><title>Ten trends</title></head><body><article><h1>Ten trends</h1>"
        f"<p>by the way, nothing here is a name</p>{PROSE}{PROSE}</article></body></html>"
    )
    assert extract(html).authors == ()
