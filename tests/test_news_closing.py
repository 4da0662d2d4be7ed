"""A box that closes a news story (a heading and a line or two in a wrapper of their own,
nested deeper than the story's paragraphs): the site's, left out as news truths do."""

from __future__ import annotations

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE
from tests.test_news_notes import _BLOG, _NEWS, page

# Four paragraphs of the story (the same paragraph repeated would count once).
STORY = (
    "".join(f"<p>{PROSE} {OTHER} ({day})</p>" for day in ("Mon", "Tue", "Wed"))
    + f"<p>{PROSE.replace('Tuesday', 'Monday')}</p>"
)

HEAD = "About our partner"
LINE = (
    "The partner magazine belongs to the same publishing group, and its pieces appear "
    "here by agreement between the two newsrooms."
)


def _box(inner: str) -> str:
    return f"<div><div>{inner}</div></div>"


def test_a_box_closing_a_news_story_goes() -> None:
    text = extract(page(STORY + _box(f"<h3>{HEAD}</h3><p>{LINE}</p>"), _NEWS)).text
    assert "Monday evening" in text
    assert HEAD not in text
    assert "publishing group" not in text


def test_a_closing_section_with_its_heading_in_its_own_element_stays() -> None:
    """The story's own last section: the heading right inside its wrapper."""
    text = extract(page(STORY + f"<section><h2>{HEAD}</h2><p>{LINE}</p></section>", _NEWS)).text
    assert HEAD in text
    assert "publishing group" in text


def test_a_box_without_a_heading_or_on_a_blog_stays() -> None:
    """A closing line alone may be the story's; a blog's closing box is its author's."""
    text = extract(page(STORY + _box(f"<p>{LINE}</p>"), _NEWS)).text
    assert "publishing group" in text
    text = extract(page(STORY + _box(f"<h3>{HEAD}</h3><p>{LINE}</p>"), _BLOG)).text
    assert HEAD in text
    assert "publishing group" in text


def test_a_box_longer_than_a_note_stays() -> None:
    """More than a heading and two lines after the story is a part of it."""
    lines = "".join(f"<p>{LINE} ({n})</p>" for n in range(3))
    text = extract(page(STORY + _box(f"<h3>{HEAD}</h3>{lines}"), _NEWS)).text
    assert HEAD in text
