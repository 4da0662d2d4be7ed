"""The news gate (``Metadata.news``): a NewsArticle, or a plain Article or BlogPosting
that Open Graph calls an article, is read with news conventions (notes.py)."""

from __future__ import annotations

import json

import pytest

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE

STORY = (
    "".join(f"<p>{PROSE} {OTHER}</p>" for _ in range(3))
    + f"<p>{PROSE.replace('Tuesday', 'Monday')}</p>"
)
NOTE = "With reporting by Jane Doe in the capital."


def _page(kind: str | None, og_type: str | None) -> str:
    head = "<title>Bridge</title>"
    if kind is not None:
        ld = {"@context": "https://schema.org", "@type": kind, "headline": "Bridge"}
        head += f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    if og_type is not None:
        head += f"<meta property='og:type' content='{og_type}'>"
    body = f"<article>{STORY}<p><em>{NOTE}</em></p></article>"
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("kind", "og_type", "news"),
    [
        ("NewsArticle", None, True),
        ("Article", "article", True),
        ("BlogPosting", "Article", True),
        ("Article", None, False),
        ("Article", "website", False),
        (None, "article", False),
        ("WebPage", "article", False),
    ],
)
def test_the_gate_opens_on_a_news_type_or_an_article_that_open_graph_calls_one(
    kind: str | None, og_type: str | None, news: bool
) -> None:
    text = extract(_page(kind, og_type)).text
    assert "Monday evening" in text
    # The closing note in italics goes on news pages only.
    assert ("With reporting" not in text) == news
