"""Empty shells whose article is a script's data (single-page news sites)."""

from __future__ import annotations

import json

from scraper import extract

PARAGRAPHS = [
    "The council met on Tuesday evening to discuss the new bridge, which has been delayed "
    "for three years by disputes over its cost and the route it should take.",
    "The contract was awarded to a firm from the next county, whose engineers expect the "
    "first span to be in place before the winter floods arrive.",
    "Residents of both banks said they would believe it when they could walk across it, "
    "and the mayor promised a public opening in the spring.",
    "Opponents of the plan have until the end of the month to lodge an appeal with the "
    "regional court, which has upheld two earlier objections.",
]


def shell(script: str) -> str:
    return (
        "<html><head><title>Bridge plans</title></head><body><div id='root'></div>"
        f"<script>{script}</script></body></html>"
    )


def test_an_article_streamed_as_html_in_a_framework_payload_is_found() -> None:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    # Next.js escapes the markup as \u003c...
    payload = json.dumps([1, article]).replace("<", "\\u003c").replace(">", "\\u003e")
    html = shell(f"self.__next_f.push({payload})")
    text = extract(html).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_an_article_body_given_as_plain_text_is_found() -> None:
    data = json.dumps({"@type": "NewsArticle", "articleBody": "\n".join(PARAGRAPHS)})
    html = shell(f"window.__STATE__ = {data};")
    text = extract(html).text
    assert PARAGRAPHS[0] in text
    assert PARAGRAPHS[3] in text


def test_a_shell_whose_scripts_hold_only_code_and_data_has_no_article() -> None:
    component = json.dumps(
        {"type": "Hero", "children": [["$", "div", {"className": "x" * 40}]] * 30}
    )
    html = shell(f"var state = {json.dumps(component)}; function f(a){{return a.b.c;}}")
    doc = extract(html)
    assert doc.text == ""


def test_a_visible_article_is_never_replaced_by_a_script_string() -> None:
    visible = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    other = json.dumps({"articleBody": "Another story entirely. " * 60})
    html = (
        "<html><head><title>Bridge plans</title></head><body><article>"
        f"{visible}</article><script>var s = {other};</script></body></html>"
    )
    text = extract(html).text
    assert PARAGRAPHS[0] in text
    assert "Another story" not in text
