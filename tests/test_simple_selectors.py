"""The remove list's plain class and id selectors, answered by set lookups in the class-word
walk (simple_selectors.py, named.py): the elements found are the ones Lexbor finds with
the whole list, in standards and in quirks mode."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.config import load_rules
from scraper.extraction.named import named_chrome
from scraper.extraction.rules import compile_rules
from scraper.extraction.simple_selectors import matches_of_each, split_selectors

_SELECTOR = (
    "nav, [role=menu], .share-box, .mktoForm, #respond, #CybotDialog, blockquote.tweet, "
    ":is(.a, .b), div:not(.share-box)"
)
_CLASS_PARTS = ["share-box", "SHARE-box", "mktoform", "mktoForm", "respond", "x", "tweet"]
_CLASS_PARTS += [" ", "\t", "\n", "\f", "\r", "\u00a0", "\u000b", "K", "İ", "-", ""]
_ID_PARTS = ["respond", "Respond", "CybotDialog", "cybotdialog", " ", "x", ""]
_TAGS = ["div", "p", "blockquote", "section", "nav"]


def test_a_list_is_split_at_its_top_level_commas_only() -> None:
    simple = split_selectors(_SELECTOR)
    assert simple.classes == {"share-box", "mktoForm"}
    assert simple.ids == {"respond", "CybotDialog"}
    assert simple.rest == "nav, [role=menu], blockquote.tweet, :is(.a, .b), div:not(.share-box)"


def test_a_list_with_quotes_or_escapes_is_left_to_lexbor() -> None:
    assert split_selectors("[data-x='a, .b'], .c").rest == "[data-x='a, .b'], .c"
    assert split_selectors(".a\\:b, .c").classes == frozenset()
    assert split_selectors(".a, .b").rest == ""


def _page(rng: random.Random, doctype: bool) -> str:
    parts = ["<!DOCTYPE html>" if doctype else "", "<html><body>"]
    for _ in range(rng.randint(1, 12)):
        tag = rng.choice(_TAGS)
        classes = "".join(rng.choice(_CLASS_PARTS) for _ in range(rng.randint(0, 4)))
        ident = "".join(rng.choice(_ID_PARTS) for _ in range(rng.randint(0, 2)))
        attrs = "" if rng.random() < 0.2 else f' class="{classes}"'
        attrs += "" if rng.random() < 0.5 else f' id="{ident}"'
        parts.append(f"<{tag}{attrs}>text {rng.random()}")
        parts.append(f"</{tag}>" if rng.random() < 0.6 else "")
    return "".join(parts) + "</body></html>"


@pytest.mark.parametrize("doctype", [True, False])
def test_the_walk_finds_what_lexbor_finds_with_the_whole_list(doctype: bool) -> None:
    selector = ".share-box, .mktoForm, #respond, #CybotDialog"
    rules = replace(
        compile_rules(load_rules().generic),
        remove_selector=selector,
        class_pattern=None,
        strong_class_pattern=None,
    )
    rng = random.Random(11 if doctype else 12)
    for _ in range(400):
        html = _page(rng, doctype)
        body = LexborHTMLParser(html).body
        assert body is not None
        expected = {node.mem_id for node in body.css(selector)}
        # No class words: what the walk finds is what the simple selectors match.
        assert named_chrome(body, rules, {body.mem_id}, set(), 1e9) == expected, html


@pytest.mark.parametrize("doctype", [True, False])
def test_each_selector_finds_from_one_query_what_it_finds_alone(doctype: bool) -> None:
    selectors = (
        "[itemprop=articleBody]",
        ".mktoForm",
        "#respond",
        ".share-box",
        "nav .x",
        "#CybotDialog",
        ".mktoForm",
    )
    rng = random.Random(21 if doctype else 22)
    for _ in range(400):
        html = _page(rng, doctype).replace("<div", "<div itemprop=articleBody", 1)
        body = LexborHTMLParser(html).body
        assert body is not None
        each = matches_of_each(body, selectors)
        for selector, found in zip(selectors, each, strict=True):
            alone = [node.mem_id for node in body.css(selector)]
            assert [node.mem_id for node in found] == alone, (selector, html)
