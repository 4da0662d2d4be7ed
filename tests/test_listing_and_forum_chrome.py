"""The chrome of shop listings and forum threads: result counters, sorting, the poster's
figures beside each post. Shipped as data (``scraper/data/chrome.toml``); the items and
posts around them stay."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE

from scraper import extract, load_rules
from scraper.extraction.rules import CompiledRules, compile_rules


def _rules() -> CompiledRules:
    return compile_rules(load_rules().generic)


def page(body: str) -> str:
    return f"<html><head><title>Desks</title></head><body>{body}</body></html>"


def cards(n: int) -> str:
    return "".join(
        f"<li class='card'><h3>Oak desk number {i}</h3><p>A wide desk of solid oak with two "
        f"drawers, made to order in our workshop in {i + 3} weeks.</p></li>"
        for i in range(n)
    )


def test_a_listings_result_counter_and_sort_box_go_its_items_stay() -> None:
    toolbar = (
        "<div class='toolbar-top'><p class='woocommerce-result-count'>Showing 1–12 of 40 "
        "results</p><div class='sort-by-dropdown'><span>Sort by</span><ul><li>Price</li>"
        "<li>Newest first</li></ul></div></div>"
    )
    text = extract(page(f"<main><h1>Desks</h1>{toolbar}<ul>{cards(8)}</ul></main>")).text
    assert "Oak desk number 0" in text
    assert "Oak desk number 7" in text
    assert "Showing 1–12" not in text
    assert "Sort by" not in text
    assert "Newest first" not in text


@pytest.mark.parametrize(
    "line",
    [
        "Showing 24 of 291 results",
        "Showing 1–12 of 40 results",
        "Viewing 1 - 20 of 133",
        "2 Products",
        "1,204 results",
        "Affichage de 1–12 sur 40 résultats",
        "Zeige 1–24 von 310 Artikeln",
        "Mostrando 1–12 de 45 resultados",
        "Page 2 of 7",
        "Join Date: Aug 2008",
        "Posts: 1,077",
        "Joined: 12/03/2019",
        "20 replies to this topic",
    ],
)
def test_counters_and_posters_figures_are_chrome_lines(line: str) -> None:
    assert _rules().matches_pattern(line)


@pytest.mark.parametrize(
    "line",
    [
        "Showing the way: five ideas for a calmer commute",
        "Viewing 3 of the paintings takes most of an afternoon, so plan your visit early.",
        "Posts: what the council wrote on its own site about the delays to the bridge",
        "The 12 products we tested this year, from cheapest to dearest",
    ],
)
def test_sentences_that_start_like_counters_are_not(line: str) -> None:
    assert not _rules().matches_pattern(line)


def test_the_posters_figures_and_post_tools_go_the_posts_stay() -> None:
    posts = "".join(
        f"<div class='post'><div class='poster'><b>member{n}</b><div>Join Date: Aug 2008</div>"
        f"<div>Posts: 1,077</div></div><div class='text'><p>{text}</p></div>"
        f"<ul class='tools'><li>Quote</li><li>Report post</li></ul></div>"
        for n, text in enumerate((PROSE, OTHER, PROSE + " Again."))
    )
    html = page(f"<main><h1>Bridge plans</h1><p>20 replies to this topic</p>{posts}</main>")
    text = extract(html).text
    assert "The council met" in text
    assert "The contract was awarded" in text
    for chrome in ("Join Date", "1,077", "Report post", "Quote", "20 replies"):
        assert chrome not in text


LANGUAGES = [f"Language number {n}" for n in range(60)]


def _link_list(names: list[str]) -> str:
    return (
        "<ul>"
        + "".join(f"<li><a href='/wiki/{n}'>{name}</a></li>" for n, name in enumerate(names))
        + "</ul>"
    )


def test_a_list_of_links_that_is_most_of_the_article_stays() -> None:
    # Enough prose not to be read as a listing page, and a list of links that outweighs it:
    # the list is the article (an index, a directory), not a menu left in it.
    intro = "".join(f"<p>{PROSE} ({n})</p><p>{OTHER} ({n})</p>" for n in range(3))
    body = f"<main><h1>Languages</h1>{intro}{_link_list(LANGUAGES * 3)}<p>{OTHER}</p></main>"
    text = extract(f"<html><head><title>Languages</title></head><body>{body}</body></html>").text
    assert PROSE in text
    assert "Language number 42" in text


def test_a_short_list_of_links_in_an_article_still_goes() -> None:
    intro = "".join(f"<p>{PROSE} ({n})</p><p>{OTHER} ({n})</p>" for n in range(3))
    body = f"<main><h1>Languages</h1>{intro}{_link_list(LANGUAGES[:5])}<p>{OTHER}</p></main>"
    text = extract(f"<html><head><title>Languages</title></head><body>{body}</body></html>").text
    assert PROSE in text
    assert "Language number 3" not in text
