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
