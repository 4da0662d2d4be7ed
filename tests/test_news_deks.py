"""A news story's dek, the first text under the headline in the story's ``<header>``
(a subheading, a short paragraph, a box of its own), comes first in its text, as news
truths keep it, whatever the page's description says; a magazine's or a blog's stays
out, as their truths leave it out."""

from __future__ import annotations

import json

from scraper import extract
from tests.test_news_notes import _NEWS, STORY

# Not what the description says, and not ending a sentence.
DEK = "Economists weigh in on the latest jobs numbers and what they mean for the year ahead"
_ARTICLE = {**_NEWS, "@type": "Article"}


def page(dek: str, ld: dict[str, str] = _NEWS, tag: str = "div") -> str:
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    metas = (
        "<meta property='og:type' content='article'>"
        "<meta property='og:description' content='Jobs numbers for the spring, in short'>"
    )
    head = f"<header class='story-head'><h1>Jobs</h1><{tag} class='sub'>{dek}</{tag}></header>"
    body = f"<article>{head}<div class='story-body'>{STORY}</div></article>"
    return f"<html><head><title>Jobs</title>{metas}{script}</head><body>{body}</body></html>"


def test_the_dek_under_a_news_storys_headline_comes_first() -> None:
    text = extract(page(DEK)).text
    assert text.startswith(DEK)
    assert "Monday evening" in text


def test_a_dek_set_as_a_subheading_comes_first() -> None:
    assert extract(page(DEK, tag="h3")).text.startswith(DEK)


def test_a_magazines_dek_in_a_box_stays_out_even_when_it_is_a_sentence() -> None:
    # Article + og:article is news to the other rules, but no newsroom's story.
    assert DEK not in extract(page(DEK + ".", _ARTICLE)).text


def test_a_dek_the_body_already_says_is_not_added_twice() -> None:
    html = page(DEK, tag="h3").replace(STORY, f"<p>{DEK}, in short.</p>{STORY}")
    assert extract(html).text.count(DEK) == 1


def test_the_byline_and_date_under_the_headline_are_no_dek() -> None:
    line = "By Jane Doe, political correspondent in the capital, and John Roe in the north"
    text = extract(page(line)).text
    assert "political correspondent" not in text
    assert "Monday evening" in text
