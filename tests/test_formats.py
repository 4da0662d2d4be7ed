"""Output formats: one pure function each, the same bytes for the same document, and
each one readable by what reads that format (YAML front matter, HTML, XML, CSV)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from clean_helpers import FIXTURES

from scraper import Document, clean_file
from scraper.formats import FORMATS, Format, front_matter, parts, record, render, suffix_for

TABLES = FIXTURES / "15_article_table_lists.html"
PAGES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".xhtml", ".gz", ".txt"))


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {page.name: clean_file(page) for page in PAGES}


def test_every_format_is_a_closed_set_with_its_suffix() -> None:
    assert FORMATS == ("json", "jsonl", "md", "txt", "html", "xml", "csv")
    assert [suffix_for(f) for f in Format] == [f".{f}" for f in FORMATS]
    with pytest.raises(ValueError, match="'docx'"):
        render(Document(text="x"), "docx")


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_document_same_bytes(docs: dict[str, Document], fmt: str) -> None:
    for name, doc in docs.items():
        again = clean_file(FIXTURES / name)
        assert render(doc, fmt) == render(again, fmt), name
        assert render(doc, fmt).endswith("\n") or not doc.text, name


def _front_matter(text: str) -> dict[str, object]:
    """Parse the front matter as YAML's JSON-compatible subset (what we write)."""
    head, sep, _ = text.removeprefix("---\n").partition("---\n")
    assert sep
    pairs = (line.split(": ", 1) for line in head.splitlines())
    return {key: json.loads(value) for key, value in pairs}


def test_markdown_has_front_matter_then_title_and_headings(docs: dict[str, Document]) -> None:
    doc = docs[TABLES.name]
    md = render(doc, "md")
    meta = _front_matter(md)
    assert meta["title"] == doc.title
    assert meta["authors"] == list(doc.authors)
    assert meta["published"] == doc.published
    assert meta["language"] == doc.language
    assert list(meta)[:2] == ["title", "authors"]
    # Issue 12's list: title, authors, dates, url, site, language, tags (this page has
    # none: test_front_matter_quotes_what_yaml_would_misread has them).
    assert (meta["modified"], meta["url"], meta["site"]) == (doc.modified, doc.url, doc.site_name)
    assert all((doc.modified, doc.url, doc.site_name))
    assert f"---\n\n# {doc.title}\n\n" in md
    assert "\n## " in md
    assert "\n| --- |" in md or "| --- |" in md


def test_front_matter_quotes_what_yaml_would_misread() -> None:
    doc = Document(text="x", title='Yes: "no" # 2024', tags=("2024", "null"))
    meta = _front_matter(front_matter(doc))
    assert meta == {"title": 'Yes: "no" # 2024', "tags": ["2024", "null"]}


def test_txt_starts_with_the_title(docs: dict[str, Document]) -> None:
    doc = docs[TABLES.name]
    assert render(doc, "txt") == f"{doc.title}\n\n{doc.text}\n"
    assert render(Document(text="only text"), "txt") == "only text\n"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_semantic_and_holds_every_word(docs: dict[str, Document]) -> None:
    doc = docs[TABLES.name]
    page = render(doc, "html")
    parsed = _Tags()
    parsed.feed(page)
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{doc.language}">')
    for tag in ("article", "h1", "h2", "p", "table", "tr", "td", "li"):
        assert tag in parsed.tags, tag
    assert {"div", "span", "script", "style"}.isdisjoint(parsed.tags)
    body = " ".join(parsed.text).split()
    assert _words(doc) == body[-len(_words(doc)) :]  # the article, after the head's title


def _words(doc: Document) -> list[str]:
    """The document's words, without list markers and table rules."""
    lines = [re.sub(r"^(- |\d+\. )", "", line) for line in doc.text.splitlines()]
    return [w for w in " ".join(lines).split() if w != "|"]


def test_html_escapes_markup_in_text() -> None:
    doc = Document(text="a <b> & c", title="<script>x</script>", markdown="a <b> & c")
    page = render(doc, "html")
    assert "<script>" not in page
    assert "<p>a &lt;b&gt; &amp; c</p>" in page


def test_xml_is_trafilatura_shaped(docs: dict[str, Document]) -> None:
    doc = docs[TABLES.name]
    root = ET.fromstring(render(doc, "xml"))
    assert root.tag == "doc"
    assert [child.tag for child in root] == ["main", "comments"]
    assert root.get("title") == doc.title
    assert root.get("author") == "; ".join(doc.authors)
    assert doc.published
    assert root.get("date") == doc.published[:10]
    main = root.find("main")
    assert main is not None
    tags = {element.tag for element in main.iter()}
    assert {"head", "p", "list", "item", "table", "row", "cell"} <= tags
    assert {element.get("rend") for element in main.iter("head")} >= {"h2"}
    assert " ".join(main.itertext()).split() == _words(doc)


def test_csv_is_trafilatura_shaped(docs: dict[str, Document]) -> None:
    doc = docs[TABLES.name]
    [row] = list(csv.reader(io.StringIO(render(doc, "csv"), newline=""), delimiter="\t"))
    assert len(row) == 11
    assert row[0] == (doc.url or "null")
    assert row[4] == doc.title
    assert row[7] == doc.text
    assert row[1] == row[2] == row[8] == "null"


def test_structure_is_read_back_from_the_markdown_form(docs: dict[str, Document]) -> None:
    kinds = [part.kind for part in parts(docs[TABLES.name])]
    assert {"h2", "p", "table"} <= set(kinds)
    assert {"ul", "ol"} & set(kinds)
    code = Document(text="x", markdown="Intro\n\n```\na\n\nb\n```\n\n> said\n> twice")
    assert [(p.kind, p.lines) for p in parts(code)] == [
        ("p", ("Intro",)),
        ("pre", ("a", "", "b")),
        ("quote", ("said", "twice")),
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_stream_of_json_is_json_lines(docs: dict[str, Document], fmt: str) -> None:
    doc = docs[TABLES.name]
    line = record(doc, fmt)
    assert line.count("\n") == 1
    assert json.loads(line) == doc.to_dict()
