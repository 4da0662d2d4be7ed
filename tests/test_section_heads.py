"""A section's own <header> (heading and blurb) is part of the page; the page's banner
<header> is not (section_heads.py, named.py)."""

from __future__ import annotations

from extraction_helpers import PROSE
from selectolax.lexbor import LexborHTMLParser

from scraper import extract
from scraper.extraction.section_heads import is_section_head

BLURB = "Record your screen and camera on any device, then share the video with one link."
OTHER_BLURB = "Trim clips, add a background and draw on the frame without leaving the app."
QUOTE = (
    "We used to spend whole afternoons in meetings that a two-minute video now replaces, "
    "and the team in the other time zone finally hears the same story as everyone else."
)


def _section(heading: str, blurb: str, tag: str = "h2") -> str:
    items = "".join(f"<li>Feature line {n}</li>" for n in range(4))
    head = f"<header><{tag}>{heading}</{tag}><p>{blurb}</p></header>"
    return f"<section>{head}<ul>{items}</ul></section>"


def _landing(sections: str) -> str:
    quotes = "".join(f"<figure><blockquote>{QUOTE} ({n})</blockquote></figure>" for n in range(4))
    return (
        "<html><head><title>Video messages</title></head><body>"
        "<header class='site'><a href='/'>Home</a><a href='/pricing'>Pricing</a></header>"
        f"<main>{sections}<section><div class='quotes'>{quotes}</div></section></main>"
        "</body></html>"
    )


def test_the_heads_of_a_landing_pages_sections_stay() -> None:
    html = _landing(
        _section("Lightning fast screen recording", BLURB)
        + _section("Edit your videos like a pro", OTHER_BLURB)
    )
    text = extract(html).text
    assert BLURB in text
    assert OTHER_BLURB in text
    assert "Edit your videos like a pro" in text
    assert QUOTE in text


def test_the_pages_banner_still_goes() -> None:
    banner = f"<header><h2>Our company</h2><p>{BLURB}</p></header>"
    sections = _section("Fast recording", PROSE) + _section("Edit like a pro", OTHER_BLURB)
    html = _landing(sections).replace("<header class='site'>", banner + "<header class='site'>")
    text = extract(html).text
    assert OTHER_BLURB in text
    assert BLURB not in text


def _head(html: str) -> bool:
    node = LexborHTMLParser(html).css_first("header, footer")
    assert node is not None
    return is_section_head(node)


def test_what_a_section_head_is() -> None:
    assert _head(f"<section><div><header><h3>Edit</h3><p>{BLURB}</p></header></div></section>")
    assert _head(f"<main><header><h2>Edit</h2><div><p>{BLURB}</p></div></header></main>")
    # An article's header holds a story's headline and byline: heads.py decides.
    assert not _head(f"<article><header><h2>Edit</h2><p>{BLURB}</p></header></article>")
    # The page's own banner, outside any section.
    assert not _head(f"<div><header><h2>Edit</h2><p>{BLURB}</p></header></div>")
    # The page's head, a label without a sentence, a sign-up bar.
    assert not _head(f"<section><header><h1>Edit</h1><p>{BLURB}</p></header></section>")
    assert not _head("<section><header><h2>Edit</h2><p>New!</p></header></section>")
    assert not _head(
        f"<section><header><h2>Edit</h2><p>{BLURB}</p><form></form></header></section>"
    )
    assert not _head(f"<section><header><p>{BLURB}</p></header></section>")
    assert not _head(f"<section><footer><h2>Edit</h2><p>{PROSE}</p></footer></section>")
