"""Metadata: what the page says about itself, from the most to the least explicit source.

JSON-LD, then OpenGraph / article:* / Twitter cards, then ``<meta name=...>``, then the
visible markup (``<time datetime>``, bylines, ``<h1>``, ``<html lang>``); htmldate only
when the page states no date at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.authors import clean_authors
from scraper.extraction.dates import MONTHS, normalize_date, parse_visible_date
from scraper.extraction.jsonld import JsonLd, parse_jsonld
from scraper.extraction.language import normalize_language

__all__ = ["Metadata", "extract_metadata"]

_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Metadata:
    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None


def _clean(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return None
    text = _WS.sub(" ", value).strip()
    return text or None


def _first(*values: Any) -> str | None:
    for value in values:
        text = _clean(value)
        if text:
            return text
    return None


class _Page:
    """Lookups over one parsed page, each computed once."""

    def __init__(self, tree: LexborHTMLParser, url: str | None, jsonld: list[str]) -> None:
        self.tree = tree
        self.url = url
        self.meta: dict[str, list[str]] = {}
        for node in tree.css("meta"):
            attrs = node.attributes
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            content = attrs.get("content")
            if key and content and content.strip():
                self.meta.setdefault(key.strip().lower(), []).append(content.strip())
        self.ld: JsonLd = parse_jsonld(jsonld)
        self.article: dict[str, Any] = self.ld.article() or {}

    def m(self, *keys: str) -> str | None:
        return _first(*(self.meta.get(k, [None])[0] for k in keys))

    def all(self, key: str) -> list[str]:
        return self.meta.get(key, [])

    def attr(self, selector: str, name: str) -> str | None:
        node = self.tree.css_first(selector)
        return _clean(node.attributes.get(name)) if node is not None else None

    def text(self, selector: str) -> str | None:
        node = self.tree.css_first(selector)
        return _clean(node.text(deep=True)) if node is not None else None

    def absolute(self, link: str | None) -> str | None:
        if not link:
            return None
        joined = urljoin(self.url, link) if self.url else link
        return joined if urlsplit(joined).scheme in ("http", "https") else None


def _ld_url(page: _Page) -> str | None:
    main = page.ld.resolve(page.article.get("mainEntityOfPage"))
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    return _first(main, page.article.get("url"))


def _url(page: _Page) -> str | None:
    for link in (
        page.attr('link[rel="canonical"]', "href"),
        page.m("og:url"),
        _ld_url(page),
    ):
        absolute = page.absolute(link)
        if absolute:
            return absolute
    return page.url


def _site_name(page: _Page) -> str | None:
    publisher = page.ld.resolve(page.article.get("publisher"))
    website = page.ld.website() or {}
    return _first(
        page.m("og:site_name"),
        page.ld.names(publisher)[:1] or None,
        website.get("name"),
        page.m("application-name", "twitter:site"),
    )


_TITLE_SPLIT = re.compile(r"\s+(?:[|–—·•»:-]|::|-{2})\s+")
_SITE_SUFFIX = re.compile(r"^\s*(?:[|–—·•»:-]|::|-{2})\s*|\s*(?:[|–—·•»:-]|::|-{2})\s*$")


def _from_title_tag(raw: str, title: str | None) -> tuple[str | None, str | None]:
    """Title and site name from ``<title>``: "Headline – Site", "Site :: Headline"."""
    if title and raw != title and title in raw:
        rest = _SITE_SUFFIX.sub("", raw.replace(title, "", 1)).strip()
        return title, rest or None
    parts = _TITLE_SPLIT.split(raw)
    if len(parts) < 2:
        return title or raw, None
    longest = max(parts, key=len)
    site: str | None = None
    if longest == parts[0]:
        site = parts[-1]
    elif longest == parts[-1]:
        site = parts[0]
    return title or longest, site


def _title_and_site(page: _Page, site_name: str | None) -> tuple[str | None, str | None]:
    title = _first(
        page.m("og:title", "twitter:title"),
        page.article.get("headline"),
        page.article.get("name") if page.ld.article() else None,
        page.text("h1"),
    )
    raw = page.text("title")
    if raw:
        title, site_from_title = _from_title_tag(raw, title)
        site_name = site_name or site_from_title
    if title and site_name:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            suffix = sep + site_name
            if title.endswith(suffix) and len(title) > len(suffix) + 5:
                title = title[: -len(suffix)]
    return title, site_name


def _authors(page: _Page) -> tuple[str, ...]:
    ld = page.ld.names(page.article.get("author")) + page.ld.names(page.article.get("creator"))
    if ld:
        return clean_authors(ld)
    meta = [a for a in page.all("author") + page.all("article:author") if "://" not in a]
    meta += page.all("dc.creator") + page.all("parsely-author") + page.all("sailthru.author")
    if meta:
        return clean_authors(meta)
    visible = [n.text(deep=True) for n in page.tree.css(_BYLINE_SELECTOR)]
    found = clean_authors(visible[:3])
    if found:
        return found
    # Any short element whose class names an author ("the-author", "authorName",
    # "post-detail__meta-author"): a byline is a line, a bio is a paragraph.
    lines = [line for node in page.tree.css(_AUTHOR_CLASS) if (line := _byline_text(node))]
    return clean_authors(lines[:3])


# Visible bylines, most specific first.
_BYLINE_SELECTOR = (
    '[itemprop="author"] [itemprop="name"], [itemprop="author"], [rel="author"], '
    ".byline, .author-name, .post-author, .entry-author, .article-author, .c-byline, "
    '[class*="byline"], [class*="author-name"], [class*="AuthorName"], a[href*="/author/"]'
)


_AUTHOR_CLASS = '[class*="author" i], [class*="creator-name" i]'
# Authors of comments, reviews and testimonials are not the page's; nor are form labels
# ("Name *" of a comment form) and account links.
_NOT_BYLINE_CLASS = re.compile(r"comment|review|testimonial|avatar|quote|form", re.IGNORECASE)
_NOT_BYLINE_TEXT = re.compile(
    r"\*|\b(?:get in touch|contact us|testimonial|reviews?)\b"
    r"|^(?:name|e-?mail|sign in|log in|login)\b|^(?:the\s+)?authors?$",
    re.IGNORECASE,
)
_AUTHOR_WORD = re.compile(r"author(?!i[sz]|ity)|creator-name", re.IGNORECASE)


def _byline_text(node: LexborNode) -> str | None:
    """The text of an author-classed element when it reads like a byline."""
    if not _AUTHOR_WORD.search(node.attributes.get("class") or ""):
        return None  # "authorized-dealer", "authority"
    text = node.text(deep=True, separator=" ", strip=True)
    if not text or len(text) > 60 or _NOT_BYLINE_TEXT.search(text):
        return None
    ancestor: LexborNode | None = node
    for _ in range(4):  # the element and its near ancestors
        if ancestor is None:
            break
        if ancestor.tag == "form" or _NOT_BYLINE_CLASS.search(
            ancestor.attributes.get("class") or ""
        ):
            return None
        ancestor = ancestor.parent
    return text


def _itemprop_date(page: _Page, prop: str) -> str | None:
    """Microdata dates: ``<time datetime>``, ``<meta content>``, ``<abbr title>`` (Blogger)."""
    node = page.tree.css_first(f'[itemprop="{prop}"]')
    if node is None:
        return None
    attrs = node.attributes
    return _first(attrs.get("datetime"), attrs.get("content"), attrs.get("title"), node.text())


def _published(page: _Page) -> str | None:
    for value in (
        page.article.get("datePublished"),
        page.m("article:published_time", "og:published_time", "published_time"),
        page.m("date", "pubdate", "publish-date", "publish_date", "dc.date.issued", "dc.date"),
        page.m("sailthru.date", "parsely-pub-date", "datepublished", "citation_publication_date"),
        page.m("published", "publication_date", "publication-date"),
        _itemprop_date(page, "datePublished"),
        page.attr("time[pubdate]", "datetime"),
        page.article.get("dateCreated"),
        page.attr("article time[datetime], time[datetime]", "datetime"),
    ):
        # Some sites write the date as a reader would: <meta name="published"
        # content="July 17, 2025">.
        normalized = normalize_date(value) or (
            parse_visible_date(value) if isinstance(value, str) and len(value) < 40 else None
        )
        if normalized:
            return normalized
    return None


def _modified(page: _Page) -> str | None:
    for value in (
        page.article.get("dateModified"),
        page.m("article:modified_time", "og:updated_time", "modified_time", "dc.date.modified"),
        _itemprop_date(page, "dateModified"),
    ):
        normalized = normalize_date(value)
        if normalized:
            return normalized
    return None


def _language(page: _Page) -> str | None:
    html = page.tree.css_first("html")
    declared = html.attributes.get("lang") or html.attributes.get("xml:lang") if html else None
    for value in (
        declared,
        page.m("og:locale", "content-language", "language", "dc.language"),
        page.article.get("inLanguage"),
        page.attr('meta[http-equiv="content-language" i]', "content"),
    ):
        code = normalize_language(value)
        if code:
            return code
    return None


def _split_tags(values: Iterable[Any]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        parts = value if isinstance(value, list) else str(value).split(",")
        for part in parts:
            tag = _clean(part)
            if tag and tag.casefold() not in seen and len(tag) <= 80:
                seen[tag.casefold()] = tag
    return tuple(seen.values())


def _tags(page: _Page) -> tuple[str, ...]:
    values: list[Any] = list(page.all("article:tag"))
    keywords = page.article.get("keywords")
    if keywords:
        values.append(keywords)
    if not values:
        values = page.all("keywords") + page.all("news_keywords")
    if not values:
        # WordPress and most blog engines link their tags with rel="tag".
        values = [[n.text(deep=True) for n in page.tree.css('a[rel~="tag"]')]]
    return _split_tags(values)


def _image(page: _Page) -> str | None:
    image = page.ld.resolve(page.article.get("image"))
    if isinstance(image, list):
        image = page.ld.resolve(image[0]) if image else None
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    return page.absolute(_first(page.m("og:image", "og:image:url", "twitter:image"), image))


def extract_metadata(tree: LexborHTMLParser, url: str | None, jsonld: list[str]) -> Metadata:
    """Everything the page states about itself in metadata and markup.

    ``jsonld`` are the texts of the page's JSON-LD scripts (read before scripts are
    stripped from ``tree``).
    """
    page = _Page(tree, url, jsonld)
    title, site_name = _title_and_site(page, _site_name(page))
    return Metadata(
        url=_url(page),
        title=title,
        authors=_authors(page),
        published=_published(page),
        modified=_modified(page),
        site_name=site_name,
        language=_language(page),
        description=_first(
            page.m("og:description", "description", "twitter:description"),
            page.article.get("description"),
        ),
        tags=_tags(page),
        image=_image(page),
    )


# Years a page's date can have (1990-2039). htmldate costs milliseconds even on small
# pages, and a date regex run over the whole page costs as much; so years are found by
# substring search for their first three digits (five scans at C speed, where one scan
# per year cost 1-3 ms on a 40 KB page) and only the text around each is checked for
# a date shape.
_DECADES = ("199", "200", "201", "202", "203")
_DATE_NEAR = re.compile(
    r"\d{4}[-/._]\d{1,2}[-/._]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez|ene|abr|ago|dic)",
    re.IGNORECASE,
)


def _mentions_a_date(text: str) -> bool:
    for decade in _DECADES:
        start = text.find(decade)
        while start >= 0:
            if text[start + 3 : start + 4].isdigit() and _DATE_NEAR.search(
                text, max(0, start - 30), start + 14
            ):
                return True
            start = text.find(decade, start + 3)
    return False


# The only date htmldate reads from a URL: year, month and day ("/2024/05/17/").
# A bare number that looks like a year ("/article/1999") is not one.
_URL_DATE = re.compile(r"\D(?:199\d|20[0-3]\d)[/_-]\d{1,2}[/_-]\d{1,2}(?:\D|$)")


def guess_date(html: str, url: str | None) -> str | None:
    """A date for pages that state none in metadata, markup or dateline: htmldate's
    guess, else the first line of the page that is a date ("Updated May 6, 2025").

    Both parse the page again (htmldate with lxml, a few milliseconds), so they run only
    when the page shows a date or its URL holds one.
    """
    if not _mentions_a_date(html) and not (url and _URL_DATE.search(url)):
        return None
    from htmldate import find_date  # imported here: it costs 150 ms and most pages never need it

    try:
        found = find_date(html, url=url, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        found = None
    return normalize_date(found) if found else date_line(html)


# A date line: the date, maybe after a cue ("Updated", "Published on", "Last updated:").
_DATE_CUE = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|published|posted)(?:\s+on)?\b\s*:?\s*"
    r"|(?:date|on)\b\s*:?\s*)?",
    re.IGNORECASE,
)
_DATE_LINE_MAX = 48


def date_line(html: str) -> str | None:
    """The first line of the page's text that is a date and nothing else (a cue word
    allowed): what a reader sees under a headline when the markup says nothing.

    htmldate's extensive search finds these too, but through dateparser: about 20 ms
    more a page and 40 MiB more memory (bench/quality.py), for the same dates here.
    """
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template"])
    body = tree.body
    if body is None:
        return None
    for line in body.text(separator="\n").split("\n"):
        line = line.strip(" \t\u00a0|•·⋅-–—")
        if not 6 <= len(line) <= _DATE_LINE_MAX or not any(c.isdigit() for c in line):
            continue
        rest = _DATE_CUE.sub("", line, count=1)
        found = parse_visible_date(rest)
        if found and _is_whole_date(rest):
            return found
    return None


_DATE_WORDS = re.compile(r"[^\W\d_]+")
_MONTH_WORDS = frozenset(MONTHS) | {"st", "nd", "rd", "th", "de"}


def _is_whole_date(text: str) -> bool:
    """``text`` holds a date and at most a month name and an ordinal or "de" besides."""
    words = [w.lower() for w in _DATE_WORDS.findall(text)]
    return len(words) <= 2 and all(w in _MONTH_WORDS for w in words)
