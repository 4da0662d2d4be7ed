"""A newsroom's photo captions set as plain lines beside the picture (no ``<figcaption>``)
are left out, as news truths do; the story, a lead beside a portrait in the headline, a
blog's captions and a grid of cards' labels stay."""

from __future__ import annotations

import json

from scraper import extract
from tests.extraction_helpers import PROSE
from tests.test_news_notes import _NEWS, STORY, page

CAPTION = "Former minister Jane Doe at the opening of the bridge"


def photo(caption: str = CAPTION, credit: str = "Photo Agency") -> str:
    # Hashed class names, as the sites that build their own image widgets have: nothing
    # but the structure says "caption".
    return (
        "<div class='sc-kq'><div class='sc-fq'><picture><img src='a.jpg' alt=''></picture>"
        f"</div><div class='sc-eb'>{caption}</div><div class='sc-dc'>{credit}</div></div>"
    )


def story(inset: str) -> str:
    """The story with ``inset`` after its first paragraph."""
    cut = STORY.index("</p>") + len("</p>")
    return STORY[:cut] + inset + STORY[cut:]


def test_a_caption_beside_its_photo_in_a_news_story_goes() -> None:
    text = extract(page(story(photo()), _NEWS)).text
    assert "Monday evening" in text
    assert CAPTION not in text


def test_a_caption_that_ends_a_sentence_goes() -> None:
    text = extract(page(story(photo(CAPTION + " in the capital on Monday.")), _NEWS)).text
    assert "Monday evening" in text
    assert CAPTION not in text


# A caption of two sentences with its photographer's credit in the same line: longer
# than a label, shorter than a paragraph of the story (over 200 size units).
LONG = (
    f"{CAPTION} in the capital, where the council met on Monday. She had argued for the "
    "bridge for a decade, and the vote that approved it came late in the evening after a "
    "long debate in the chamber. Photo: Jane Roe / Photo Agency"
)


def test_a_long_caption_with_its_credit_in_the_line_goes() -> None:
    assert 200 < len(LONG) <= 400
    text = extract(page(story(photo(LONG, "")), _NEWS)).text
    assert "Monday evening" in text
    assert CAPTION not in text


def test_a_paragraph_of_the_story_beside_a_picture_stays() -> None:
    # Longer than any caption: the story's own text, set in a box with its picture.
    paragraph = f"{LONG} {PROSE}"
    assert len(paragraph) > 400
    text = extract(page(story(photo(paragraph, "")), _NEWS)).text
    assert CAPTION in text


def test_a_caption_in_an_article_that_is_no_newsrooms_stays() -> None:
    # An Article that Open Graph calls an article is news to the other news rules, but
    # not a newsroom's: a review's card labels look like captions.
    ld = json.dumps({**_NEWS, "@type": "Article"})
    head = f"<meta property='og:type' content='article'><script type='application/ld+json'>{ld}"
    html = page(story(photo()), _NEWS).replace("<script type='application/ld+json'>", head, 1)
    html = html.replace(json.dumps(_NEWS), "", 1)
    assert CAPTION in extract(html).text


def test_the_same_label_beside_several_pictures_is_a_grid_of_cards() -> None:
    cards = "".join(photo(f"Seller number {n} of the city", "Get a quote") for n in range(3))
    cards += "".join(photo("Price checked today", "") for _ in range(2))
    text = extract(page(story(cards), _NEWS)).text
    assert "Seller number 1 of the city" in text


def test_a_line_beside_a_portrait_in_the_headline_stays() -> None:
    head = (
        "<h2>The bridge <picture><img src='me.jpg' alt=''></picture></h2>"
        "<div class='sc-dk'>We can build anything, only not slowly - a comment</div>"
    )
    text = extract(page(story(f"<div class='sc-hd'>{head}</div>"), _NEWS)).text
    assert "only not slowly" in text
