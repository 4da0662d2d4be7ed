"""On an item's page, a widget's short line repeated per card, variant or slide comes out
once (cards.drop_repeated_lines)."""

from __future__ import annotations

from extraction_helpers import PROSE, STORY

from scraper import extract

PRODUCT = '<meta property="og:type" content="product">'
ARTICLE = '<meta property="og:type" content="website">'
BADGE = "Fast &amp; Free Shipping."
TILE = "Free shipping and returns"


def _page(head: str) -> str:
    # Three slides of a benefits carousel, each with the same badge and label: text
    # blocks, not the priced cards that cards.py drops as a rail.
    slides = "".join(
        f"<div class='slide'><p>{BADGE}</p><p>{TILE}</p><p>Risk-free trial ({n} of 3)</p></div>"
        for n in range(1, 4)
    )
    body = (
        f"<main><h1>The bridge</h1>{STORY}<div class='benefits'>{slides}</div><p>{PROSE}</p></main>"
    )
    return f"<html><head><title>The bridge</title>{head}</head><body>{body}</body></html>"


def test_on_an_items_page_a_repeated_short_line_comes_out_once() -> None:
    text = extract(_page(PRODUCT)).text
    assert text.count("Fast & Free Shipping.") == 1
    assert text.count(TILE) == 1
    # Lines that differ stay, and so does the article's prose.
    assert "Risk-free trial (3 of 3)" in text
    assert text.count(PROSE) == 4


def test_elsewhere_repeated_short_lines_stay() -> None:
    text = extract(_page(ARTICLE)).text
    assert text.count("Fast & Free Shipping.") == 3
    assert text.count(TILE) == 3


def test_on_an_items_page_a_repeated_short_list_item_comes_out_once() -> None:
    badges = "<ul class='perks'><li>Secure checkout</li><li>Lifetime warranty</li></ul>"
    body = f"<main><h1>The bridge</h1>{STORY}{badges}<p>{PROSE}</p>{badges}</main>"
    html = f"<html><head><title>The bridge</title>{PRODUCT}</head><body>{body}</body></html>"
    text = extract(html).text
    assert text.count("Secure checkout") == 1
    assert text.count("Lifetime warranty") == 1
