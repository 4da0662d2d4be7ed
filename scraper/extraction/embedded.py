"""The article as a script's data: pages that render their text in the browser.

Single-page news sites (Next.js, Nuxt, Apollo caches) ship the page as an empty shell
plus the article inside a script, as a string of HTML (``"\\u003cp\\u003e..."``) in the
framework's state, or as JSON-LD's ``articleBody``. When the visible page holds no
article, the longest such string is parsed as the article's HTML.

The strings are found with a regular expression over the script text rather than by
parsing each script: the framework payloads are JavaScript statements
(``self.__next_f.push([1, "..."])``), not JSON documents, and no library reads them all.
"""

from __future__ import annotations

import json
import re

from selectolax.lexbor import LexborHTMLParser

from scraper.extraction.measure import size

__all__ = ["embedded_article_html"]

# A JSON string literal (escapes included) long enough to be an article.
_STRING = re.compile(r'"((?:[^"\\]|\\.){400,})"')
_MARKUP = re.compile(r"<(p|br|h[2-4])\b", re.IGNORECASE)
# Below this much text (measure.size units) a string is a description, not an article.
_ARTICLE = 500


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


# Code and serialized data (a framework's component tree is a string too) are full of
# these; prose has next to none.
_CODE = re.compile(r'[{}\[\]"$\\=;]')
_MAX_CODE = 0.03
# ... and it has sentences (a key, a token or a list of codes has none).
_SENTENCE = re.compile(r"[.!?](\s|$)|[。！？]")
_SENTENCES = 3


def _as_html(value: str) -> str:
    if _MARKUP.search(value):
        return value
    # Plain text (JSON-LD's articleBody): its lines are the paragraphs.
    lines = (line.strip() for line in value.splitlines())
    return "".join(f"<p>{_escape(line)}</p>" for line in lines if line)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def embedded_article_html(html: str) -> str | None:
    """The longest article-sized text that the page's inline scripts carry, as HTML."""
    tree = LexborHTMLParser(html)
    best: tuple[int, str] | None = None
    for script in tree.css("script:not([src])"):
        kind = (script.attributes.get("type") or "").lower()
        if kind and "json" not in kind and "javascript" not in kind:
            continue
        for match in _STRING.finditer(script.text() or ""):
            value = _decoded(match.group(1))
            if value is None:
                continue
            body = _as_html(value)
            parsed = LexborHTMLParser(f"<body>{body}</body>").body
            text = parsed.text(deep=True, separator="\n") if parsed is not None else ""
            if len(_CODE.findall(text)) > _MAX_CODE * len(text):
                continue
            if len(_SENTENCE.findall(text)) < _SENTENCES:
                continue
            measured = size(text)
            if measured >= _ARTICLE and (best is None or measured > best[0]):
                best = (measured, body)
    return best[1] if best else None
