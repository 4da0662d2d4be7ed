"""The head of an article: its title when it is all the post says, its standfirst."""

from __future__ import annotations

from scraper import extract


def page(body: str, title: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def test_a_post_that_is_only_its_heading_keeps_the_heading() -> None:
    # A link shared on a forum: the post's <h1> (the page's title) and the linked site.
    title = "Council approves the new bridge across the river after three years of disputes"
    html = page(
        f"<nav><a href='/'>Home</a><a href='/new'>New</a></nav>"
        f"<main><div class='post'><h1>{title}</h1><p><a href='https://x.example'>x.example</a>"
        f"</p></div></main>",
        title,
    )
    text = extract(html).text
    assert "Council approves the new bridge" in text


def test_the_title_heading_still_goes_above_an_article() -> None:
    title = "Council approves the new bridge"
    body = "".join(
        f"<p>The council met on Tuesday evening to discuss the bridge, delayed for three "
        f"years by disputes over its cost and the route it should take ({n}).</p>"
        for n in range(4)
    )
    text = extract(page(f"<main><h1>{title}</h1>{body}</main>", title)).text
    assert "Council approves" not in text
    assert "Tuesday evening" in text


LEAD = (
    "After three years of disputes the council has approved the bridge, and the first "
    "span should stand before the winter floods."
)


def _body(paragraphs: int) -> str:
    return "".join(
        f"<p>The council met on Tuesday evening to discuss the bridge, delayed for three "
        f"years by disputes over its cost and the route it should take ({n}).</p>"
        for n in range(paragraphs)
    )


def test_the_standfirst_in_the_articles_header_element_is_kept() -> None:
    html = page(
        f"<article><header><h1>Bridge plans</h1><p class='preface'>{LEAD}</p></header>"
        f"<div class='text'>{_body(9)}</div></article>",
        "Bridge plans",
    )
    text = extract(html).text
    assert text.startswith("After three years")
    assert "Tuesday evening" in text


def test_an_authors_bio_after_the_byline_in_the_header_is_not_a_standfirst() -> None:
    bio = (
        "Jane Doe has covered the city council for a decade and once walked the whole "
        "river bank in one day."
    )
    html = page(
        f"<article><header><h1>Bridge plans</h1><div><p>By <a href='/jane'>Jane Doe</a></p>"
        f"<p>{bio}</p></div></header><div class='text'>{_body(9)}</div></article>",
        "Bridge plans",
    )
    text = extract(html).text
    assert "Jane Doe has covered" not in text
    assert "Tuesday evening" in text


def test_a_standfirst_does_not_pull_the_sidebar_into_the_article() -> None:
    # Body and sidebar share a wrapper; the body holds 80% of the prose without the
    # header's standfirst and less with it.
    side = (
        "Our reporters answer questions from readers every Friday afternoon, on the "
        "radio and in this column, about roads, parks, buses and the new town hall."
    )
    html = page(
        f"<article><header><h1>Bridge plans</h1><p>{LEAD} {LEAD}</p></header>"
        f"<div class='wrap'><div class='text'>{_body(9)}</div>"
        f"<div class='col'><p>{side}</p></div></div></article>",
        "Bridge plans",
    )
    text = extract(html).text
    assert "Tuesday evening" in text
    assert "Our reporters answer" not in text
