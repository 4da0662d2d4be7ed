"""Metadata: what the page says about itself, from the most to the least explicit source.

JSON-LD, then OpenGraph / article:* / Twitter cards, then ``<meta name=...>``, then the
visible markup (``<time datetime>``, bylines, ``<h1>``, ``<html lang>``); htmldate only
when the page states no date at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.authors import clean_authors, invert_sorted_name, name_key
from scraper.extraction.bylines import visible_byline
from scraper.extraction.dates import (
    date_line,
    guess_date,
    normalize_date,
    parse_visible_date,
)
from scraper.extraction.jsonld import NEWS_TYPES, JsonLd, parse_jsonld
from scraper.extraction.language import normalize_language

# date_line and guess_date live in dates.py; they are re-exported for the pipeline.
__all__ = ["Metadata", "date_line", "extract_metadata", "guess_date"]

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
    # The page declares itself a news story (schema.org NewsArticle or one of its kinds,
    # or a live blog): news conventions apply to its text (notes.py).
    news: bool = False


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


def _headline(page: _Page) -> str | None:
    """The text of the page's first ``<h1>`` that has any."""
    first = page.tree.css_first("h1")  # stops there: most pages need no more
    if first is None:
        return None
    text = _clean(first.text(deep=True))
    if text:
        return text
    return next(filter(None, (_clean(h.text(deep=True)) for h in page.tree.css("h1"))), None)


def _split_from_headline(title: str, headline: str | None) -> str:
    """``headline`` where ``title`` is it plus a part split off by punctuation.

    Titles from ``og:title`` or ``<title>`` often carry what the site adds to every
    page's name: "Models | Django documentation", "Fields - Pydantic", "Linear –
    The system for product development", "Headline – DW – 13.06.2023". Where the
    page's visible headline starts or ends the title and a separator (any character
    that is not a letter or digit) stands between it and the rest, the headline is the
    title. A rest before the headline that ends in a colon is the story's kicker
    ("Atomkraft: Kühltürme gesprengt"), part of the title, and stays; a title that
    only shares words with the headline (no separator) is a different wording of it,
    and stays too.
    """
    if not headline or len(headline) >= len(title):
        return title
    folded, head = title.casefold(), headline.casefold()
    if len(folded) != len(title):  # case folding changed the length: no safe offsets
        return title
    rest = title[len(headline) :].lstrip()
    if folded.startswith(head) and rest and not rest[0].isalnum():
        return headline
    before = title[: -len(headline)].rstrip()
    if folded.endswith(head) and before and not before[-1].isalnum() and before[-1] != ":":
        return headline
    return title


def _title_and_site(page: _Page, site_name: str | None) -> tuple[str | None, str | None]:
    headline = _headline(page)
    title = (
        _first(
            page.m("og:title", "twitter:title"),
            page.article.get("headline"),
            page.article.get("name") if page.ld.article() else None,
        )
        or headline
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
    return (_split_from_headline(title, headline) if title else title), site_name


# Dublin Core and citation tags write one author per tag, family name first.
_SORTED_NAME_KEYS = ("dc.creator", "citation_author")


def _brands(page: _Page, site_name: str | None) -> set[str]:
    """Keys of the names a site credits itself by: site, publisher, host."""
    publisher = page.ld.resolve(page.article.get("publisher"))
    names = [site_name, *page.ld.names(publisher), page.m("og:site_name")]
    host = (urlsplit(page.url).hostname or "") if page.url else ""
    host = host.removeprefix("www.")
    names += [host, host.rsplit(".", 1)[0]] if host else []
    return {name_key(n) for n in names if n and name_key(n)}


def _authors(page: _Page, title: str | None, site_name: str | None) -> tuple[str, ...]:
    """Who wrote the page, from the most to the least explicit source that names a
    person; a newsroom's brand (a JSON-LD Organization, the site's own name) only when
    no source names a person.

    A visible byline next to the headline beats a brand credited in the markup
    (``"author": {"@type": "Organization", ...}`` over "By Jane Doe"), and a fuller
    visible byline beats markup that names only some of its authors.
    """
    brands = _brands(page, site_name)
    credits = page.ld.credits(page.article.get("author"))
    credits += page.ld.credits(page.article.get("creator"))
    ld_people = clean_authors(name for name, org in credits if not org)
    ld_orgs = clean_authors(name for name, org in credits if org)
    meta = [a for a in page.all("author") + page.all("article:author") if "://" not in a]
    meta += page.all("parsely-author") + page.all("sailthru.author")
    meta += [invert_sorted_name(a) for key in _SORTED_NAME_KEYS for a in page.all(key)]
    meta_names = clean_authors(meta)
    visible = clean_authors(visible_byline(page.tree, title))
    visible_keys = {name_key(n) for n in visible}
    for stated in (ld_people, meta_names):
        people = tuple(n for n in stated if name_key(n) not in brands)
        if people:
            if {name_key(n) for n in people} <= visible_keys:
                return visible
            return people
    credited = ld_people or ld_orgs or meta_names
    # Over a credited brand, only a byline that names a person ("amw" initials or an
    # "edit topics" button next to the headline do not beat "kicker").
    if visible and (not credited or any(_names_a_person(n) for n in visible)):
        return visible
    return credited


def _names_a_person(name: str) -> bool:
    """Given and family name, or a name in a script without case (Korean, Japanese)."""
    words = name.split()
    if not words[0][:1].isalpha() or words[0].lower() == words[0].upper():
        return True
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _itemprop_date(page: _Page, prop: str) -> str | None:
    """Microdata dates: ``<time datetime>``, ``<meta content>``, ``<abbr title>`` (Blogger)."""
    node = page.tree.css_first(f'[itemprop="{prop}"]')
    if node is None:
        return None
    attrs = node.attributes
    return _first(attrs.get("datetime"), attrs.get("content"), attrs.get("title"), node.text())


def _published_values(page: _Page) -> Iterator[Any]:
    """The stated publication dates, most explicit first; each read only when the ones
    before it said nothing (the markup lookups walk the whole tree)."""
    yield page.article.get("datePublished")
    yield page.m("article:published_time", "og:published_time", "published_time")
    yield page.m("date", "pubdate", "publish-date", "publish_date", "dc.date.issued", "dc.date")
    yield page.m("sailthru.date", "parsely-pub-date", "datepublished", "citation_publication_date")
    yield page.m("published", "publication_date", "publication-date")
    yield _itemprop_date(page, "datePublished")
    yield page.attr("time[pubdate]", "datetime")
    yield page.article.get("dateCreated")
    yield page.attr("article time[datetime], time[datetime]", "datetime")


def _published(page: _Page) -> str | None:
    for value in _published_values(page):
        # Some sites write the date as a reader would: <meta name="published"
        # content="July 17, 2025">.
        normalized = normalize_date(value) or (
            parse_visible_date(value) if isinstance(value, str) and len(value) < 40 else None
        )
        if normalized:
            return normalized
    return None


def _modified_values(page: _Page) -> Iterator[Any]:
    yield page.article.get("dateModified")
    yield page.m("article:modified_time", "og:updated_time", "modified_time", "dc.date.modified")
    yield _itemprop_date(page, "dateModified")  # read only when the others said nothing


def _modified(page: _Page) -> str | None:
    for value in _modified_values(page):
        normalized = normalize_date(value)
        if normalized:
            return normalized
    return None


def _language(page: _Page) -> str | None:
    html = page.tree.css_first("html")
    declared = html.attributes.get("lang") or html.attributes.get("xml:lang") if html else None
    for value in _language_values(page, declared):
        code = normalize_language(value)
        if code:
            return code
    return None


def _language_values(page: _Page, declared: str | None) -> Iterator[Any]:
    yield declared
    yield page.m("og:locale", "content-language", "language", "dc.language")
    yield page.article.get("inLanguage")
    yield page.attr('meta[http-equiv="content-language" i]', "content")  # only if needed


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


def extract_metadata(
    tree: LexborHTMLParser,
    url: str | None,
    jsonld: list[str],
    metas: list[LexborNode] | None = None,
) -> Metadata:
    """Everything the page states about itself in metadata and markup.

    ``jsonld`` are the texts of the page's JSON-LD scripts (read before scripts are
    stripped from ``tree``); ``metas``: the page's ``<meta>`` elements in page order,
    when the caller has them (else they are looked up).
    """
    page = _Page(tree, url, jsonld, metas)
    title, site_name = _title_and_site(page, _site_name(page))
    return Metadata(
        url=_url(page),
        title=title,
        authors=_authors(page, title, site_name),
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
        news=page.ld.first_of(NEWS_TYPES) is not None,
    )
