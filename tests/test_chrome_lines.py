"""Chrome that survives as lines of text: menu bars, share buttons, ticker labels.

The seed's article with the chrome swapped for other sites' kinds (the seed itself is
checked line by line in test_clean_golden). Each case must come out as the article and
nothing else, from scraped text and from HTML whose lines are split by ``<br>``.
"""

from __future__ import annotations

import html

import pytest
from clean_helpers import SEED

from scraper import clean_text, extract
from scraper.extraction.rules import is_menu_bar

NBSP = "\u00a0"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
FIRST, LAST = ARTICLE.split("\n")[0], ARTICLE.split("\n")[-1]


@pytest.mark.parametrize(
    "top",
    [
        f"Weather{NBSP} {NBSP} {NBSP}Live Markets",
        f"Home{NBSP}{NBSP}World{NBSP}{NBSP}Business{NBSP}{NBSP}Tech",
        "Home | News | Sport | Weather",
        "Skip to content",
        "Breaking News",
        "Trending: Elections 2024",
        f"Sign in{NBSP}{NBSP}Subscribe",
    ],
)
def test_a_menu_or_ticker_line_above_the_article_goes(top: str) -> None:
    text = clean_text(f"{top}\n\n{ARTICLE}\n\nShare.\nExit mobile version\n").text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST


@pytest.mark.parametrize(
    "tail",
    [
        "Share.\nExit mobile version",
        "Share this:\nFacebook\nTwitter\nEmail",
        "Share\nFacebook\nTwitter\nPinterest\nLinkedIn\nTumblr\nEmail",
        "Facebook Twitter Pinterest LinkedIn Tumblr Email",
        "Tags: Trump, Kim Jong-un, North Korea",
        "© 2024 Daily Herald. All rights reserved.",
    ],
)
def test_share_buttons_and_footer_lines_below_the_article_go(tail: str) -> None:
    text = clean_text(f"Weather{NBSP} {NBSP}Live Markets\n\n{ARTICLE}\n\n{tail}\n").text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST


def test_a_menu_bar_in_html_lines_split_by_br_goes() -> None:
    paragraphs = [html.escape(p) for p in ARTICLE.split("\n") if p and not p.startswith("#")]
    page = (
        f"<html><body><div>Weather{NBSP} {NBSP} {NBSP}Live Markets<br><br>"
        + "<br><br>".join(paragraphs)
        + "<br><br>Share.<br>Exit mobile version</div></body></html>"
    )
    text = extract(page).text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST
    assert "Weather" not in text
    assert "Exit mobile version" not in text


@pytest.mark.parametrize(
    ("line", "html_text", "expected"),
    [
        (f"Weather{NBSP} {NBSP} {NBSP}Live Markets", True, True),
        ("Weather   Live Markets", False, True),  # scraped text keeps its spaces
        ("Weather   Live Markets", True, False),  # in HTML, plain spaces are formatting
        (f"10{NBSP}km", True, False),  # one no-break space binds, it does not separate
        ("Home | News | Sport", False, True),
        ("Driver size | 106 mm", True, False),  # bars in HTML text: a table row
        (f"The pier was closed.{NBSP}{NBSP}Repairs begin in May.", True, False),  # sentences
    ],
)
def test_is_menu_bar(line: str, html_text: bool, expected: bool) -> None:
    assert is_menu_bar(line, html=html_text) is expected


def test_a_table_row_drawn_with_bars_at_the_top_of_an_article_stays() -> None:
    prose = "The headphones use a planar magnetic driver that is larger than most. " * 4
    page = (
        "<html><body><article><p>Driver size | 106 mm<br>Magnet type | Neodymium N50</p>"
        f"<p>{prose}</p><p>{prose}</p></article></body></html>"
    )
    text = extract(page).text
    assert text.startswith("Driver size | 106 mm\nMagnet type | Neodymium N50")
