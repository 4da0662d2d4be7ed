"""A news story's byline and dateline under its dek (above the second paragraph of
prose) are left out, as news truths do; a line naming the author lower in the story, and
a sentence that starts with the author's name, stay."""

from __future__ import annotations

import json

import pytest

import scraper.extraction.pipeline as pipeline
from scraper import extract
from tests.test_news_notes import STORY

_NEWS = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Bridge",
    "author": {"@type": "Person", "name": "Jane Doe"},
}
DEK = (
    "The council approved the new bridge over the river late on Monday evening, after a "
    "decade of debate about its cost and its route through the old town."
)


def page(body: str) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(_NEWS)}</script>"
    head = f"<head><title>Bridge</title>{script}</head>"
    return f"<html>{head}<body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    "line", ["Jane Doe2 minutes ago", "By Jane Doe", "Written by Jane Doe", "May 3, 2024"]
)
def test_a_byline_under_the_dek_goes(line: str) -> None:
    text = extract(page(f"<p>{DEK}</p><p>{line}</p>{STORY}")).text
    assert "decade of debate" in text
    assert "Monday evening" in text
    assert line not in text


def test_without_the_rule_the_byline_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the rule changes: the article's own rules leave a byline under a dek.
    monkeypatch.setattr(pipeline, "drop_head_bylines", lambda blocks, authors: blocks)
    text = extract(page(f"<p>{DEK}</p><p>Jane Doe2 minutes ago</p>{STORY}")).text
    assert "Jane Doe2 minutes ago" in text


def test_a_line_naming_the_author_inside_the_story_stays() -> None:
    cut = STORY.index("</p>", STORY.index("</p>") + 1) + len("</p>")
    story = STORY[:cut] + "<p>Jane Doe, the mayor</p>" + STORY[cut:]
    text = extract(page(f"<p>{DEK}</p>{story}")).text
    assert "Jane Doe, the mayor" in text


def test_a_sentence_that_opens_with_the_authors_name_stays() -> None:
    line = "Jane Doe was there."
    text = extract(page(f"<p>{DEK}</p><p>{line}</p>{STORY}")).text
    assert line in text
