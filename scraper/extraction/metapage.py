"""One parsed page's metadata lookups: its ``<meta>`` tags, its JSON-LD and its markup.

Shared by the metadata readers (``metadata.py``, ``titles.py``); each lookup is made
once per page.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.jsonld import JsonLd, parse_jsonld

_WS = re.compile(r"\s+")


def clean_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text or None


def first_value(*values: Any) -> str | None:
    for value in values:
        text = clean_value(value)
        if text:
            return text
    return None


class MetaPage:
    """Lookups over one parsed page, each computed once."""

    def __init__(
        self,
        tree: LexborHTMLParser,
        url: str | None,
        jsonld: list[str],
        metas: list[LexborNode] | None,
    ) -> None:
        self.tree = tree
        self.url = url
        self.meta: dict[str, list[str]] = {}
        for node in tree.css("meta") if metas is None else metas:
            attrs = node.attributes
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            content = attrs.get("content")
            if key and content and content.strip():
                self.meta.setdefault(key.strip().lower(), []).append(content.strip())
        self.ld: JsonLd = parse_jsonld(jsonld)
        self.article: dict[str, Any] = self.ld.article() or {}

    def m(self, *keys: str) -> str | None:
        return first_value(*(self.meta.get(k, [None])[0] for k in keys))

    def all(self, key: str) -> list[str]:
        return self.meta.get(key, [])

    def attr(self, selector: str, name: str) -> str | None:
        node = self.tree.css_first(selector)
        return clean_value(node.attributes.get(name)) if node is not None else None

    def text(self, selector: str) -> str | None:
        node = self.tree.css_first(selector)
        return clean_value(node.text(deep=True)) if node is not None else None

    def absolute(self, link: str | None) -> str | None:
        if not link:
            return None
        joined = urljoin(self.url, link) if self.url else link
        return joined if urlsplit(joined).scheme in ("http", "https") else None
