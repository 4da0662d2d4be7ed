"""A news story's standfirst (the summary under its headline, set apart from the body)
comes first in its text, as news truths keep it: only a newsroom's story, only in the
story's ``<article>``, only right under the headline, and only when it says what the
page's description says."""

from __future__ import annotations

import json

from scraper import extract
from scraper.extraction.blocks import Block
from scraper.extraction.heads import standfirst
from tests.test_news_notes import _NEWS, STORY

DEK = "The council chose the northern route after three years of dispute over the cost"
_ARTICLE = {**_NEWS, "@type": "Article"}


def page(
    head: str,
    ld: dict[str, str] = _NEWS,
    og: str = "article",
    wrap: str = "article",
    description: str = DEK,
) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    metas = (
        f"<meta property='og:type' content='{og}'>"
        f"<meta property='og:description' content='{description}'>"
    )
    body = (
        f"<{wrap}><div class='top'>{head}</div>"
        f"<div class='story'><div class='text'>{STORY}</div></div></{wrap}>"
    )
    return f"<html><head><title>Bridge</title>{metas}{script}</head><body>{body}</body></html>"


UNDER_HEADLINE = f"<h1>The bridge goes north</h1><h2>{DEK}.</h2>"


def test_the_standfirst_under_the_headline_of_a_news_story_comes_first() -> None:
    text = extract(page(UNDER_HEADLINE)).text
    assert text.startswith(DEK)
    assert "Monday evening" in text


def test_a_standfirst_the_body_already_says_is_not_added_twice() -> None:
    text = extract(page(f"<h1>The bridge goes north</h1><h2>{DEK}.</h2><p>{DEK}.</p>")).text
    assert text.count(DEK) <= 1


def test_a_blogs_subtitle_outside_a_newsrooms_story_is_left_out() -> None:
    # An Article that Open Graph calls an article is news to the other rules, but not a
    # newsroom's NewsArticle: its subtitle is the blog's.
    assert DEK not in extract(page(UNDER_HEADLINE, _ARTICLE)).text


def test_a_summary_outside_any_article_element_is_left_out() -> None:
    assert DEK not in extract(page(UNDER_HEADLINE, wrap="div")).text


def test_a_summary_not_right_under_the_headline_is_left_out() -> None:
    head = f"<h1>The bridge goes north</h1><p>By Jane Doe</p><h2>{DEK}.</h2>"
    assert DEK not in extract(page(head)).text


def test_a_heading_that_says_something_else_is_left_out() -> None:
    description = "Which way the new bridge will cross the river, and what it is going to cost"
    assert DEK not in extract(page(UNDER_HEADLINE, description=description)).text


def _block(text: str, kind: str = "p") -> Block:
    return Block(kind, text, 0, 0, size=len(text))


def test_without_a_flattened_page_or_a_description_nothing_changes() -> None:
    blocks = [_block(DEK)]
    assert standfirst(None, 0, blocks, DEK) is blocks
    assert standfirst(None, -1, blocks, None) is blocks


def _in_header(dek: str) -> str:
    # The story's own <header>: its headline and a standfirst set as a subheading, which
    # the header keeps from being taken for a banner.
    return f"<header><h1>The bridge goes north</h1>{dek}<p>By Jane Doe</p></header>"


def test_a_standfirst_set_as_a_subheading_in_the_articles_header_comes_first() -> None:
    text = extract(page(_in_header(f"<h2>{DEK}</h2>"))).text
    assert text.startswith(DEK)
