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
built by hand) every block is a paragraph. Links ``[text](url)`` and image lines
``![alt](url "caption")`` are read only from a document that asked for them
(``Document.links``/``images`` not ``None``), so article text that merely looks like
Markdown stays text. Reader comments (``Document.comments``) follow the article.
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from enum import StrEnum
from urllib.parse import urlsplit

from scraper.credentials import without_credentials
from scraper.markdown_parts import LINK, Part, cells, parts
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


def _comments(doc: Document, heading: str) -> str | None:
    return f"{heading}Comments\n\n{doc.comments}" if doc.comments else None


def to_txt(doc: Document) -> str:
    """The title, a blank line, the text; only the text when there is no title (then
    the reader comments, when kept)."""
    parts = [part for part in (doc.title, doc.text, _comments(doc, "")) if part]
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
    parts = [f"# {doc.title}" if doc.title else "", body, _comments(doc, "## ") or ""]
    content = "\n\n".join(part for part in parts if part)
    return front_matter(doc) + ("\n" + content + "\n" if content else "")


# -- HTML -----------------------------------------------------------------------------


def _html_inline(text: str, links: bool) -> str:
    """``text`` escaped; its ``[text](url)`` as ``<a>`` when the document kept links."""
    if not links:
        return html.escape(text)
    pieces = LINK.split(text)  # text, label, url, text, label, url, ..., text
    out = [html.escape(piece) for piece in pieces[::3]]
    for n, (label, url) in enumerate(zip(pieces[1::3], pieces[2::3], strict=True)):
        out[n] += f'<a href="{html.escape(url)}">{html.escape(label)}</a>'
    return "".join(out)


def _html_part(part: Part, links: bool) -> str:
    def esc(text: str) -> str:
        return _html_inline(text, links)

    if part.kind == "img":
        url, alt, caption = (html.escape(line) for line in part.lines)
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<figure><img src="{url}" alt="{alt}">{figcaption}</figure>'
    if part.kind == "pre":
        return "<pre><code>" + html.escape("\n".join(part.lines)) + "</code></pre>"
    if part.kind[0] == "h":
        return f"<{part.kind}>{esc(part.lines[0])}</{part.kind}>"
    if part.kind in ("ul", "ol"):
        items = "".join(f"\n<li>{esc(item)}</li>" for item in part.lines)
        return f"<{part.kind}>{items}\n</{part.kind}>"
    if part.kind == "table":
        rows = [
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in cells(row)) + "</tr>"
            for row in part.lines
        ]
        return "<table>\n" + "\n".join(rows) + "\n</table>"
    if part.kind == "quote":
        return "<blockquote><p>" + esc("\n".join(part.lines)) + "</p></blockquote>"
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
    body += [_html_part(part, doc.links is not None) for part in parts(doc)]
    return (
        f"<!DOCTYPE html>\n<html{lang}>\n<head>\n"
        + "".join(line + "\n" for line in _html_head(doc))
        + "</head>\n<body>\n<article>\n"
        + "".join(line + "\n" for line in body)
        + "</article>\n"
        + "".join(line + "\n" for line in _html_comments(doc))
        + "</body>\n</html>\n"
    )


def _html_comments(doc: Document) -> Iterator[str]:
    if doc.comments:
        yield '<section class="comments">'
        yield "<h2>Comments</h2>"
        for paragraph in doc.comments.split("\n\n"):
            yield "<p>" + html.escape(paragraph) + "</p>"
        yield "</section>"


# -- trafilatura's XML and CSV --------------------------------------------------------


def _hostname(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _xml_text(element: ET.Element, text: str, links: bool) -> None:
    """``text`` into ``element``; its ``[text](url)`` as trafilatura's ``<ref target>``
    when the document kept links."""
    if not links:
        element.text = text
        return
    pieces = LINK.split(text)
    element.text = pieces[0]
    for n in range(1, len(pieces), 3):
        ref = ET.SubElement(element, "ref", target=pieces[n + 1])
        ref.text, ref.tail = pieces[n], pieces[n + 2]


def _xml_part(main: ET.Element, part: Part, links: bool) -> None:
    if part.kind == "img":
        url, alt, caption = part.lines
        found = {"src": url, "alt": alt, "title": caption}
        ET.SubElement(main, "graphic", {key: value for key, value in found.items() if value})
    elif part.kind[0] == "h":
        _xml_text(ET.SubElement(main, "head", rend=part.kind), part.lines[0], links)
    elif part.kind in ("ul", "ol"):
        listing = ET.SubElement(main, "list", rend=part.kind)
        for item in part.lines:
            _xml_text(ET.SubElement(listing, "item"), item, links)
    elif part.kind == "table":
        table = ET.SubElement(main, "table")
        for line in part.lines:
            row = ET.SubElement(table, "row")
            for cell in cells(line):
                _xml_text(ET.SubElement(row, "cell"), cell, links)
    elif part.kind == "pre":
        ET.SubElement(main, "code").text = "\n".join(part.lines)
    else:
        tag = "quote" if part.kind == "quote" else "p"
        _xml_text(ET.SubElement(main, tag), "\n".join(part.lines), links)


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
        _xml_part(main, part, doc.links is not None)
    comments = ET.SubElement(root, "comments")
    for paragraph in doc.comments.split("\n\n") if doc.comments else ():
        ET.SubElement(comments, "p").text = paragraph
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
        doc.comments,
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
