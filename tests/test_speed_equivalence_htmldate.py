"""htmldate's steps as ``guess_date`` takes them (``htmldate_flow.py``, session 13), three
of them skipped where their answer is known, give ``find_date``'s answer: on random pages
built from pieces that each step reads (a canonical link, meta dates, JSON-LD, ``<abbr>``,
date classes, ``<time>``, timestamps in attributes, an image URL, idiosyncratic dates,
bare dates in the text, split by a script or a style, and in attributes only), and the
test for a numeric core finds one where htmldate's pattern does."""

from __future__ import annotations

import random

import htmldate
import pytest
from htmldate.extractors import DATE_CORE_PATTERN

from scraper.extraction import htmldate_flow
from scraper.extraction.htmldate_flow import _has_date_core, _steps, page_date

_HEAD = [
    '<link rel="canonical" href="https://example.org/2021/04/05/story">',
    '<link rel="canonical" href="https://example.org/story">',
    '<meta property="article:published_time" content="2020-02-03T04:05:06Z">',
    '<meta name="description" content="2019-01-01 notes">',
    '<script type="application/ld+json">{"datePublished": "2018-06-07T08:09:10Z"}</script>',
    '<SCRIPT type="application/ld+json">{"datePublished": "2017-05-06"}</SCRIPT>',
    '<script type="application/ld+json">{"name": "x"}</script>',
    '<meta property="og:image" content="https://cdn.example.org/2016/03/04/a.jpg">',
    "<style>.a{}</style>",
    "<title>Report 2015-04-05</title>",
]
_BODY = [
    "<p>text</p>",
    "<div>",
    "</div>",
    '<abbr class="published" title="2014-03-02">x</abbr>',
    '<span class="date">March 4, 2013</span>',
    '<div class="meta">2012-11-10</div>',
    '<time datetime="2011-10-09">then</time>',
    '<a data-x="2010-09-08T07:06:05">link</a>',
    '<img data-src="/img/2009-08-07.png">',
    "<p>Datum: 12.03.2021</p>",
    "<p>posted on 11/02/2020</p>",
    "<p>Stand 3.4.21</p>",
    "<p>version 1.2.34</p>",
    "<p>on 2022-03-04 we met</p>",
    "<p>2021-03-<script>var a;</script>04</p>",
    "<p>2021-04-<style>p{}</style>05</p>",
    "<p>1999-12-<b>31</b></p>",
    '<div title="2008-07-06">x</div>',
    "<footer>© 2007</footer>",
    "<small>2006-05-04</small>",
    "<h1>Headline 2005-04-03</h1>",
    "<script>var d = '2004-03-02 10:11:12';</script>",
    "<svg><text>2003-02-01</text></svg>",
    "&amp; 2002-01-0",
    "<!-- 2001-02-03 -->",
    "x",
]
_PLAIN = ["<p>text</p>", "<div>", "</div>", "<b>", "</b>", "x"]
_URLS = [None, "https://example.org/news/story", "https://example.org/2023/01/02/story"]


def _page(rng: random.Random) -> str:
    # Most pieces are plain, so that the later steps are reached often.
    head = "".join(rng.choice(_HEAD) for _ in range(rng.randint(0, 1)))
    body = "".join(
        rng.choice(_BODY) if rng.random() < 0.3 else rng.choice(_PLAIN)
        for _ in range(rng.randint(0, 8))
    )
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _find_date(html: str, url: str | None) -> str | None:
    found: str | None = htmldate.find_date(
        html, url=url, extensive_search=False, original_date=True
    )
    return found


@pytest.mark.skipif(htmldate.__version__ != "1.11.0", reason="the steps are htmldate 1.11.0's")
def test_the_steps_with_the_known_answers_skipped_answer_as_find_date() -> None:
    rng = random.Random(13)
    found = 0
    for _ in range(1500):
        html, url = _page(rng), rng.choice(_URLS)
        expected = _find_date(html, url)
        assert _steps(html, url) == expected, (html, url)
        found += expected is not None
    assert 300 < found < 1200  # both answers are common


def test_another_version_of_htmldate_runs_find_date_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def steps(html: str, url: str | None) -> str | None:
        raise AssertionError("the steps are 1.11.0's")

    monkeypatch.setattr(htmldate_flow, "__version__", "0.0")
    monkeypatch.setattr(htmldate_flow, "_steps", steps)
    html = '<html><body><p class="date">2021-03-04</p></body></html>'
    assert page_date(html, None) == _find_date(html, None) == "2021-03-04"


def test_a_numeric_core_is_found_where_htmldates_pattern_finds_one() -> None:
    rng = random.Random(7)
    for _ in range(30_000):
        text = "".join(rng.choice("0123456789./-a ") for _ in range(rng.randint(0, 14)))
        assert _has_date_core(text) is (DATE_CORE_PATTERN.search(text) is not None), text
