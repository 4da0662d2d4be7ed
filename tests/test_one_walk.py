"""Speed-ups that find in one walk of the tree what several lookups found: each must
find exactly what the lookups it replaced found (extraction output is byte-identical)."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.config import load_rules
from scraper.extraction import chrome
from scraper.extraction.dom import strip_elements
from scraper.extraction.invisible import INVISIBLE_TAGS, scripts_and_metas, strip_invisible
from scraper.extraction.named import named_chrome
from scraper.extraction.rules import compile_rules

_FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.html"))
_TRICKY = (
    "<html><head><style>h</style><noscript><p>n0</p></noscript></head><body>"
    "<svg><style>s</style><script>x</script><template>t</template>"
    "<foreignObject><style>f</style><noscript>inner</noscript></foreignObject></svg>"
    "<math><style>m</style><mi>x</mi></math><p>ok<template><p>tt</p></template></p>"
    "<STYLE>upper</STYLE><object><object>nested</object></object>"
    "<noscript><p>shown <noscript>twice</noscript></p></noscript>"
    "<select><option>o</option></select><button>b</button><p>end</p></body></html>"
)
_PAGES = [_TRICKY, *(path.read_text(encoding="utf-8", errors="replace") for path in _FIXTURES)]


def _ids(pages: list[str]) -> list[str]:
    return ["tricky", *(path.stem for path in _FIXTURES)][: len(pages)]


@pytest.mark.parametrize("html", _PAGES, ids=_ids(_PAGES))
def test_stripping_in_one_walk_leaves_the_tree_strip_tags_leaves(html: str) -> None:
    tags = ("script", "style", "template", *INVISIBLE_TAGS, "noscript")
    by_tag, one_walk = LexborHTMLParser(html), LexborHTMLParser(html)
    by_tag.strip_tags(list(tags))
    strip_elements(one_walk, tags)
    assert one_walk.html == by_tag.html


def _strip_invisible_by_tag(tree: LexborHTMLParser) -> None:
    """The lookups ``strip_invisible`` replaced: one strip_tags walk per tag."""
    tree.strip_tags(list(INVISIBLE_TAGS))
    body = tree.body
    if body is None:
        return
    hidden = sum(len(n.text(deep=True)) for n in body.css("noscript"))
    if hidden and hidden > 2 * (len(body.text(deep=True)) - hidden):
        tree.unwrap_tags(["noscript"])
    else:
        tree.strip_tags(["noscript"])


_SHELL = "<html><body><div id=app></div><noscript><p>The whole page, for readers.</p></noscript>"


@pytest.mark.parametrize("html", [*_PAGES, _SHELL + "</body></html>"])
def test_invisible_elements_and_noscripts_go_as_they_went_one_tag_at_a_time(html: str) -> None:
    reference, tree = LexborHTMLParser(html), LexborHTMLParser(html)
    _strip_invisible_by_tag(reference)
    strip_invisible(tree)
    assert tree.html == reference.html


def test_a_noscript_inside_a_dropped_element_does_not_count_towards_unwrapping() -> None:
    # Counted, the <noscript> inside the <svg> (500 characters) would outweigh the page
    # and unwrap the page's own <noscript> instead of dropping it.
    html = (
        "<html><body><p>" + "A visible paragraph. " * 5 + "</p>"
        "<noscript>Enable JS.</noscript><svg><noscript>" + "x" * 500 + "</noscript></svg>"
        "</body></html>"
    )
    tree = LexborHTMLParser(html)
    strip_invisible(tree)
    assert tree.body is not None
    assert "Enable JS." not in tree.body.text(deep=True)
    assert "A visible paragraph." in tree.body.text(deep=True)


@pytest.mark.parametrize("html", _PAGES, ids=_ids(_PAGES))
def test_elements_by_type_in_one_walk_are_what_each_query_finds(html: str) -> None:
    body = LexborHTMLParser(html).body
    assert body is not None
    typed, alone = chrome._typed(body), chrome._typed_one_by_one(body)
    for slot in sorted(set(chrome._SLOT_OF.values())):  # compiled: _Typed has no __slots__
        found = [node.mem_id for node in getattr(typed, slot)]
        assert found == [node.mem_id for node in getattr(alone, slot)], slot


def test_an_element_named_twice_by_the_query_counts_twice_as_before() -> None:
    # "header, footer, [class], [id]" lists a <header class id> three times; its group
    # of candidates holds it three times, so the group's total text is three times its own.
    html = (
        "<html><body><header class='site-header' id='top'>Menu Home News</header>"
        "<article><p>" + "Words of the article. " * 40 + "</p></article></body></html>"
    )
    body = LexborHTMLParser(html).body
    assert body is not None
    rules = compile_rules(load_rules().generic)
    assert len(body.css("header, footer, [class], [id]")) == 3
    found = named_chrome(body, rules, set(), set(), 10_000)
    header = body.css_first("header")
    assert header is not None
    assert found == {header.mem_id}
    # With a limit below three times its length, the thrice-counted group is kept.
    assert named_chrome(body, rules, set(), set(), 3 * 14 - 1) == set()


_HEAD_TRICKY = (
    '<html><head><meta name="a" content="1"><script type="application/ld+json">{"a": 1}'
    '</script><script type="Application/LD+JSON">{"b": 2}</script><style>s</style>'
    '<template><meta name="t" content="2"></template></head><body><meta name="b" content="3">'
    '<svg><style><foreignObject><meta name="gone" content="4"></foreignObject></style></svg>'
    '<script type=" application/ld+json">{"c": 3}</script></body></html>'
)


@pytest.mark.parametrize("html", [_HEAD_TRICKY, *_PAGES])
def test_json_ld_and_metas_in_one_walk_are_what_the_three_lookups_found(html: str) -> None:
    reference, tree = LexborHTMLParser(html), LexborHTMLParser(html)
    jsonld = [n.text(deep=True) for n in reference.css('script[type="application/ld+json"]')]
    reference.strip_tags(["script", "style", "template"])
    metas = [n.attributes for n in reference.css("meta")]
    found, found_metas = scripts_and_metas(tree)
    assert found == jsonld
    assert [n.attributes for n in found_metas] == metas
    assert tree.html == reference.html
