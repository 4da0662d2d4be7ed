"""A news story's closing notes set in italics or bold: left out, as news truths do."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from scraper import extract
from scraper.extraction.blocks import flatten
from tests.extraction_helpers import OTHER, PROSE

_NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge"}
_BLOG = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Bridge"}


def page(body: str, ld: dict[str, str]) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    head = f"<head><title>Bridge</title>{script}</head>"
    return f"<html>{head}<body><article>{body}</article></body></html>"


# Long enough not to read as a list of links (1,000 size units of prose).
STORY = (
    "".join(f"<p>{PROSE} {OTHER}</p>" for _ in range(3))
    + f"<p>{PROSE.replace('Tuesday', 'Monday')}</p>"
)
NOTE = "With reporting by Jane Doe in the capital."
PROMO = "Do you have a story to tell? Email the newsroom at tips@example.com"


def test_flatten_records_a_paragraph_all_in_emphasis() -> None:
    tree = LexborHTMLParser(
        f"<body><p><em>{NOTE}</em></p><p><b>{PROMO}</b>.</p><p>{PROSE} <i>in part</i></p></body>"
    )
    assert tree.body is not None
    blocks = flatten(tree.body).blocks
    assert [b.emphasis for b in blocks] == [True, True, False]


def test_a_note_in_italics_after_a_news_story_goes() -> None:
    text = extract(
        page(f"{STORY}<p><em>{NOTE}</em></p><p><strong>{PROMO}</strong></p>", _NEWS)
    ).text
    assert "Monday evening" in text
    assert "With reporting" not in text
    assert "story to tell" not in text


def test_emphasized_paragraphs_inside_the_story_stay() -> None:
    quote = "We will build it, and it will stand for a hundred years."
    text = extract(page(f"{STORY}<p><b>{quote}</b></p><p>{OTHER}</p>", _NEWS)).text
    assert "hundred years" in text


def test_a_blog_keeps_its_closing_words_in_italics() -> None:
    text = extract(page(f"{STORY}<p><em>{NOTE}</em></p>", _BLOG)).text
    assert "With reporting" in text


def test_a_long_ending_in_italics_is_the_story_not_a_note() -> None:
    ending = (
        "The mayor closed the meeting with a promise: the bridge would be paid for by the "
        "county, not the town, and no house on the river would be pulled down for its route. "
        "Then he thanked the engineers, who had waited three years for this evening."
    )
    text = extract(page(f"{STORY}<p><em>{ending}</em></p>", _NEWS)).text
    assert "The mayor closed the meeting" in text


def test_a_bold_label_that_heads_what_follows_stays() -> None:
    text = extract(page(f"{STORY}<p><b>Sources:</b></p><p><em>{NOTE}</em></p>", _NEWS)).text
    assert "Sources:" in text


def _live(heads: list[str]) -> str:
    posts = "".join(
        f"<div class='entry'><div class='info'>{head}</div><p>{PROSE} {OTHER} ({n})</p>"
        f"<p>{OTHER} [{n}]</p></div>"
        for n, head in enumerate(heads)
    )
    return page(posts, {"@context": "https://schema.org", "@type": "LiveBlogPosting"})


def test_a_live_blogs_post_heads_go_and_its_posts_stay() -> None:
    text = extract(_live(["21:00Jane Doe", "20:24Jane Doe", "19:11KEY EVENT"])).text
    assert "Jane Doe" not in text
    assert "KEY EVENT" not in text
    assert text.count("Tuesday evening") == 3


def test_two_lines_that_start_with_a_time_are_no_live_blog() -> None:
    text = extract(_live(["21:00 Jane Doe", "20:24 Jane Doe"])).text
    assert "Jane Doe" in text


def test_a_time_that_opens_a_sentence_is_not_a_post_head() -> None:
    heads = ["21:00 The council voted.", "20:24 The mayor spoke.", "19:11 Doors opened."]
    text = extract(_live(heads)).text
    assert "The council voted." in text


PLEA = "Are protests breaking out in your area? Get in touch at tips@example.com"


def test_a_plea_with_an_email_address_in_bold_inside_a_news_story_goes() -> None:
    # Set at the top of a live blog, before its posts: not after the last paragraph.
    text = extract(page(f"<p><b><i>{PLEA}</i></b></p>{STORY}", _NEWS)).text
    assert "Monday evening" in text
    assert "Get in touch" not in text


def test_a_plain_paragraph_with_an_email_address_stays() -> None:
    # The story's own contact line: set as plain text, it is the story's.
    text = extract(page(f"<p>{PLEA}</p>{STORY}", _NEWS)).text
    assert "Get in touch" in text


def test_a_blog_keeps_its_plea_in_bold() -> None:
    text = extract(page(f"<p><b>{PLEA}</b></p>{STORY}", _BLOG)).text
    assert "Get in touch" in text
