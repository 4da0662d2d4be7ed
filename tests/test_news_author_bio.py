"""The author's bio that closes a newsroom's story goes, as news truths leave it out;
the author's name inside the story, and a blog's bio, stay."""

from __future__ import annotations

import json

from scraper import extract
from tests.test_news_notes import STORY

BIO = (
    "Jane Doe is a reporter at the Daily Bridge, where she covers the city council, its "
    "budget and the long story of the new bridge over the river."
)


def page(body: str, kind: str = "NewsArticle") -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": "Bridge",
        "author": {"@type": "Person", "name": "Jane Doe"},
    }
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    head = f"<head><title>Bridge</title>{script}</head>"
    return f"<html>{head}<body><article>{body}</article></body></html>"


def test_the_authors_bio_after_a_news_story_goes() -> None:
    text = extract(page(f"{STORY}<p>Contributing Writer</p><p>{BIO}</p>")).text
    assert "Monday evening" in text
    assert "reporter at the Daily Bridge" not in text
    assert "Contributing Writer" not in text


def test_the_authors_name_inside_the_story_stays() -> None:
    cut = STORY.index("</p>") + len("</p>")
    text = extract(page(STORY[:cut] + f"<p>{BIO}</p>" + STORY[cut:])).text
    assert "reporter at the Daily Bridge" in text


def test_a_blogs_closing_bio_stays() -> None:
    text = extract(page(f"{STORY}<p>{BIO}</p>", "BlogPosting")).text
    assert "reporter at the Daily Bridge" in text
