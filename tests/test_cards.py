"""Rails of product cards (scraper/extraction/cards.py): left out beside a product's own
text, kept when the cards are the page."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scraper import extract
from scraper.extraction.blocks import Block, flatten
from scraper.extraction.cards import _is_price, card_runs, drop_card_runs

DESCRIPTION = (
    "<h1>Trail Kettle 1.2 L</h1>"
    "<p>The kettle boils a litre of water in under four minutes on a small gas stove, "
    "and its folding handle locks in place so that it does not tip over while it heats.</p>"
    "<p>Its body is pressed from one sheet of titanium, with no seam to leak or rust, and "
    "the lid doubles as a small frying pan for an egg or two on the first morning out.</p>"
    "<p>Weighs 180 grams. The stove, a gas canister and two mugs fit inside it, and a "
    "mesh bag keeps them from rattling against each other while you walk all day.</p>"
    "<p>The spout pours in a thin, even stream, so filling a filter or a narrow bottle "
    "spills nothing, and the handle stays cool enough to hold without a glove on.</p>"
    "<p>Every kettle is tested for leaks before it leaves the workshop, and we repair "
    "any that fails in its first ten years of use at no cost to you whatsoever.</p>"
    "<p>Clean it with warm water and a soft brush; soot from a wood fire comes off with "
    "a paste of baking soda, and the titanium takes on a blue sheen over the years.</p>"
)


def _card(n: int, price: str, cls: str = "tile") -> str:
    return (
        f"<li class='{cls}'><a href='/p/{n}'><img src='/i/{n}.jpg' alt=''></a>"
        f"<div class='name'>Camp mug number {n}</div><div class='price'>{price}</div></li>"
    )


def _rail(count: int, price: str = "$14.95") -> str:
    return "".join(_card(n, price) for n in range(count))


def page(body: str) -> str:
    return f"<html><head><title>Trail Kettle</title></head><body>{body}</body></html>"


def test_a_rail_of_priced_cards_under_a_product_goes_with_its_label() -> None:
    html = page(
        f"<main>{DESCRIPTION}<section><h2>Also bought</h2><ul>{_rail(5)}</ul></section></main>"
    )
    text = extract(html).text
    assert "titanium" in text
    assert "Camp mug number 3" not in text
    assert "$14.95" not in text
    assert "Also bought" not in text


def test_a_rail_under_a_short_product_text_goes_too() -> None:
    # Less prose than a listing's threshold: the rail must not make the page a listing.
    short = DESCRIPTION.split("<p>Weighs")[0]
    html = page(f"<main>{short}<h2>Also bought</h2><ul>{_rail(5)}</ul></main>")
    text = extract(html).text
    assert "titanium" in text
    assert "Camp mug number 3" not in text


def test_prices_in_any_currency_mark_the_cards() -> None:
    for price in ("19,99 €", "EUR 355.58", "¥1,200", "1 299 kr", "R$ 59,90"):
        html = page(f"<main>{DESCRIPTION}<ul>{_rail(4, price)}</ul></main>")
        assert "Camp mug number 2" not in extract(html).text, price


def test_a_carousel_that_marks_some_slides_with_a_class_of_their_own_is_one_run() -> None:
    slides = "".join(_card(n, "$9", "slide snap" if n % 3 == 0 else "slide") for n in range(9))
    html = page(f"<main>{DESCRIPTION}<ul>{slides}</ul></main>")
    assert "Camp mug number 4" not in extract(html).text


def test_cards_without_prices_are_not_a_product_rail() -> None:
    # Feature tiles and category links: an icon, a link, a name, no price.
    html = page(f"<main>{DESCRIPTION}<ul>{_rail(4, 'Dishwasher safe')}</ul></main>")
    assert "Camp mug number 2" in extract(html).text


def test_a_grid_of_priced_cards_that_is_the_page_stays() -> None:
    intro = "<h1>Camp mugs</h1><p>Mugs for the trail, from titanium to enamel.</p>"
    html = page(f"<main>{intro}<ul>{_rail(12)}</ul></main>")
    text = extract(html).text
    assert "Camp mug number 11" in text
    assert "$14.95" in text


def test_the_runs_are_measured_without_the_chrome_inside_the_cards() -> None:
    # Each card carries a hidden "why this ad" menu longer than the card itself.
    menu = "<div role='menu'>" + "Why you are seeing this advertisement here. " * 6 + "</div>"
    cards = "".join(
        f"<li><a href='/p/{n}'><img src='/i/{n}.jpg'></a><h3>Camp mug {n}</h3>"
        f"<span>$14.95</span>{menu}</li>"
        for n in range(4)
    )
    tree = LexborHTMLParser(page(f"<main>{DESCRIPTION}<ul>{cards}</ul></main>"))
    assert tree.body is not None
    runs = card_runs(tree.body)
    assert len(runs) == 1
    chrome = {node.mem_id for node in tree.css("[role=menu]")}
    flat = flatten(tree.body, chrome)
    kept, rails = drop_card_runs(flat, runs)
    assert rails == {runs[0].grid}
    texts = [block.text for block in kept.blocks]
    assert not any("Camp mug" in text for text in texts)
    assert any("titanium" in text for text in texts)


SHORT_DESCRIPTION = (
    "<h1>Trail Kettle 1.2 L</h1><div class='price'>$49.00</div>"
    "<p>The kettle boils a litre of water in under four minutes on a small gas stove, "
    "and its folding handle locks in place so that it does not tip over while it heats; "
    "its body is pressed from one sheet of titanium, with no seam to leak or rust.</p>"
)


def _rails(*labels: str) -> str:
    return "".join(f"<section><h2>{label}</h2><ul>{_rail(8)}</ul></section>" for label in labels)


def test_rails_that_outweigh_a_product_with_a_price_and_prose_of_its_own_go() -> None:
    # The rails hold most of the page's text, as on a shop page whose own text is one
    # paragraph; its price and paragraph outside the rails say it is one product's page.
    rails = _rails("Also bought", "Also viewed", "Similar items")
    text = extract(page(f"<main>{SHORT_DESCRIPTION}{rails}</main>")).text
    assert "titanium" in text
    assert "Camp mug number 3" not in text
    assert "Similar items" not in text


def test_a_grid_that_outweighs_an_intro_stays_without_a_price_of_its_own() -> None:
    # A category page: an introduction and a promotion, but no price of its own.
    intro = (
        "<h1>Camp mugs</h1><p>Save up to $20 on mugs this week.</p>"
        "<p>Mugs for the trail, from titanium to enamel: every one of them holds a full "
        "cup of coffee, survives a fall onto rock and weighs less than a hundred grams, so "
        "that it earns its place in a pack that has to be carried up a mountain.</p>"
    )
    text = extract(page(f"<main>{intro}<ul>{_rail(12)}</ul></main>")).text
    assert "Camp mug number 11" in text


def test_a_price_is_a_short_line_of_its_own_not_a_promotion_or_a_range() -> None:
    def block(text: str) -> Block:
        return Block(kind="p", text=text, link_chars=0, owner=0, size=len(text))

    assert _is_price(block("$19.95"))
    assert _is_price(block("From: $39.00"))
    assert _is_price(block("1.299,00 € 999,00 €"))
    assert not _is_price(block("Save up to an extra $200"))
    assert not _is_price(block("$0 - $200"))


def test_cards_whose_classes_add_each_products_id_are_one_run() -> None:
    # A shop writes each product's id and category after the card's class word.
    cards = "".join(
        _card(n, "$12", f"product post-{1700 + n} instock product_cat-mugs-{n}") for n in range(4)
    )
    html = page(f"<main>{DESCRIPTION}<h2>Related products</h2><ul>{cards}</ul></main>")
    text = extract(html).text
    assert "titanium" in text
    assert "Camp mug number 2" not in text
    assert "Related products" not in text
