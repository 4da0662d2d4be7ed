"""Shop and product pages: the chrome around a product's own text (WCXB product pages)."""

from __future__ import annotations

import pytest
from extraction_helpers import PROSE, STORY, page

from scraper import extract

# Boxes that only the site's CSS hides (no role, no hidden attribute): a closed dialog, and
# a popover's box, shown on a click or a hover beside the control that opens it.
DIALOG = (
    "<div class='dialog_container'><div class='dialog_body'><p>We've noticed that you've "
    "entered a different store. Do you want to add these items to your cart in this "
    "store instead, or keep shopping where you were?</p></div></div>"
)
POPOVER = (
    "<span class='badge'>Secure transaction</span><div class='a-popover-preload'>"
    "<p>We work hard to protect your security and privacy. Our payment security system "
    "encrypts your information during transmission and never shares it.</p></div>"
)


@pytest.mark.parametrize(
    ("box", "gone"), [(DIALOG, "different store"), (POPOVER, "protect your security")]
)
def test_a_box_named_by_its_class_goes(box: str, gone: str) -> None:
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{box}<p>{PROSE}</p></main>")).text
    assert PROSE in text
    assert gone not in text


LEGAL = (
    "Financing is available to qualified customers, subject to credit approval and a credit "
    "limit, and requires you to select monthly instalments as your payment type at checkout. "
)


def test_the_pages_footer_is_never_its_core_however_long_its_small_print() -> None:
    # The product's text sits in many small blocks (no paragraph run of its own); the
    # footer's legal notes are one long run of paragraphs.
    blocks = "".join(f"<div class='tile'><p>{PROSE} ({n})</p></div>" for n in range(6))
    legal = "".join(f"<p>{n}. {LEGAL * 2}</p>" for n in range(1, 4))
    footer = f"<footer><section class='legal'><div>{legal}</div></section></footer>"
    text = extract(page(f"<main><h1>The bridge</h1>{blocks}</main>{footer}")).text
    assert PROSE in text
    assert "Financing is available" not in text


SPECS = (
    "The frame is welded from recycled aluminium tubing, and every joint is checked by hand "
    "before the bicycle is painted, boxed and sent out to the shop that ordered it."
)
ANSWER = (
    "Yes: the battery comes out with one turn of the key, so that it can be charged indoors "
    "while the bicycle itself stays locked in the shed or in the courtyard downstairs."
)


def test_a_closed_tab_or_accordion_panel_that_holds_prose_stays() -> None:
    tabs = (
        f"<div role='tabpanel' id='tab-1'><p>{PROSE}</p></div>"
        f"<div role='tabpanel' id='tab-2' hidden><p>{SPECS}</p></div>"
        "<h3 role='button' aria-controls='faq-1'>Can I charge it indoors?</h3>"
        f"<div id='faq-1' style='display: none'><p>{ANSWER}</p></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{tabs}</main>")).text
    assert SPECS in text
    assert ANSWER in text


def test_a_closed_menu_or_a_closed_box_without_prose_still_goes() -> None:
    menu = "".join(f"<li><a href='/c/{n}'>Category number {n}</a></li>" for n in range(12))
    closed = (
        "<a href='#menu' aria-controls='menu'>Menu</a>"
        f"<div id='menu' hidden><ul>{menu}</ul></div>"
        f"<div id='box' hidden><p>{ANSWER}</p></div>"  # hidden, but no control opens it
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{closed}</main>")).text
    assert PROSE in text
    assert "Category number 3" not in text
    assert ANSWER not in text


def test_a_panel_that_a_button_opens_stays() -> None:
    # Buttons are taken out of the tree with the other controls; the ids they name in
    # aria-controls still mark the panels they open.
    accordion = (
        "<button aria-expanded='false' aria-controls='faq-1'>Can I charge it indoors?</button>"
        f"<div id='faq-1' hidden><p>{ANSWER}</p></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{accordion}</main>")).text
    assert ANSWER in text


def test_the_collapsing_wrapper_around_a_panel_that_a_button_opens_stays() -> None:
    # The hidden box is the wrapper whose height the accordion animates; the panel the
    # button names is its only child, and its text sits in it between line breaks.
    accordion = (
        "<button aria-controls='panel-1'>Description</button>"
        "<div class='collapse' style='overflow: hidden; display: none'>"
        f"<div role='region' id='panel-1'>{SPECS}<br><br>{ANSWER}</div></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{accordion}</main>")).text
    assert SPECS in text
    assert ANSWER in text


def test_a_panel_that_a_class_hides_stays_when_a_control_opens_it() -> None:
    # Utility-class sites close their accordions with a "hidden" class, not the attribute.
    accordion = (
        "<button aria-controls='faq-2'>Can I charge it indoors?</button>"
        f"<div id='faq-2' class='hidden mt-2'><p>{ANSWER}</p></div>"
        f"<div class='hidden'><p>{SPECS}</p></div>"  # no control opens it: it goes
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{accordion}</main>")).text
    assert ANSWER in text
    assert SPECS not in text


PRODUCT = "<meta property='og:type' content='product'>"
DATED = "<meta property='article:published_time' content='2024-03-03T09:15:00+00:00'>"


@pytest.mark.parametrize(
    ("head", "kept"),
    [
        (PRODUCT, True),
        ("<meta property='og:type' content='website'>", True),
        (PRODUCT + DATED, False),  # a dated page is a story
        ("<meta property='og:type' content='article'>", False),
        ("", False),  # a page that declares no kind is read as a story
    ],
)
def test_the_heading_of_a_page_that_is_no_story_is_part_of_its_text(head: str, kept: bool) -> None:
    # A product's, a service's or a category's heading names what the text is about; a
    # story's headline is its title, and the text leaves it out.
    body = f"<main><h1>Folding Bicycle 20</h1><p>$499.00</p><p>{SPECS}</p>{STORY}</main>"
    text = extract(page(body).replace("</head>", f"{head}</head>")).text
    assert SPECS in text
    assert ("Folding Bicycle 20" in text) is kept


@pytest.mark.parametrize(("kind", "kept"), [("product", True), ("website", False)])
def test_an_items_name_heads_its_text_from_above_the_container(kind: str, kept: bool) -> None:
    # A shop's item: its name sits in the buy box above the description, outside the
    # element that holds the text. A website's page keeps only a heading of its text.
    head = f"<meta property='og:type' content='{kind}'>"
    body = (
        "<div class='buybox'><h1>Folding Bicycle 20</h1><p>$499.00</p></div>"
        f"<div class='description'><p>{SPECS}</p>{STORY}</div>"
    )
    text = extract(page(body).replace("</head>", f"{head}</head>")).text
    assert SPECS in text
    assert ("Folding Bicycle 20" in text) is kept
