"""Faster forms of the extractor's lookups give the answers of the slower ones they replace:
the named elements' lookups (named_index.py) what Lexbor's own queries find, ``size`` what
its two patterns count, ``phrase_key`` what a whitespace regex gives, ``extract`` of a
``str`` what the same page read from its bytes gives, justext's classes with
trafilatura's stoplist as a frozenset what they are with its tuple, and the line patterns
tried alternative by alternative what their alternation matches (without re's internals,
the alternation itself), and the chrome without
the remove list's selectors of tags already stripped what it is with them, and a selector
list with its role selectors made one ``[role]`` what the list finds, and the byline
query with its five ``/aut`` link selectors made one what the whole list lists, and the
named elements' ``<header>``s and ``<footer>``s, known by tag id, those their tag names,
and the class values their scan finds holding a class selector's name those the
selectors' own test does not rule out."""

from __future__ import annotations

import random
import re
from dataclasses import asdict
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper import extract
from scraper.config import ExtractConfig, load_rules
from scraper.extraction import bylines, extract_page, invisible, line_patterns, second_opinion
from scraper.extraction.chrome import (
    COMMENT_SECTIONS,
    _comment_sections,
    chrome_nodes,
    content_matches,
)
from scraper.extraction.line_patterns import UNCASED, LinePatterns
from scraper.extraction.measure import link_sizes, node_size, prose_len, size
from scraper.extraction.named_index import NamedElements
from scraper.extraction.rules import compile_rules, phrase_key
from scraper.extraction.second_opinion import frozen_stoplist, trafilatura_text
from scraper.extraction.simple_selectors import (
    NO,
    elements_matching,
    matches_of_each,
    merge_roles,
    remove_list_rest,
    split_selectors,
)
from scraper.model import Page
from scraper.reading import check_page_bytes

_CLASSES = ["entry-content", "Entry-Content", "comments", "COMMENTS", "hidden", "Hidden"]
_CLASSES += ["d-none", "x", "post-body", " ", "\t", "\u00a0", "\u000b", "\f", "K", "-", ""]
_IDS = ["comments", "Comments", "article-body", "ARTICLE-BODY", "x", " ", ""]
_TAGS = ["div", "p", "section", "header", "footer", "article"]
_HIDING = '[class~="hidden"], [class~="d-none"], [class~="is-hidden"], [class~="u-hidden"]'
_HIDING += ', [class~="hide"], [class~="invisible"]'


def _page(rng: random.Random, doctype: bool) -> str:
    parts = ["<!DOCTYPE html>" if doctype else "", "<html><body>"]
    for _ in range(rng.randint(1, 14)):
        tag = rng.choice(_TAGS)
        classes = "".join(rng.choice(_CLASSES) for _ in range(rng.randint(0, 3)))
        ident = "".join(rng.choice(_IDS) for _ in range(rng.randint(0, 2)))
        attrs = "" if rng.random() < 0.2 else f' class="{classes}"'
        attrs += "" if rng.random() < 0.6 else f' id="{ident}"'
        attrs += ' itemprop="articleBody"' if rng.random() < 0.05 else ""
        parts.append(f"<{tag}{attrs}>text {rng.random()}")
        parts.append(f"</{tag}>" if rng.random() < 0.6 else "")
    return "".join(parts) + "</body></html>"


@pytest.mark.parametrize("doctype", [True, False])
def test_the_named_elements_answer_what_lexbor_finds(doctype: bool) -> None:
    rules = compile_rules(load_rules().generic)
    rng = random.Random(11)
    for _ in range(400):
        html = _page(rng, doctype)
        body = LexborHTMLParser(html).body
        assert body is not None
        named = NamedElements(body)
        ids = [[n.mem_id for n in found] for found in content_matches(body, rules, named)]
        expected = [[n.mem_id for n in body.css(s)] for s in rules.content_selectors]
        assert ids == expected, html
        assert ids == [
            [n.mem_id for n in f] for f in matches_of_each(body, rules.content_selectors)
        ]
        sections = {node.mem_id for node in body.css(COMMENT_SECTIONS)}
        assert _comment_sections(body, named) == sections, html
        hiding = {node.mem_id for node in body.css(_HIDING)}
        names = frozenset({"hidden", "d-none", "is-hidden", "u-hidden", "hide", "invisible"})
        assert {node.mem_id for node in named.with_class(names)} == hiding, html


_WIDE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_KOREAN = re.compile("[\uac00-\ud7a3]")


def test_size_counts_what_its_patterns_count() -> None:
    rng = random.Random(5)
    edges = [0x7F, 0x80, 0xFF, 0x100, 0x7FF, 0x800, 0x2019, 0x2FFF, 0x3000, 0x303F, 0x3040]
    edges += [0x30FF, 0x4E00, 0x9FFF, 0xAC00, 0xD7A3, 0xD7A4, 0xFF66, 0xFFFF, 0x10000, 0x1F600]
    pool = [chr(point) for point in edges] + list("ab é’")
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
        wide, korean = len(_WIDE.findall(text)), len(_KOREAN.findall(text))
        assert size(text) == len(text) + 2 * wide + korean, text


def test_phrase_keys_fold_whitespace_as_the_regex_did() -> None:
    rng = random.Random(3)
    pool = [" ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "a", "B", ".", "_", "é"]
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        folded = re.sub(r"\s+", " ", text.casefold()).strip()
        assert phrase_key(text) == re.sub(r"^[\W_]+|[\W_]+$", "", folded), repr(text)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><article><p>"
        + "A paragraph of the story. " * 20
        + "</p></article></body></html>",
        "\ufeff<html><body><p>" + "With a byte order mark. " * 20 + "</p></body></html>",
        "<html><body><p>" + "With a NUL\x00 inside. " * 20 + "</p></body></html>",
        "<html><body><p>" + "Accents été, quotes ’ and 日本語. " * 20 + "</p></body></html>",
    ],
)
def test_a_str_is_extracted_as_its_bytes_are(html: str) -> None:
    data, warnings = check_page_bytes(html.encode("utf-8"), "<html>")
    page = Page(data=data, source="<html>", charset="utf-8", warnings=warnings)
    from_bytes = asdict(extract_page(page, ExtractConfig()))
    from_bytes["source"] = None
    assert asdict(extract(html)) == from_bytes


def test_trafilatura_keeps_its_justext_stoplist_as_a_frozenset() -> None:
    from justext.core import ParagraphMaker, classify_paragraphs, define_stoplist, html_to_dom

    external: Any = second_opinion._trafilatura_external()
    trafilatura_text("<html><body><p>A short page.</p></body></html>", None)
    assert external.jt_stoplist_init is frozen_stoplist
    words = external.JT_STOPLIST or external.jt_stoplist_init()
    assert isinstance(words, frozenset)
    # The same words as the library's own tuple, and so the same paragraphs kept.
    library_init = second_opinion._library_init
    assert library_init is not None
    library = library_init()
    external.JT_STOPLIST = words  # the library's initialiser stored its tuple
    assert isinstance(library, tuple)
    assert frozenset(library) == words
    assert define_stoplist(library) == define_stoplist(words)
    html = "<html><body>" + "".join(f"<p>{text}</p>" for text in _PARAGRAPHS) + "</body></html>"
    classes = []
    for stoplist in (library, words):
        paragraphs = ParagraphMaker.make_paragraphs(html_to_dom(html))
        classify_paragraphs(paragraphs, stoplist, 50, 150, 0.1, 0.2, 0.25, True)
        classes.append([p.cf_class for p in paragraphs])
    assert classes[0] == classes[1]
    assert "good" in classes[0]
    assert "bad" in classes[0]


_PARAGRAPHS = [
    "The council voted on Tuesday to keep the library open for another year, and the mayor "
    "said that the money would come from the reserve that was set aside in the spring.",
    "Der Rat hat am Dienstag beschlossen, die Bibliothek noch ein Jahr offen zu halten, und "
    "der Bürgermeister sagte, dass das Geld aus der Rücklage kommen werde.",
    "Home | News | Sport | Weather | Contact",
    "Copyright 2026 Example Media Group GmbH",
    " ".join(f"XQ-{n}7Z" for n in range(40)),
]


def _line_words() -> list[str]:
    """Words of the shipped line patterns, and characters that case folding plays with."""
    sources = " ".join(load_rules().generic.patterns)
    words = sorted({w for w in re.split(r"[^\w]+", sources) if w and not w.isdigit()})
    return [*words, *"0123456789|:/©()-,.·•[]", "\u0131", "\u0130", "\u017f", "\u212a", "ß", "写真"]


def test_the_line_patterns_answer_what_their_alternation_does() -> None:
    rules = compile_rules(load_rules().generic)
    lines = rules.lines
    assert rules.line_pattern is not None
    assert lines is not None
    assert lines._alternatives is not None  # the shortcut is taken for the shipped patterns
    rng = random.Random(5)
    words = _line_words()
    matched = 0
    for _ in range(30_000):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 9))]
        parts = [
            p.upper() if rng.random() < 0.1 else p.title() if rng.random() < 0.2 else p
            for p in parts
        ]
        numbers = [str(rng.randint(0, 3000)) for _ in parts]
        line = "".join(
            f"{p}{rng.choice(['', ' ', ' ', ' | ', ': ', numbers[i] + ' '])}"
            for i, p in enumerate(parts)
        )
        for text in (line, line.strip(), line[: rng.randint(0, len(line))]):
            expected = rules.line_pattern.fullmatch(text) is not None
            assert lines.fullmatch(text) == expected, text
            matched += expected
    assert matched > 500  # the lines reach the patterns, not only their misses


@pytest.mark.parametrize(
    "sources",
    [
        (r"(a)\1", r"b+"),  # a backreference: the alternation is matched whole
        (r"(?=x)\w+", r"(?:)", r"x*y?", r"[^|]{0,3}\|z"),
        (r"(?-i:Ab)c", r"\bfoo|bar\b", r"(?>a|ab)c", r"k"),
    ],
)
def test_line_patterns_of_any_shape_answer_what_their_alternation_does(
    sources: tuple[str, ...],
) -> None:
    pattern = re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    lines = LinePatterns(pattern, sources)
    rng = random.Random(3)
    alphabet = ["a", "A", "b", "B", "c", "x", "y", "z", "k", "\u212a", "|", " ", "foo", "bar"]
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert lines.fullmatch(text) == (pattern.fullmatch(text) is not None), text


def test_line_patterns_match_whole_without_the_internals_of_re(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where re's parser and compiler are missing, every line is matched whole."""
    monkeypatch.setattr(line_patterns, "_INTERNALS", False)
    sources = load_rules().generic.patterns
    pattern = re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    lines = LinePatterns(pattern, sources)
    assert lines._alternatives is None
    for text in ("Share", "Photo: AP", "Advertisement", "Read more", "A sentence of prose."):
        assert lines.fullmatch(text) == (pattern.fullmatch(text) is not None)


def test_uncased_characters_match_only_themselves_case_insensitively() -> None:
    """What ``LinePatterns`` asks a line to hold: no other character stands for one."""
    others = re.compile("[" + re.escape("".join(sorted(UNCASED))) + "]", re.IGNORECASE)
    found = [chr(x) for x in range(0x110000) if others.fullmatch(chr(x))]
    assert sorted(found) == sorted(UNCASED)


_INNER = ["<p>text of a paragraph</p>", "<script>x()</script>", "<style>p{}</style>"]
_INNER += [
    "<svg><a href='/x'>link</a><style>s{}</style></svg>",
    "<select><option>o</option></select>",
]
_INNER += ["<button>b</button>", "<input>", "<iframe src=x></iframe>", "<canvas></canvas>"]
_INNER += ["<template><nav>t</nav></template>", "<nav>menu</nav>", "<aside>side</aside>"]
_INNER += ["<textarea>t</textarea>", "<object></object>", "<embed>", "<label>l</label>"]
_INNER += ["<video><source></video>", "<math><mi>x</mi></math>", "<map><area></map>"]


def _invisible_page(rng: random.Random) -> str:
    def block(depth: int) -> str:
        inner = "".join(
            block(depth + 1) if depth < 3 and rng.random() < 0.3 else rng.choice(_INNER)
            for _ in range(rng.randint(1, 4))
        )
        wrapper = rng.choice(["div", "section", "noscript", "div", "article"])
        return f"<{wrapper}>{inner}</{wrapper}>"

    return "<html><body>" + "".join(block(0) for _ in range(rng.randint(1, 5))) + "</body></html>"


def test_the_chrome_is_the_same_without_the_selectors_of_stripped_tags() -> None:
    rules = compile_rules(load_rules().generic)
    rng = random.Random(8)
    for _ in range(300):
        html = _invisible_page(rng)
        tree = LexborHTMLParser(html)
        invisible.strip_invisible(tree)
        body = tree.body
        assert body is not None
        full = chrome_nodes(body, rules)
        assert chrome_nodes(body, rules, gone=invisible.STRIPPED) == full, html


_ROLES = ["navigation", "Navigation", "banner", "main", "", "menu bar", "menubar", "dialog"]


def _role_page(rng: random.Random) -> str:
    def element() -> str:
        tag = rng.choice(["div", "nav", "aside", "section", "span", "label", "dialog"])
        role = f' role="{rng.choice(_ROLES)}"' if rng.random() < 0.6 else ""
        hidden = " hidden" if rng.random() < 0.1 else ""
        inner = element() if rng.random() < 0.3 else "text"
        return f"<{tag}{role}{hidden}>{inner}</{tag}>"

    return "<html><body>" + "".join(element() for _ in range(rng.randint(1, 12))) + "</body></html>"


def test_a_list_with_its_roles_made_one_finds_what_the_list_finds() -> None:
    rules = compile_rules(load_rules().generic)
    rest = split_selectors(rules.remove_selector).rest
    merged, roles = remove_list_rest(rules.remove_selector, invisible.STRIPPED)
    assert len(roles) >= 2  # the shipped list names roles: they are made one
    assert merged.count("[role") == 1
    assert merge_roles(rest)[1] == roles
    rng = random.Random(11)
    for selector in (rest, "nav, [role=navigation], [role=banner], div[hidden]"):
        merged, roles = merge_roles(selector)
        for _ in range(300):
            html = _role_page(rng)
            body = LexborHTMLParser(html).body
            assert body is not None
            found = elements_matching(body, merged, roles)
            expected = list(dict.fromkeys(node.mem_id for node in body.css(selector)))
            assert [node.mem_id for node in found] == expected, html


def test_a_list_keeps_a_single_role_selector_and_a_role_of_its_own() -> None:
    for selector in ("nav, [role=navigation]", "[role], [role=menu], [role=banner]", "a, b"):
        assert merge_roles(selector) == (selector, frozenset())


def test_the_remove_lists_rest_leaves_out_plain_names_and_gone_tags() -> None:
    remove = "nav, script, .share, #menu, [role=banner], [role=menu], aside > p"
    assert remove_list_rest(remove, frozenset({"script"})) == (
        "nav, aside > p, [role]",
        frozenset({"banner", "menu"}),
    )
    assert remove_list_rest("nav, script, [role=menu]", frozenset()) == (
        "nav, script, [role=menu]",
        frozenset(),
    )


def _link_page(rng: random.Random) -> str:
    def element(depth: int) -> str:
        tag = rng.choice(["div", "p", "a", "li", "span"])
        href = ' href="/x"' if tag == "a" and rng.random() < 0.8 else ""
        text = rng.choice(["Read more", "Ünïcödé “quotes”", "漢字のテキスト", "한국어", " ", ""])
        inner = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 4 else ""
        return f"<{tag}{href}>{text}{inner}</{tag}>"

    return "<html><body>" + element(0) + element(0) + "</body></html>"


def test_prose_len_with_the_links_measured_once_is_prose_len() -> None:
    rng = random.Random(5)
    for _ in range(200):
        html = _link_page(rng)
        body = LexborHTMLParser(html).body
        assert body is not None
        links = body.css("a[href]")
        sizes = link_sizes(links)
        partial = dict(list(sizes.items())[::2])  # a link not measured is measured then
        for node in body.css("*"):
            length = node_size(node)
            expected = prose_len(node, length)
            assert prose_len(node, length, sizes=sizes) == expected, html
            assert prose_len(node, length, sizes=partial) == expected, html
        assert prose_len(body, node_size(body), links, sizes) == prose_len(body, node_size(body))


_PATHS = ["/author/", "/authors/", "/autor/", "/autoren/", "/auteur/", "/journalist/"]
_PATHS += ["/redaktion/", "/auto/", "/aut", "/AUTHOR/", "/x", "", "/autor"]


def _byline_page(rng: random.Random) -> str:
    def href(name: str) -> str:
        value = "".join(rng.choice(_PATHS) for _ in range(rng.randint(0, 3)))
        return f' {name}="{value}"' if rng.random() < 0.9 else f" {name}"

    def element(depth: int) -> str:
        tag = rng.choice(["div", "a", "a", "span", "h1", "svg", "A"])
        names = ["href"] * (tag in ("a", "A") and rng.random() < 0.9)
        names += [rng.choice(["xlink:href", "foo:href"])] * (rng.random() < 0.2)
        rng.shuffle(names)  # in <svg>, the first attribute named "href" is read
        attrs = "".join(map(href, names))
        attrs += ' class="author"' if rng.random() < 0.1 else ""
        attrs += ' itemprop="author"' if rng.random() < 0.05 else ""
        inner = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 4 else ""
        return f"<{tag}{attrs}>Jane Doe{inner}</{tag}>"

    return "<html><body>" + element(0) + element(0) + "</body></html>"


def test_the_byline_query_lists_each_element_as_the_whole_list_does() -> None:
    query = f"h1, {bylines._NAME_SELECTOR}, {bylines._SELECTOR}"
    rng = random.Random(6)
    for _ in range(600):
        html = _byline_page(rng)
        tree = LexborHTMLParser(html)
        expected = [node.mem_id for node in tree.css(query)]
        assert [node.mem_id for node in bylines._query(tree)] == expected, html


def test_the_named_elements_group_by_pair_and_know_their_banners() -> None:
    rng = random.Random(7)
    for _ in range(300):
        html = _page(rng, rng.random() < 0.5)
        wrap = rng.choice(["", "svg", "math", "x:y"])
        if wrap:  # foreign content: a <header> there is still one by its name
            html = html.replace("<body>", f"<body><{wrap}><HEADER class=x></HEADER>", 1)
        body = LexborHTMLParser(html).body
        assert body is not None
        named = NamedElements(body)
        tags = [node.tag for node in named.nodes]
        assert named.banners == [p for p, tag in enumerate(tags) if tag in ("header", "footer")]
        places = sorted(p for found in named.by_key.values() for p in found)
        assert places == list(range(len(named.nodes))), html
        for (classes, ident), found in named.by_key.items():
            assert all((named.classes[p], named.ids[p]) == (classes, ident) for p in found)


def test_the_class_values_holding_a_name_are_those_a_class_selector_may_match() -> None:
    simple = split_selectors(".comments, .Entry-Content, #x, nav > p, .d-none, .K")
    rng = random.Random(8)
    for _ in range(300):
        body = LexborHTMLParser(_page(rng, rng.random() < 0.5)).body
        assert body is not None
        named = NamedElements(body)
        held = named.holding(simple.folded)
        for classes, _ident in named.by_key:
            if classes is not None:
                words = classes.lower().split()  # class_match's first test
                assert (classes in held) == (not simple.folded.isdisjoint(words)), classes
                assert classes in held or simple.class_match(classes) == NO, classes
