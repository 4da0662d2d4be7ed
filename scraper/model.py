"""The typed records that flow between the stages of the pipeline.

    URL ──fetch──▶ Page ──extract──▶ Document ──normalize──▶ Document ──store──▶ out/
    saved file ──read──▶ Page ──┘

All of them are frozen dataclasses: a stage makes a new record, it never edits one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from scraper.credentials import redact

__all__ = ["Document", "FetchInfo", "Image", "Link", "Page", "Quality"]


def _redacted(url: str | None) -> str | None:
    return redact(url) if url is not None else None


@dataclass(frozen=True, slots=True)
class FetchInfo:
    """What the fetcher learnt about one HTTP exchange."""

    requested_url: str
    final_url: str
    status: int
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "requested_url": redact(self.requested_url),
            "final_url": redact(self.final_url),
            "status": self.status,
            "fetched_at": self.fetched_at,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_type": self.content_type,
            "encoding": self.encoding,
            "attempts": self.attempts,
        }


@dataclass(frozen=True, slots=True)
class Page:
    """Raw page bytes plus what is known about where they came from.

    ``charset`` is the encoding declared outside the bytes (an HTTP header); the bytes'
    own BOM and ``<meta charset>`` are looked at when decoding.
    ``kind`` is ``"html"`` or ``"text"`` (text that an earlier scraper already extracted).
    """

    data: bytes
    source: str
    url: str | None = None
    charset: str | None = None
    kind: str = "html"
    fetch: FetchInfo | None = None
    warnings: tuple[str, ...] = ()  # what reading had to repair (stray NUL bytes, ...)


@dataclass(frozen=True, slots=True)
class Quality:
    """``score`` in [0, 1] (1: nothing looked wrong) and ``reasons``, worst first."""

    score: float
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the article (``ExtractConfig.images``): its absolute URL, its alt text
    and its caption (a ``<figcaption>``, or the image's ``title``), when it has them."""

    url: str
    alt: str | None = None
    caption: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": redact(self.url), "alt": self.alt, "caption": self.caption}


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the article's text (``ExtractConfig.links``): its text and absolute URL."""

    text: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "url": redact(self.url)}


@dataclass(frozen=True, slots=True)
class Document:
    """Clean article text plus metadata: what scraper produces for every page.

    Every field is always present in the serialized form: ``None`` or ``[]`` when unknown.
    ``markdown`` is the text with headings marked by ``#`` (for ``--format md``);
    ``warnings`` are diagnostics for the caller (e.g. "no article text found"). Neither
    is part of the serialized document.

    ``comments``, ``links`` and ``images`` are ``None`` unless ``ExtractConfig`` asked
    for them, and only then serialized (so that the default output stays as it was):
    ``comments`` is the reader comments' text (``""``: none found), ``links`` the links
    of the article's text in order, ``images`` its images in order.
    """

    text: str
    source: str | None = None
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
    fetch: FetchInfo | None = None
    quality: Quality | None = None
    comments: str | None = None
    links: tuple[Link, ...] | None = None
    images: tuple[Image, ...] | None = None
    markdown: str | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON-ready data, keys in a fixed order."""
        data: dict[str, Any] = {
            "url": _redacted(self.url),
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "modified": self.modified,
            "site_name": self.site_name,
            "language": self.language,
            "description": self.description,
            "tags": list(self.tags),
            "image": _redacted(self.image),
            "text": self.text,
        }
        if self.comments is not None:
            data["comments"] = self.comments or None
        if self.links is not None:
            data["links"] = [link.to_dict() for link in self.links]
        if self.images is not None:
            data["images"] = [image.to_dict() for image in self.images]
        data |= {
            "source": _redacted(self.source),
            "quality": self.quality.to_dict() if self.quality is not None else None,
        }
        if self.fetch is not None:
            data["fetch"] = self.fetch.to_dict()
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Deterministic JSON: same document, same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
