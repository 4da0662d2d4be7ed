"""Faster forms of the date line, byline and class-word lookups (session 12) give the
answers of the slower ones they replace: the date line's text read from the pipeline's
tree (``<noscript>``s left out) what a second parse of the page gives, the four digits
spelt out what ``\\d{4}`` finds, the scripts, styles and comments taken out in steps what
one pattern takes out, the visible byline's candidates and teaser test what the whole
lists and every box gave, and camelCase tokens judged by set lookups what the class-word
patterns find."""

from __future__ import annotations

import random
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.config import load_rules
from scraper.extraction import bylines, dates
from scraper.extraction.classwords import ClassWords, _names_hit
from scraper.extraction.dom import strip_elements
from scraper.extraction.invisible import scripts_and_metas
from scraper.extraction.rules import compile_rules, relax

_PIECES = [
    "<p>Posted May 6, 2025</p>",
    "text",
    "\n",
    "<noscript>",
    "</noscript>",
    "<noscript><iframe src=x></iframe></noscript>",
    "<noscript><p>12. März 2024</p></noscript>",
    "<script>var d = '2024-01-02';</script>",
    "<style>p{}</style>",
    "<template><p>June 1, 2020</p></template>",
    "<!-- 2021-03-04 -->",
    "<svg><style><noscript>2019-02-03</noscript></style><noscript>x</noscript></svg>",
    "<div>",
    "</div>",
    "<span>2023-07-08</span>",
    "<b></b>",
    "<table><tr><td>1.2.2022</td></tr></table>",
    "&nbsp;",
    "<br>",
    "Updated: ",
]


def _dated_page(rng: random.Random) -> str:
    head = "".join(rng.choice(_PIECES[3:11]) for _ in range(rng.randint(0, 2)))
    body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14)))
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _reparsed_text(html: str) -> str:
    """What date_line read before: the page parsed again, stripped, its body's text."""
    tree = LexborHTMLParser(html)
    strip_elements(tree, ("script", "style", "noscript", "template"))
    return "" if tree.body is None else tree.body.text(separator="\n")


def test_the_date_lines_text_from_the_pipelines_tree_is_the_reparsed_pages() -> None:
    rng = random.Random(12)
    noscripts = 0
    for _ in range(800):
        html = _dated_page(rng)
        tree = LexborHTMLParser(html.encode("utf-8"))  # as parse_html reads it
        scripts_and_metas(tree)  # what the pipeline has done before date_text
        noscripts += bool(tree.css("noscript"))
        text = dates.date_text(tree)
        assert text == _reparsed_text(html), html
        assert dates.date_line(html, text) == dates.date_line(html), html
    assert noscripts > 300  # the pages that need the walk around their <noscript>s


def test_four_digits_spelt_out_find_what_a_repeat_finds() -> None:
    rng = random.Random(13)
    alphabet = ["1", "2", "0", "9", "\u0662", "\u0660", "\uff11", "a", " ", "\n", "-", "."]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        spans = [m.span() for m in re.finditer(r"\d{4}", text)]
        assert [m.span() for m in dates._FOUR_DIGITS.finditer(text)] == spans, text


def _old_candidates(tree: LexborHTMLParser, title: str | None) -> list[int]:
    """``bylines._candidates`` as it was: every ancestor chain walked to the root."""
    nodes = bylines._query(tree)
    h1 = bylines.main_h1([n for n in nodes if n.tag == "h1"], title)
    if h1 is None:
        return [n.mem_id for n in nodes if n.tag != "h1"][: bylines._MAX_CANDIDATES]
    start = next(i for i, n in enumerate(nodes) if n.mem_id == h1.mem_id)
    after = [n for n in nodes[start + 1 :] if n.tag != "h1"]
    header = {k for k, depth in bylines._ancestor_ids(h1).items() if depth <= 3}
    before = [n for n in nodes[:start] if n.tag != "h1" and header & set(bylines._ancestor_ids(n))]
    return [n.mem_id for n in (after + before[::-1])[: bylines._MAX_CANDIDATES]]


def _old_teaser(box: LexborNode, byline: LexborNode) -> bool:
    if len(box.text(deep=True)) >= bylines._TEASER_MAX:
        return False
    return bylines._is_teaser(box, byline.text(deep=True))


def _old_belongs(node: LexborNode, h1_line: dict[int, int]) -> bool:
    """``bylines._belongs_to_page`` as it was: every box's text measured."""
    ancestor: LexborNode | None = node
    for _ in range(bylines._DEPTH):
        if ancestor is None or ancestor.mem_id in h1_line:
            return True
        attrs = ancestor.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if ancestor is not node and (
            ancestor.tag in bylines._FOREIGN_TAGS or bylines._FOREIGN.search(marks)
        ):
            return False
        if ancestor.tag == "footer" and not bylines._in_article(ancestor):
            return False
        if ancestor is not node and _old_teaser(ancestor, node):
            return False
        ancestor = ancestor.parent
    return True


def _byline_page(rng: random.Random) -> str:
    words = ["Jane Doe", "By John Roe", "x" * 250, "Read the whole story here", "May 6"]

    def element(depth: int) -> str:
        tag = rng.choice(["div", "div", "span", "a", "h1", "h2", "footer", "article", "p"])
        attrs = rng.choice(['class="byline"', 'class="author"', 'rel="author"', "", ""])
        attrs += rng.choice([' href="/author/jane"', ' class="related"', "", "", ""])
        inner = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 5 else ""
        return f"<{tag} {attrs}>{rng.choice(words)}{inner}</{tag}>"

    return "<html><body>" + "".join(element(0) for _ in range(rng.randint(1, 4))) + "</body></html>"


def test_the_byline_candidates_and_boxes_are_what_every_walk_found() -> None:
    rng = random.Random(14)
    for _ in range(300):
        html = _byline_page(rng)
        tree = LexborHTMLParser(html)
        title = rng.choice([None, "Jane Doe", "nothing like it"])
        nodes, h1 = bylines._candidates(tree, title)
        assert [n.mem_id for n in nodes] == _old_candidates(tree, title), html
        line = bylines._ancestor_ids(h1.parent) if h1 is not None and h1.parent else {}
        for node in tree.css("*"):
            assert bylines._belongs_to_page(node, line) == _old_belongs(node, line), html


_CAMEL_PARTS = ["has", "Share", "share", "Bar", "bar", "Newsletter", "Signup", "c", "-", "_"]
_CAMEL_PARTS += ["--", "__abcde1", "-sc-x1y2-3", "SHARE", "Guest", "Teaser", "nav", "Nav", "is"]
_CAMEL_PARTS += ["Offset", "site", "Ad", "Slot", "no", "x", "Related", "Posts", "AB", "z9"]


def test_camel_case_tokens_judged_by_sets_are_judged_as_the_patterns_judge_them() -> None:
    rng = random.Random(15)
    generic = compile_rules(load_rules().generic)
    camel = 0
    for rules in (generic, relax(generic)):
        words = ClassWords(rules)
        assert words._sets is not None
        for _ in range(4000):
            token = "".join(rng.choice(_CAMEL_PARTS) for _ in range(rng.randint(1, 5)))
            camel += token != token.lower()
            assert words._token_hit(token) == _names_hit(token, rules), token
    assert camel > 5000


_CODE_PIECES = [
    "<script>",
    "<SCRIPT ",
    "<\u017fcript>",
    "<scr\u0130pt>",
    "</script >",
    "</script\n>",
]
_CODE_PIECES += ["</SCRIPT>", "</script", "<!--", "-->", "--", "<!-->", "<style>", "</style>", "x"]
_CODE_PIECES += ["</STYLE  >", "<scripts>", "<script-x>", "<style1>", "<stylé>", "<", ">", " "]
_CODE_PIECES += ["<\u017ftyle>", "</\u017ftyle>", "\u212a", "<b>"]


def test_code_is_taken_out_in_steps_as_one_pattern_takes_it_out() -> None:
    rng = random.Random(16)
    for _ in range(20000):
        text = "".join(rng.choice(_CODE_PIECES) for _ in range(rng.randint(0, 12)))
        assert dates._without_code(text) == dates._CODE.sub(" ", text), repr(text)


def _mentions_in_first_order(text: str) -> bool:
    """``dates._mentions_a_date`` with the decades in their first order (1990s first)."""
    for decade in ("199", "200", "201", "202", "203"):
        start = text.find(decade)
        while start >= 0:
            if text[start + 3 : start + 4].isdigit() and dates._DATE_NEAR.search(
                text, max(0, start - 30), start + 14
            ):
                return True
            start = text.find(decade, start + 3)
    return False


def test_the_decades_in_any_order_find_a_date_where_they_found_one() -> None:
    rng = random.Random(17)
    parts = ["199", "200", "201", "202", "203", "20202", "2", "0", "1", "9", "-", "/", "."]
    parts += ["05", "12", "may ", "Jan", "x", " ", "\n", "1999", "2021-", "\u0663"]
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 16)))
        expected = _mentions_in_first_order(text)
        found += expected
        assert dates._mentions_a_date(text) == expected, repr(text)
    assert 2000 < found < 18000
