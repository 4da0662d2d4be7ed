"""An article hidden until a script shows it (scraper/extraction/revealed.py)."""

from __future__ import annotations

from scraper import extract

SENTENCE = (
    "The almond crisps are baked in small batches from flour, almonds, dried cranberries "
    "and a little sugar, then sliced thin and toasted again until they snap cleanly. "
)
MENU_ITEM = "<li><a href='/c/{n}'>Department {n} and everything else sold in it</a></li>"


# The copy sits in <div>s, not <p>s: a run of paragraphs would be the article's core,
# which no rule removes, hidden or not.
def page(article_style: str, heading: str = "<h1>Almond crisps, cranberry</h1>") -> str:
    menu = "".join(MENU_ITEM.format(n=n) for n in range(150))
    article = f"{heading}" + "".join(f"<div class='copy'>{SENTENCE}</div>" for _ in range(14))
    return (
        "<html><head><title>Almond crisps</title></head><body>"
        f"<div style='display:none'><ul>{menu}</ul></div>"
        f"<div class='product-wrapper defer-block' style='{article_style}'>{article}</div>"
        "<footer><p>© Shop, all rights reserved.</p></footer></body></html>"
    )


def test_an_article_hidden_until_a_script_shows_it_is_kept() -> None:
    text = extract(page("display: none")).text
    assert "toasted again until they snap" in text
    assert "Department 12" not in text


def test_a_hidden_element_without_the_page_heading_stays_hidden() -> None:
    text = extract(page("display: none", heading="<h2>Almond crisps</h2>")).text
    assert "toasted again until they snap" not in text
