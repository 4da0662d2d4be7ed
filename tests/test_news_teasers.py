"""Teaser cards under a news story whose headline is a bare link: their blurbs go."""

from __future__ import annotations

import json

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE

_NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge"}
_FAQ = {"@context": "https://schema.org", "@type": "WebPage", "headline": "Bridge"}

STORY = "".join(f"<p>{PROSE} {OTHER}</p>" for _ in range(3))
BLURBS = (
    "The ministry published its figures for the second quarter on Monday morning",
    "Farmers in the north say the drought has cost them half of this year's harvest",
    "A court in the capital has ruled that the old station may not be torn down",
)


def page(body: str, ld: dict[str, str]) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    head = f"<head><title>Bridge</title>{script}</head>"
    return f"<html>{head}<body><div class='page'>{body}</div></body></html>"


def card(n: int, blurb: str, link: str = "") -> str:
    link = link or f"Other story number {n} about the city"
    return (
        f"<div class='card'><div class='pic'><a href='/s/{n}'><img src='/{n}.jpg'></a></div>"
        f"<div class='text'><div class='kicker'><a href='/politics'>Politics</a></div>"
        f"<a class='title' href='/s/{n}'>{link}</a>"
        f"<div class='lead'><p>{blurb}</p></div></div></div>"
    )


def cards(link: str = "") -> str:
    return "".join(card(n, blurb, link) for n, blurb in enumerate(BLURBS))


def test_blurbs_of_teaser_cards_with_a_linked_title_go_from_a_news_story() -> None:
    text = extract(page(f"<article>{STORY}{cards()}</article>", _NEWS)).text
    assert "The council met" in text
    for blurb in BLURBS:
        assert blurb not in text


def test_the_same_shape_stays_on_a_page_that_is_not_a_news_story() -> None:
    # A FAQ's answers under linked questions, posts under linked user names.
    text = extract(page(f"<article>{STORY}{cards()}</article>", _FAQ)).text
    for blurb in BLURBS:
        assert blurb in text


def test_one_card_alone_stays() -> None:
    text = extract(page(f"<article>{STORY}{card(1, BLURBS[0])}</article>", _NEWS)).text
    assert BLURBS[0] in text


def test_paragraphs_after_linked_footnote_numbers_stay() -> None:
    # A reference list: "1" links back to the text; the reference is not a teaser.
    notes = "".join(
        f"<div class='fn'><a href='#r{n}'>{n}</a><p>{blurb}</p></div>"
        for n, blurb in enumerate(BLURBS, start=1)
    )
    text = extract(page(f"<article>{STORY}{notes}</article>", _NEWS)).text
    for blurb in BLURBS:
        assert blurb in text
