"""Output formats: one pure function per format, ``Document -> str``, same bytes for the
same document.

    Document ──render(doc, fmt)──▶ file content        (``--out DIR``)
    Document ──record(doc, fmt)──▶ one stream record   (``--out -``)

``json`` is every key (``Document.to_json``); ``jsonl`` the same on one line; ``txt``
the title, a blank line and the text; ``md`` a YAML front-matter block (title, authors,
dates, url, site, language, tags) then the article in Markdown; ``html`` the article
as plain semantic HTML (``<article>``, headings, paragraphs, lists, tables, quotes,
code), what reader views and LLM pipelines ask for; ``xml`` and ``csv`` as trafilatura
writes them (``<doc>`` with metadata attributes around ``<main>``; a tab-separated row
of trafilatura's eleven columns, no header, ``null`` where unknown), so scripts written
for its output read ours.

The structured formats read the article's structure back from ``Document.markdown``,
the extractor's Markdown form (headings ``#``, lists ``- ``/``1. ``, tables ``| a |``,
quotes ``> ``, code fences), which is a small closed grammar; without it (a document
built by hand) every block is a paragraph.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from scraper.credentials import without_credentials
from scraper.model import Document

__all__ = ["FORMATS", "Format", "record", "render", "suffix_for"]


class Format(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    MD = "md"
    TXT = "txt"
    HTML = "html"
    XML = "xml"
    CSV = "csv"


FORMATS = tuple(f.value for f in Format)


def suffix_for(fmt: str) -> str:
    """The file extension of a format, with its dot."""
    return "." + Format(fmt).value


def render(doc: Document, fmt: str) -> str:
    """The document as the content of one file of format ``fmt`` (ends with a newline)."""
    return _RENDERERS[Format(fmt)](without_credentials(doc))


def record(doc: Document, fmt: str) -> str:
    """The document as one record of a stream (``--out -``): JSON Lines for ``json``
    and ``jsonl``, the file content for the others (an ``md`` stream is split by its
    front matter, an ``xml`` one by ``<doc>``, a ``csv`` one has a row per document)."""
    if Format(fmt) in (Format.JSON, Format.JSONL):
        return to_jsonl(doc)
    return render(doc, fmt)


def to_json(doc: Document) -> str:
    return doc.to_json() + "\n"


def to_jsonl(doc: Document) -> str:
    return doc.to_json(indent=None) + "\n"


def to_txt(doc: Document) -> str:
    """The title, a blank line, the text; only the text when there is no title."""
    parts = [part for part in (doc.title, doc.text) if part]
    return "\n\n".join(parts) + "\n" if parts else ""


# -- Markdown -------------------------------------------------------------------------


def _yaml(value: str | list[str]) -> str:
    # A JSON string (or list of strings) is a valid YAML flow scalar (sequence), quoted
    # so that a title such as "Yes: no" or "2024" stays a string for YAML readers.
    return json.dumps(value, ensure_ascii=False)


def front_matter(doc: Document) -> str:
    """The ``---`` block: only the fields the document has, in a fixed order."""
    fields: list[tuple[str, str | list[str] | None]] = [
        ("title", doc.title),
        ("authors", list(doc.authors)),
        ("published", doc.published),
        ("modified", doc.modified),
        ("url", doc.url),
        ("site", doc.site_name),
        ("language", doc.language),
        ("description", doc.description),
        ("tags", list(doc.tags)),
        ("image", doc.image),
    ]
    lines = [f"{key}: {_yaml(value)}" for key, value in fields if value]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n"


def to_md(doc: Document) -> str:
    """Front matter, the title as ``#``, the article with the extractor's headings."""
    body = doc.markdown if doc.markdown is not None else doc.text
    parts = [f"# {doc.title}" if doc.title else "", body]
    content = "\n\n".join(part for part in parts if part)
    return front_matter(doc) + ("\n" + content + "\n" if content else "")


# -- the article's structure, read back from its Markdown form -------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One block of the article: ``kind`` is h1..h6, p, ul, ol, table, quote or pre;
    ``lines`` the text of its items, rows (cells split by `` | ``) or lines."""

    kind: str
    lines: tuple[str, ...]


_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_ITEM = re.compile(r"^(- |\d+\. )(.*)$")
_RULE = re.compile(r"^\|( --- \|)+$")


def _kind_of(line: str) -> str:
    if line == "```":
        return "pre"
    if _HEADING.match(line):
        return "h"
    if line.startswith("> ") or line == ">":
        return "quote"
    if line.startswith("| ") and line.endswith(" |"):
        return "table"
    if item := _ITEM.match(line):
        return "ul" if item.group(1) == "- " else "ol"
    return "p"


def parts(doc: Document) -> list[Part]:
    """The article's blocks, in order."""
    if doc.markdown is None:
        return [Part("p", (p,)) for p in doc.text.split("\n\n") if p.strip()]
    lines = doc.markdown.split("\n")
    out: list[Part] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        kind = _kind_of(line) if line.strip() else ""
        if not kind:
            i += 1
        elif kind == "pre":
            end = lines.index("```", i + 1) if "```" in lines[i + 1 :] else len(lines)
            out.append(Part("pre", tuple(lines[i + 1 : end])))
            i = end + 1
        elif kind == "h":
            found = _HEADING.match(line)
            assert found is not None
            out.append(Part(f"h{len(found.group(1))}", (found.group(2),)))
            i += 1
        else:
            start = i
            while i < len(lines) and lines[i].strip() and _kind_of(lines[i]) == kind:
                i += 1
            out.append(Part(kind, _items(kind, lines[start:i])))
    return out


def _items(kind: str, lines: list[str]) -> tuple[str, ...]:
    if kind in ("ul", "ol"):
        return tuple(_ITEM.sub(r"\2", line) for line in lines)
    if kind == "quote":
        return tuple(line[2:] for line in lines)
    if kind == "table":
        return tuple(line[2:-2] for line in lines if not _RULE.match(line))
    return tuple(lines)


def _cells(row: str) -> list[str]:
    return row.split(" | ")


# -- HTML -----------------------------------------------------------------------------


def _html_part(part: Part) -> str:
    esc = html.escape
    if part.kind[0] == "h":
        return f"<{part.kind}>{esc(part.lines[0])}</{part.kind}>"
    if part.kind in ("ul", "ol"):
        items = "".join(f"\n<li>{esc(item)}</li>" for item in part.lines)
        return f"<{part.kind}>{items}\n</{part.kind}>"
    if part.kind == "table":
        rows = [
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in _cells(row)) + "</tr>"
            for row in part.lines
        ]
        return "<table>\n" + "\n".join(rows) + "\n</table>"
    if part.kind == "quote":
        return "<blockquote><p>" + esc("\n".join(part.lines)) + "</p></blockquote>"
    if part.kind == "pre":
        return "<pre><code>" + esc("\n".join(part.lines)) + "</code></pre>"
    return "<p>" + esc("\n".join(part.lines)) + "</p>"


def _html_head(doc: Document) -> Iterator[str]:
    esc = html.escape
    yield '<meta charset="utf-8">'
    if doc.title:
        yield f"<title>{esc(doc.title)}</title>"
    if doc.url:
        yield f'<link rel="canonical" href="{esc(doc.url)}">'
    metas = [
        ("name", "author", ", ".join(doc.authors)),
        ("name", "description", doc.description),
        ("name", "keywords", ", ".join(doc.tags)),
        ("property", "og:site_name", doc.site_name),
        ("property", "og:image", doc.image),
        ("property", "article:published_time", doc.published),
        ("property", "article:modified_time", doc.modified),
    ]
    for attr, name, value in metas:
        if value:
            yield f'<meta {attr}="{name}" content="{esc(value)}">'


def to_html(doc: Document) -> str:
    """A complete HTML5 page: the metadata in ``<head>``, the article in ``<article>``."""
    lang = f' lang="{html.escape(doc.language)}"' if doc.language else ""
    body = [f"<h1>{html.escape(doc.title)}</h1>"] if doc.title else []
    body += [_html_part(part) for part in parts(doc)]
    return (
        f"<!DOCTYPE html>\n<html{lang}>\n<head>\n"
        + "".join(line + "\n" for line in _html_head(doc))
        + "</head>\n<body>\n<article>\n"
        + "".join(line + "\n" for line in body)
        + "</article>\n</body>\n</html>\n"
    )


# -- trafilatura's XML and CSV --------------------------------------------------------


def _hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _xml_part(main: ET.Element, part: Part) -> None:
    if part.kind[0] == "h":
        ET.SubElement(main, "head", rend=part.kind).text = part.lines[0]
    elif part.kind in ("ul", "ol"):
        listing = ET.SubElement(main, "list", rend=part.kind)
        for item in part.lines:
            ET.SubElement(listing, "item").text = item
    elif part.kind == "table":
        table = ET.SubElement(main, "table")
        for line in part.lines:
            row = ET.SubElement(table, "row")
            for cell in _cells(line):
                ET.SubElement(row, "cell").text = cell
    else:
        tag = {"quote": "quote", "pre": "code"}.get(part.kind, "p")
        ET.SubElement(main, tag).text = "\n".join(part.lines)


def to_xml(doc: Document) -> str:
    """trafilatura's ``xml``: ``<doc>`` with metadata attributes, ``<main>``, ``<comments>``."""
    attributes = {
        "sitename": doc.site_name,
        "title": doc.title,
        "author": "; ".join(doc.authors),
        "date": doc.published[:10] if doc.published else None,
        "url": doc.url,
        "hostname": _hostname(doc.url),
        "description": doc.description,
        "tags": ";".join(doc.tags),
        "language": doc.language,
        "image": doc.image,
    }
    root = ET.Element("doc", {key: value for key, value in attributes.items() if value})
    main = ET.SubElement(root, "main")
    for part in parts(doc):
        _xml_part(main, part)
    ET.SubElement(root, "comments")
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def to_csv(doc: Document) -> str:
    """trafilatura's ``csv``: one tab-separated row of url, id, fingerprint, hostname,
    title, image, date, text, comments, license, pagetype (``null`` when unknown)."""
    row = [
        doc.url,
        None,
        None,
        _hostname(doc.url),
        doc.title,
        doc.image,
        doc.published[:10] if doc.published else None,
        doc.text,
        None,
        None,
        None,
    ]
    out = io.StringIO()
    csv.writer(out, delimiter="\t").writerow([v or "null" for v in row])
    return out.getvalue()


_RENDERERS: dict[Format, Callable[[Document], str]] = {
    Format.JSON: to_json,
    Format.JSONL: to_jsonl,
    Format.MD: to_md,
    Format.TXT: to_txt,
    Format.HTML: to_html,
    Format.XML: to_xml,
    Format.CSV: to_csv,
}
