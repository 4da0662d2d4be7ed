"""A section after the article that opens with a short label and goes on as teaser
cards (a linked headline and a blurb each) is not the article, whatever its words and
however long the blurbs; linked headings inside the article's own element stay."""

from __future__ import annotations

from scraper import extract

SENTENCE = (
    "The council met on Monday evening to weigh the plan for the new bridge, and the "
    "vote that followed surprised even those who had argued for it all year long. "
)
ARTICLE = "".join(f"<p>{SENTENCE * 2}Part {n}.</p>" for n in range(5))
BLURB = (
    "A different story from the same site, told in a blurb of several sentences that "
    "runs longer than most teasers do, about a hotel, a cruise and a new restaurant "
    "menu that opened in the spring, with more to say than a single line can hold. "
)


def card(n: int) -> str:
    return (
        f"<div class='card'><h3><a href='/story-{n}'>Another story number {n}</a></h3>"
        f"<p>{BLURB}{BLURB}({n})</p></div>"
    )


def page(after: str, inside: str = "") -> str:
    body = (
        f"<div class='wrap'><div class='story'><h1>Bridge</h1>{ARTICLE}{inside}</div></div>{after}"
    )
    return f"<html><head><title>Bridge</title></head><body>{body}</body></html>"


def test_a_labelled_section_of_teaser_cards_after_the_article_goes() -> None:
    cards = "".join(card(n) for n in range(3))
    text = extract(page(f"<div class='more'><h3>Read This Next</h3>{cards}</div>")).text
    assert "Part 4." in text
    assert "Read This Next" not in text
    assert "Another story number" not in text
    assert "different story from the same site" not in text


def test_cards_inside_the_articles_element_stay() -> None:
    cards = "".join(card(n) for n in range(3))
    text = extract(page("", f"<h2>Our picks</h2>{cards}")).text
    assert "Our picks" in text
    assert "different story from the same site" in text


def test_a_section_that_is_most_of_the_page_stays() -> None:
    cards = "".join(card(n) for n in range(12))
    text = extract(page(f"<div class='more'><h3>Read This Next</h3>{cards}</div>")).text
    assert "Another story number 11" in text


def bare_card(n: int) -> str:
    return (
        f"<article class='post'><a class='title' href='/story-{n}'>Another story number {n}"
        f"</a><p>{BLURB}({n})</p></article>"
    )


def test_blurbs_of_cards_whose_headline_link_went_as_chrome_go() -> None:
    cards = "".join(bare_card(n) for n in range(3))
    html = page(f"<div class='more'><h3>Read This Next</h3>{cards}</div>")
    text = extract(html).text
    assert "Part 4." in text
    assert "different story from the same site" not in text


def test_blurbs_in_cards_that_link_nowhere_stay() -> None:
    cards = "".join(f"<article class='post'><p>{BLURB}({n})</p></article>" for n in range(3))
    text = extract(page(f"<div class='more'><h3>What readers say</h3>{cards}</div>")).text
    assert "different story from the same site" in text
