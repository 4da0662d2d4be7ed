"""A lone <article> (or <main>) that holds most of its section's prose is the article;
the boxes beside it in the same section are not (marked.lone_article)."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE, STORY

from scraper import extract
from scraper.extraction import content

EXPERT = (
    "Our sales engineers are a team of experts chosen from across the country, and each "
    "of them brings years of experience in studios, on stages and behind the mixing desk."
)


def _product(article: str) -> str:
    experts = "".join(f"<p>{EXPERT} ({n})</p>" for n in range(3))
    return (
        "<html><head><title>Audio interface</title></head><body><main>"
        f"<section class='product'>{article}"
        f"<section class='team'><h2>Why our engineers?</h2>{experts}</section>"
        "</section></main></body></html>"
    )


def test_the_lone_article_is_the_container() -> None:
    text = extract(_product(f"<article id='desc'><h2>Overview</h2>{STORY}</article>")).text
    assert PROSE in text
    assert OTHER in text
    assert EXPERT not in text


def test_without_the_rule_the_section_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule is what drops the boxes: the deepest element with most of the prose is
    # the whole product section.
    monkeypatch.setattr(content, "lone_article", lambda flat, totals, container, best: container)
    text = extract(_product(f"<article id='desc'><h2>Overview</h2>{STORY}</article>")).text
    assert EXPERT in text


def test_posts_side_by_side_stay() -> None:
    # A thread's posts are articles side by side: the first is not the page.
    first = f"<article><h2>Overview</h2>{STORY}</article>"
    reply = f"<article><p>{EXPERT} (reply)</p></article>"
    text = extract(_product(first + reply)).text
    assert EXPERT in text


def test_an_article_with_less_than_half_the_prose_is_not_the_page() -> None:
    # The <article> holds the most prose of the section's parts, but less than half of
    # it: the section is the page.
    article = "<article>" + "".join(f"<p>{PROSE} ({n})</p>" for n in range(4)) + "</article>"
    aside = "".join(f"<p>{OTHER} ({n})</p>" for n in range(2))
    text = extract(_product(article + f"<div>{aside}</div>")).text
    assert PROSE in text
    assert OTHER in text
    assert EXPERT in text


WELCOME = (
    "Welcome to our new website! We are glad to offer you a faster shop, and you can now "
    "switch currencies and languages at the top right of every page of the store."
)


def _shop(main: str, beside: str) -> str:
    return (
        "<html><head><title>Hair dryer</title></head><body>"
        f"{beside}<main>{main}</main></body></html>"
    )


def test_the_lone_main_is_the_container() -> None:
    # <main> holds two thirds of the page's prose: the box beside it is not the page.
    welcome = "".join(f"<p>{WELCOME} ({n})</p>" for n in range(3))
    text = extract(_shop(f"<div>{STORY}</div>", f"<div class='welcome'>{welcome}</div>")).text
    assert PROSE in text
    assert WELCOME not in text


def test_a_main_with_less_than_half_the_prose_is_not_the_page() -> None:
    main = "".join(f"<p>{PROSE} ({n})</p>" for n in range(4))
    welcome = "".join(f"<p>{WELCOME} ({n})</p>" for n in range(3))
    other = "".join(f"<p>{OTHER} ({n})</p>" for n in range(2))
    text = extract(_shop(main, f"<div>{welcome}</div><div>{other}</div>")).text
    assert PROSE in text
    assert WELCOME in text
    assert OTHER in text


def test_inside_the_marked_element_the_deepest_majority_goes_on() -> None:
    # <main> is marked; inside it, the story's own element holds most of main's prose:
    # the box beside the story in <main> is not the article either.
    welcome = "".join(f"<p>{WELCOME} ({n})</p>" for n in range(3))
    main = f"<div>{STORY}</div><div class='box'><p>{EXPERT}</p></div>"
    text = extract(_shop(main, f"<div>{welcome}</div>")).text
    assert PROSE in text
    assert WELCOME not in text
    assert EXPERT not in text
