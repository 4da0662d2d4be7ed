"""A news story's echoes (a pull quote beside the paragraph it quotes, a summary line
the body repeats): the story's own, fuller copy stays, as news truths keep it."""

from __future__ import annotations

from scraper import extract
from scraper.extraction.blocks import Block
from scraper.extraction.notes import drop_echoes
from tests.test_news_notes import _BLOG, _NEWS, STORY, page

QUOTE = "We will build it, and it will stand for a hundred years, whatever the river does"
PARAGRAPH = f"The mayor was firm. “{QUOTE}”, she told the council on its last evening."


def test_a_pull_quote_of_a_news_story_goes_and_its_paragraph_stays() -> None:
    html = page(f"{STORY}<blockquote><p>{QUOTE}</p></blockquote><p>{PARAGRAPH}</p>", _NEWS)
    text = extract(html).text
    assert text.count("hundred years") == 1
    assert "The mayor was firm" in text


def test_a_blog_keeps_its_pull_quote() -> None:
    html = page(f"{STORY}<blockquote><p>{QUOTE}</p></blockquote><p>{PARAGRAPH}</p>", _BLOG)
    assert extract(html).text.count("hundred years") == 2


def _block(text: str, kind: str = "p") -> Block:
    return Block(kind, text, 0, 0, size=len(text))


def test_of_two_same_paragraphs_the_first_stays_and_short_lines_and_lists_are_left() -> None:
    summary = _block(PARAGRAPH.replace("“", "").replace("”", ""))  # the same words
    body = _block(PARAGRAPH)
    short = _block("Read more", "p")
    item = _block(QUOTE, "li")
    blocks = [summary, short, body, short, item, _block(PARAGRAPH + " More.")]
    kept = drop_echoes(blocks)
    assert kept == [short, short, item, blocks[-1]]
    assert drop_echoes([summary, body]) == [summary]
