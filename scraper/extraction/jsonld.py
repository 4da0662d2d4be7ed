"""Reading schema.org JSON-LD: the article object, its authors and publisher.

Handles a single object, a list, ``@graph`` (Yoast, Rank Math), and authors given as
strings, objects, lists or ``@id`` references into the graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "ARTICLE_TYPES",
    "NEWS_TYPES",
    "ORGANIZATION_TYPES",
    "PRODUCT_TYPES",
    "JsonLd",
    "parse_jsonld",
]

ARTICLE_TYPES = frozenset(
    [
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "MedicalScholarlyArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "Review",
        "Recipe",
        "HowTo",
    ]
)
# The article types a newsroom publishes: a news story, in one of its kinds, or a live blog.
NEWS_TYPES = frozenset(
    [kind for kind in ARTICLE_TYPES if kind.endswith("NewsArticle")] + ["LiveBlogPosting"]
)
# The plain story types, which newsrooms use too (with og:type "article"; metadata.py).
STORY_TYPES = frozenset(["Article", "BlogPosting"])
# Things for sale: a page about one states no publication date.
PRODUCT_TYPES = frozenset(["Product", "ProductGroup", "ProductModel", "IndividualProduct"])
ORGANIZATION_TYPES = frozenset(
    [
        "Organization",
        "NewsMediaOrganization",
        "Corporation",
        "LocalBusiness",
        "EducationalOrganization",
        "GovernmentOrganization",
        "NGO",
        "OnlineBusiness",
        "MedicalOrganization",
        "Brand",
        "WebSite",
    ]
)
_PAGE_TYPES = frozenset(["WebPage", "ItemPage", "AboutPage", "FAQPage", "QAPage", "CollectionPage"])
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("/*<![CDATA[*/").removesuffix("/*]]>*/").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(raw)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw.replace("\n", " ")))
        except ValueError:
            return None


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind.rsplit("/", 1)[-1]}
    if isinstance(kind, list):
        return {k.rsplit("/", 1)[-1] for k in kind if isinstance(k, str)}
    return set()


def _name_of(item: dict[str, Any]) -> str | None:
    """``name``, else ``givenName familyName`` (some CMSs give only the parts)."""
    name = item.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, str) and name.strip():
        return name
    parts = [item.get("givenName"), item.get("familyName")]
    joined = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return joined or None


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object of a script: its top-level ones, those of a ``@graph``, and the
    ``mainEntity`` a page object holds (a forum thread's ``WebPage`` holds the
    ``DiscussionForumPosting``, with its author and date, there)."""
    if isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        yield value
        main = value.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _walk(main)
        graph = value.get("@graph")
        if graph is not None:
            yield from _walk(graph)


class JsonLd:
    """The objects of every JSON-LD script on a page, with ``@id`` lookup."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.objects = objects
        self.by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value

    def first_of(self, types: frozenset[str]) -> dict[str, Any] | None:
        return next((o for o in self.objects if _types(o) & types), None)

    def article(self) -> dict[str, Any] | None:
        return self.first_of(ARTICLE_TYPES) or self._question() or self.first_of(_PAGE_TYPES)

    def _question(self) -> dict[str, Any] | None:
        """The question a ``QAPage`` is about: its author asked it, on the day it was
        asked (an ``FAQPage``'s questions are no one's)."""
        for page in self.objects:
            if "QAPage" in _types(page):
                main = self.resolve(page.get("mainEntity"))
                if isinstance(main, dict) and "Question" in _types(main):
                    return main
        return None

    def website(self) -> dict[str, Any] | None:
        return self.first_of(frozenset({"WebSite"}))

    def names(self, value: Any) -> list[str]:
        """Names of a person/organization value: string, object, reference or list."""
        return [name for name, _ in self.credits(value)]

    def credits(self, value: Any) -> list[tuple[str, bool]]:
        """Each name of a person/organization value, and whether it is an organization
        (by its ``@type``: a newsroom's brand credited as the author)."""
        out: list[tuple[str, bool]] = []
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            if isinstance(item, str):
                out.append((item, False))
            elif isinstance(item, dict):
                name = _name_of(item)
                if name:
                    out.append((name, bool(_types(item) & ORGANIZATION_TYPES)))
        return out


def parse_jsonld(scripts: list[str]) -> JsonLd:
    objects: list[dict[str, Any]] = []
    for raw in scripts:
        objects.extend(_walk(_loads(raw)))
    return JsonLd(objects)
