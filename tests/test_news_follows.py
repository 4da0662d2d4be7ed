"""What follows a news story without the shape of teaser cards: a section under a known
section heading ("You may also like", "Mehr zum Thema") outside the story's element,
and the next story appended in full in plain ``<div>``s. The same heading inside the
story's element, and a post that heads its sections with ``<h1>``s, stay."""

from __future__ import annotations

import json

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE

STORY = "".join(f"<p>{PROSE} ({n})</p><p>{OTHER} ({n})</p>" for n in range(3))
TEASERS = "".join(
    f"<div><img src='/{n}.jpg'><h4>Ferry fares rise for the {n}th time</h4>"
    f"<p>The operator blames higher fuel and staff costs ({n}).</p>"
    f"<a href='/story-{n}'>Read more</a></div>"
    for n in range(4)
)


_NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "The bridge"}


def page(body: str, *, news: bool = True) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(_NEWS)}</script>" * news
    return f"<html><head><title>The bridge</title>{script}</head><body>{body}</body></html>"


def test_a_known_section_heading_after_the_story_takes_its_section() -> None:
    body = (
        f"<div class='page'><section class='story'><h1>The bridge</h1>{STORY}</section>"
        f"<div><h2>You may also like</h2>{TEASERS}</div></div>"
    )
    text = extract(page(body)).text
    assert "(2)" in text
    assert "Ferry fares rise" not in text
    assert "operator blames" not in text


def test_a_known_section_heading_on_a_page_that_is_no_story_stays() -> None:
    body = (
        f"<div class='page'><section class='story'><h1>The bridge</h1>{STORY}</section>"
        f"<div><h2>You may also like</h2>{TEASERS}</div></div>"
    )
    assert "operator blames" in extract(page(body, news=False)).text


def test_a_known_heading_inside_the_storys_element_stays() -> None:
    inside = "<h2>Related</h2><p>The council's earlier plan for a ferry link was voted down.</p>"
    story = f"<section class='story'><h1>The bridge</h1>{STORY}{inside}</section>"
    body = f"<div class='page'>{story}</div>"
    text = extract(page(body)).text
    assert "earlier plan for a ferry link" in text


NEXT = (
    "<div class='story'><h1>Ferry fares rise for the third time this year</h1>"
    + "".join(
        f"<p>The ferry operator said the new fares apply from January, and season tickets "
        f"will cost a fifth more than last year for regular travellers ({n}).</p>"
        for n in range(5)
    )
    + "</div>"
)


def test_the_next_story_appended_in_plain_divs_goes() -> None:
    own = f"<div class='story'><h1>The bridge</h1><div>{STORY}</div></div>"
    body = f"<div id='wrap'>{own}{NEXT}</div>"
    text = extract(page(body)).text
    assert "(2)" in text
    assert "Ferry fares" not in text
    assert "ferry operator said" not in text


def test_a_story_in_another_wrapper_than_the_pages_stays() -> None:
    own = f"<div class='hero'><h1>The bridge</h1><div>{STORY}</div></div>"
    body = f"<div id='wrap'>{own}{NEXT}</div>"
    text = extract(page(body)).text
    assert "ferry operator said" in text


def test_a_post_that_heads_its_sections_with_h1s_keeps_them() -> None:
    sections = "".join(
        f"<section><h1>Part {n} of the plan</h1><p>{PROSE} ({n})</p><p>{OTHER} ({n})</p></section>"
        for n in range(4)
    )
    text = extract(page(f"<article><h1>The bridge</h1>{sections}</article>")).text
    assert "Part 3 of the plan" in text
    assert f"{OTHER} (3)" in text
