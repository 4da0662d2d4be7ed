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
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.authors import clean_authors, invert_sorted_name, is_lead_in, name_key
from scraper.extraction.bylines import visible_byline
from scraper.extraction.dates import (
    date_line,
    guess_date,
    normalize_date,
    parse_visible_date,
)
from scraper.extraction.jsonld import ARTICLE_TYPES, NEWS_TYPES, PRODUCT_TYPES, STORY_TYPES
from scraper.extraction.language import normalize_language
from scraper.extraction.metapage import MetaPage, clean_value, first_value
from scraper.extraction.plain_bylines import plain_byline
from scraper.extraction.titles import title_and_site

# date_line and guess_date live in dates.py; they are re-exported for the pipeline.
__all__ = ["Metadata", "date_line", "extract_metadata", "guess_date"]


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
    # or a live blog; or an Article or BlogPosting that Open Graph calls an "article"):
    # news conventions apply to its text (notes.py).
    news: bool = False
    # Its JSON-LD declares a NewsArticle (or a kind of it, or a live blog): a newsroom's
    # story, whose standfirst belongs to its text (heads.standfirst).
    newsroom: bool = False
    # The page declares an item for sale (an Open Graph "product" type, or a JSON-LD
    # Product and no article): its dates are prices' and stock's, no publication's.
    item: bool = False
    # Its JSON-LD declares a Product and no article: one item's page, never read as a
    # list of links (an Open Graph "product" type alone is not enough: shops put it on
    # category grids too; listing.py).
    sold: bool = False


def _ld_url(page: MetaPage) -> str | None:
    main = page.ld.resolve(page.article.get("mainEntityOfPage"))
    if isinstance(main, dict):
        main = main.get("@id") or main.get("url")
    return first_value(main, page.article.get("url"))


def _url(page: MetaPage) -> str | None:
    for link in (
        page.attr('link[rel="canonical"]', "href"),
        page.m("og:url"),
        _ld_url(page),
    ):
        absolute = page.absolute(link)
        if absolute:
            return absolute
    return page.url


def _site_name(page: MetaPage) -> str | None:
    publisher = page.ld.resolve(page.article.get("publisher"))
    website = page.ld.website() or {}
    return first_value(
        page.m("og:site_name"),
        page.ld.names(publisher)[:1] or None,
        website.get("name"),
        page.m("application-name", "twitter:site"),
    )


# Dublin Core and citation tags write one author per tag, family name first.
_SORTED_NAME_KEYS = ("dc.creator", "citation_author")
_PRODUCT_KIND = re.compile(r"(?:^|[:.])product(?:$|[:.])")


def _brands(page: MetaPage, site_name: str | None) -> set[str]:
    """Keys of the names a site credits itself by: site, publisher, host."""
    publisher = page.ld.resolve(page.article.get("publisher"))
    names = [site_name, *page.ld.names(publisher), page.m("og:site_name")]
    host = (urlsplit(page.url).hostname or "") if page.url else ""
    host = host.removeprefix("www.")
    names += [host, host.rsplit(".", 1)[0]] if host else []
    return {name_key(n) for n in names if n and name_key(n)}


def _authors(page: MetaPage, title: str | None, site_name: str | None) -> tuple[str, ...]:
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
    # "Jane Doe, PCWorld": the site's own name beside a person's is no author.
    visible = tuple(n for n in visible if name_key(n) not in brands) or visible
    visible_keys = {name_key(n) for n in visible}
    for stated in (ld_people, meta_names):
        people = tuple(n for n in stated if name_key(n) not in brands)
        if people:
            if {name_key(n) for n in people} <= visible_keys:
                return visible
            return people
    if not visible:  # no marked byline: a plain "By Jane Doe" under the headline
        plain = plain_byline(page.tree, title)
        named = clean_authors([plain]) if plain else ()
        visible = tuple(n for n in named if _names_a_person(n))
    credited = ld_people or ld_orgs or meta_names
    # Over a credited brand, only a byline that names a person ("amw" initials or an
    # "edit topics" button next to the headline do not beat "kicker").
    if visible and (not credited or any(_names_a_person(n) for n in visible)):
        return visible
    # No stated person gets here (a brand may): the card's person, if any, beats a brand.
    card = _card_byline(page, brands)
    if card and (not credited or any(_names_a_person(n) for n in card)):
        return card
    return credited


def _card_byline(page: MetaPage, brands: set[str]) -> tuple[str, ...]:
    """The author a Twitter card's label pairs give ("twitter:label1" "Written by",
    "twitter:data1" the name: what SEO plugins write), when nothing else names one."""
    labels = (page.all(f"twitter:label{i}")[:1] for i in (1, 2, 3, 4))
    for i, label in enumerate(labels, start=1):
        if label and is_lead_in(label[0]):
            named = clean_authors(page.all(f"twitter:data{i}")[:1])
            return tuple(n for n in named if name_key(n) not in brands) or named
    return ()


def _names_a_person(name: str) -> bool:
    """Given and family name, or a name in a script without case (Korean, Japanese)."""
    words = name.split()
    if not words[0][:1].isalpha() or words[0].lower() == words[0].upper():
        return True
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _itemprop_date(page: MetaPage, prop: str) -> str | None:
    """Microdata dates: ``<time datetime>``, ``<meta content>``, ``<abbr title>`` (Blogger)."""
    node = page.tree.css_first(f'[itemprop="{prop}"]')
    if node is None:
        return None
    attrs = node.attributes
    return first_value(attrs.get("datetime"), attrs.get("content"), attrs.get("title"), node.text())


def _published_values(page: MetaPage) -> Iterator[Any]:
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


def _published(page: MetaPage) -> str | None:
    for value in _published_values(page):
        # Some sites write the date as a reader would: <meta name="published"
        # content="July 17, 2025">.
        normalized = normalize_date(value) or (
            parse_visible_date(value) if isinstance(value, str) and len(value) < 40 else None
        )
        if normalized:
            return normalized
    return None


def _modified_values(page: MetaPage) -> Iterator[Any]:
    yield page.article.get("dateModified")
    yield page.m("article:modified_time", "og:updated_time", "modified_time", "dc.date.modified")
    yield _itemprop_date(page, "dateModified")  # read only when the others said nothing


def _modified(page: MetaPage) -> str | None:
    for value in _modified_values(page):
        normalized = normalize_date(value)
        if normalized:
            return normalized
    return None


def _language(page: MetaPage) -> str | None:
    html = page.tree.css_first("html")
    declared = html.attributes.get("lang") or html.attributes.get("xml:lang") if html else None
    for value in _language_values(page, declared):
        code = normalize_language(value)
        if code:
            return code
    return None


def _language_values(page: MetaPage, declared: str | None) -> Iterator[Any]:
    yield declared
    yield page.m("og:locale", "content-language", "language", "dc.language")
    yield page.article.get("inLanguage")
    yield page.attr('meta[http-equiv="content-language" i]', "content")  # only if needed


def _split_tags(values: Iterable[Any]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        parts = value if isinstance(value, list) else str(value).split(",")
        for part in parts:
            tag = clean_value(part)
            if tag and tag.casefold() not in seen and len(tag) <= 80:
                seen[tag.casefold()] = tag
    return tuple(seen.values())


def _tags(page: MetaPage) -> tuple[str, ...]:
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


def _image(page: MetaPage) -> str | None:
    image = page.ld.resolve(page.article.get("image"))
    if isinstance(image, list):
        image = page.ld.resolve(image[0]) if image else None
    if isinstance(image, dict):
        image = image.get("url") or image.get("contentUrl")
    return page.absolute(first_value(page.m("og:image", "og:image:url", "twitter:image"), image))


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
    page = MetaPage(tree, url, jsonld, metas)
    title, site_name = title_and_site(page, _site_name(page))
    return Metadata(
        url=_url(page),
        title=title,
        authors=_authors(page, title, site_name),
        published=_published(page),
        modified=_modified(page),
        site_name=site_name,
        language=_language(page),
        description=first_value(
            page.m("og:description", "description", "twitter:description"),
            page.article.get("description"),
        ),
        tags=_tags(page),
        image=_image(page),
        news=_news(page),
        newsroom=page.ld.first_of(NEWS_TYPES) is not None,
        item=_item(page),
        sold=_sold(page),
    )


def _item(page: MetaPage) -> bool:
    """Whether the page declares an item for sale: Open Graph's "product" (or
    "product.group", "og:product", a shop's "…:product"), or a JSON-LD Product with no
    article beside it."""
    kind = (page.m("og:type") or "").strip().casefold()
    return _PRODUCT_KIND.search(kind) is not None or _sold(page)


def _sold(page: MetaPage) -> bool:
    """Whether the page's JSON-LD declares a Product and no article."""
    ld = page.ld
    return ld.first_of(PRODUCT_TYPES) is not None and ld.first_of(ARTICLE_TYPES) is None


def _news(page: MetaPage) -> bool:
    """Whether the page declares a news story: a NewsArticle (or a kind of it, or a live
    blog) in JSON-LD, or a plain Article or BlogPosting there that its Open Graph type
    calls an article (many newsrooms declare no more)."""
    if page.ld.first_of(NEWS_TYPES) is not None:
        return True
    kind = (page.m("og:type") or "").strip().casefold()
    return kind == "article" and page.ld.first_of(STORY_TYPES) is not None
