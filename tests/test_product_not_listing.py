"""A page whose JSON-LD offers a product is that product's page, however short its text:
it is not read as a list of links, so the linked names in its rails of other products are
not its content (Metadata.sold, listing.py)."""

from __future__ import annotations

from scraper import extract

PRODUCT_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "Product", "name": "Engraved Silver Belt Buckle", '
    '"offers": {"@type": "Offer", "price": "335.00", "priceCurrency": "USD"}}</script>'
)
CATEGORY_OG = '<meta property="og:type" content="product">'
DESCRIPTION = (
    "You will love the shimmering accent stone against the silver look of this engraved "
    "buckle, cast by hand in our workshop and finished with a polish that lasts for years."
)
OTHERS = (
    "Longhorn Silver Engraved Buckle",
    "Deer Belt Buckle",
    "Bandera Texas Buckle",
    "Wild Hog Belt Buckle",
    "Crystal Rope Buckle",
    "Youth Oval Buckle with Rope",
)


def _page(head: str) -> str:
    # A short description (far less prose than a listing's threshold) above a grid of
    # other products: an image and a linked name each, no price (not a priced rail).
    cards = "".join(
        f"<div class='item'><a href='/shop/{n}'><img src='/{n}.jpg' alt=''></a>"
        f"<h2><a href='/shop/{n}'>{name}</a></h2></div>"
        for n, name in enumerate(OTHERS)
    )
    body = (
        "<div class='summary'><h1>Engraved Silver Belt Buckle</h1><p>$ 335.00</p>"
        f"<p>{DESCRIPTION}</p></div>"
        f"<section><h2>You may also want</h2><div class='grid'>{cards}</div></section>"
    )
    title = "<title>Engraved Silver Belt Buckle</title>"
    return f"<html><head>{title}{head}</head><body>{body}</body></html>"


def test_a_product_page_is_not_read_as_a_list_of_links() -> None:
    text = extract(_page(PRODUCT_LD), "https://shop.example/buckle").text
    assert DESCRIPTION in text
    assert not any(name in text for name in OTHERS)


def test_a_category_page_with_an_open_graph_product_type_stays_a_list() -> None:
    # Shops put og:type "product" on category grids too: the links are its content.
    text = extract(_page(CATEGORY_OG), "https://shop.example/buckles").text
    assert all(name in text for name in OTHERS)
