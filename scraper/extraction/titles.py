"""The page's title and site name, from its metadata, ``<title>`` and visible headline."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from scraper.extraction.metapage import MetaPage, clean_value, first_value

_PERMALINKS = "¶\U0001f517 "
_TITLE_SPLIT = re.compile(r"\s+(?:[|–—·•»:/-]|::|-{2})\s+")
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


def _headline(page: MetaPage, sites: tuple[str, ...]) -> str | None:
    """The text of the page's first ``<h1>`` that has any and is not the site's logo."""
    first = page.tree.css_first("h1")  # stops there: most pages need no more
    if first is None:
        return None
    text = _heading_text(first)
    if text and not _is_logo(first, text, sites):
        return text
    for h1 in page.tree.css("h1")[1:]:  # the first was read above
        text = _heading_text(h1)
        if text and not _is_logo(h1, text, sites):
            return text
    return None


# A home page's path: what a logo links to ("/", "/index.php", "./").
_HOME_PATHS = frozenset({"", "/", ".", "./", "/index.php", "/index.html", "index.php"})


def _is_logo(h1: LexborNode, text: str, sites: tuple[str, ...]) -> bool:
    """Whether an ``<h1>`` is the site's name set as a heading (a forum's or a blog's
    logo: "<a href="/"><h1>Bogleheads.org</h1></a>"), not the page's headline: its
    text is the site's name, or it is all one link to a home page."""
    key = _alnum(text)
    if any(key == _alnum(site) for site in sites):
        return True
    link = h1.parent if h1.parent is not None and h1.parent.tag == "a" else h1.css_first("a")
    if link is None or clean_value(link.text(deep=True)) != text:
        return False
    href = (link.attributes.get("href") or "").strip()
    parts = urlsplit(href)
    return bool(href) and not parts.query and parts.path in _HOME_PATHS


def _heading_text(h1: LexborNode) -> str | None:
    """The heading's words, without the permalink mark documentation generators put at
    its end ("Models¶": Sphinx, MkDocs)."""
    text = clean_value(h1.text(deep=True))  # whitespace already collapsed and stripped
    return (text.rstrip(_PERMALINKS) or None) if text else None


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


def title_and_site(page: MetaPage, site_name: str | None) -> tuple[str | None, str | None]:
    raw = page.text("title")
    headline = _headline(page, tuple(filter(None, (site_name, _title_tail(raw)))))
    title = (
        first_value(
            page.m("og:title", "twitter:title"),
            page.article.get("headline"),
            page.article.get("name") if page.ld.article() else None,
        )
        or headline
    )
    if raw:
        title, site_from_title = _from_title_tag(raw, title)
        site_name = site_name or site_from_title
    if title and site_name:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            suffix = sep + site_name
            if title.endswith(suffix) and len(title) > len(suffix) + 5:
                title = title[: -len(suffix)]
            elif sep in title:  # "Headline | Acme Shop" on the site "Acme Shop Ltd"
                head, tail = title.rsplit(sep, 1)
                if len(head) > 5 and _names_site(tail, site_name):
                    title = head
            # "Headline | Site | by Author": the site's name, and what it adds after it
            cut = title.find(suffix + sep)
            if cut > 5:
                title = title[:cut]
    return (_split_from_headline(title, headline) if title else title), site_name


def _title_tail(raw: str | None) -> str | None:
    """What ends a ``<title>`` after its last separator, when what comes before it is
    longer: "Traits - The Rust Programming Language" (the name a site adds to every
    page's title)."""
    parts = _TITLE_SPLIT.split(raw) if raw else []
    if len(parts) < 2 or len(parts[0]) <= len(parts[-1]):
        return None
    return parts[-1]


def _names_site(part: str, site_name: str) -> bool:
    """Whether ``part`` of a title is the site's name written another way: its letters
    and digits are a run of the site name's ("Pest-R-Us Pest Services" of "Pest~R~Us
    Pest Services", "Thrive Marketing" of "Thrive Marketing Agency")."""
    key, site = _alnum(part), _alnum(site_name)
    return len(key) >= 4 and key in site


def _alnum(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
