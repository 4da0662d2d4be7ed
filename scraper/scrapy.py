"""Cleaning pages inside a Scrapy crawl: ``ScraperPipeline``, an item pipeline.

    spider ──{"response": response}──▶ ScraperPipeline ──Page──▶ cleaning processes
    spider's feed ◀── {every Document key, "fetch": {...}, the item's other keys} ──┘

The spider yields items holding the response (``{"response": response}``), or its
parts (``{"url": ..., "body": ..., "headers": ...}``, ``"status"`` optional); the item
that goes on down the pipeline has every key of the ``Document``, as ``scraper fetch``
saves it, plus the item's own other keys. Items holding neither pass through untouched.

Cleaning runs in scraper's own pool of worker processes (``CleaningPool``, the one
``scraper fetch`` uses, time limit and lost workers included): ``process_item`` awaits
it, so Scrapy's reactor never runs the extractor and goes on downloading meanwhile;
Scrapy's own limits on items and response bytes in progress (``CONCURRENT_ITEMS``,
``SCRAPER_SLOT_MAX_ACTIVE_SIZE``) hold the crawl back when cleaning is slower than
downloading. Needs Scrapy's asyncio reactor (its default since 2.13).

Settings, where they overlap ``ExtractConfig``, take its names with a ``SCRAPER_``
prefix: ``SCRAPER_MAX_BYTES``, ``SCRAPER_MAX_DEPTH``, ``SCRAPER_TIME_LIMIT``,
``SCRAPER_GUESS_DATES``, ... (every field; ``SCRAPER_RULES`` is a rules file). Besides
them, ``SCRAPER_WORKERS`` is the number of cleaning processes (default: one per core
but one, from three cores up). Scrapy has settings of its own that start with
``SCRAPER_``, so other names are left alone.

Install with ``pip install 'scraper[scrapy]'``; see docs/scrapy.md.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import UTC, datetime
from email.message import Message
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import BaseSettings

from scraper.bodies import HTML_TYPES
from scraper.config import ExtractConfig, load_rules
from scraper.errors import ConfigError
from scraper.model import Document, FetchInfo, Page
from scraper.pool import CleaningPool

__all__ = ["PREFIX", "ScraperPipeline", "config_from_settings"]

PREFIX = "SCRAPER_"
_CONSUMED = ("response", "body", "url", "headers", "status")


def _setting(settings: BaseSettings, field: dataclasses.Field[Any], default: Any) -> Any:
    """One ``ExtractConfig`` field from its ``SCRAPER_`` setting, typed as its default."""
    name = PREFIX + field.name.upper()
    raw = settings.get(name)
    try:
        if isinstance(default, bool):
            return settings.getbool(name, default)
        if isinstance(default, enum.Enum):
            return type(default)(raw)
        if isinstance(default, int):
            return settings.getint(name, default)
        if isinstance(default, float):  # "none" lifts a limit
            return None if str(raw).strip().lower() in ("", "none") else float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}: {raw!r} is not a valid value ({exc})") from exc
    raise ConfigError(f"{name}: cannot be set from Scrapy settings")


def config_from_settings(settings: BaseSettings) -> ExtractConfig:
    """``ExtractConfig`` from the crawler's settings: each field ``f`` is ``SCRAPER_F``."""
    defaults = ExtractConfig()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(ExtractConfig):
        name = PREFIX + field.name.upper()
        if field.name == "rules":
            values["rules"] = load_rules(settings.get(name) or None)
        elif settings.get(name) is not None:
            values[field.name] = _setting(settings, field, getattr(defaults, field.name))
    return ExtractConfig(**values)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _header(headers: Any, name: str) -> str | None:
    """One header as text, from Scrapy's ``Headers`` (bytes, any case) or a mapping."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        if _text(key).lower() == wanted:
            if isinstance(value, list | tuple):  # Scrapy keeps every value of a header
                value = value[0] if value else None
            return None if value is None else _text(value)
    return None


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset if isinstance(charset, str) and charset else None


@dataclasses.dataclass(frozen=True, slots=True)
class _Parts:
    """A response given as an item's ``url``, ``body``, ``headers`` and ``status``."""

    url: str
    body: Any
    headers: Any
    status: int = 200

    @classmethod
    def of(cls, fields: dict[str, Any]) -> _Parts:
        status = int(fields.get("status") or 200)
        return cls(str(fields.get("url") or ""), fields.get("body"), fields.get("headers"), status)


def _meta(response: Any) -> dict[str, Any]:
    """The request's meta (redirects followed, retries made), when there is a request."""
    try:
        meta = response.request.meta  # Response.request raises when unset, in some versions
    except AttributeError:
        return {}
    return dict(meta or {})


class ScraperPipeline:
    """A Scrapy item pipeline that cleans each item's page into a ``Document``.

    In ``settings.py``: ``ITEM_PIPELINES = {"scraper.scrapy.ScraperPipeline": 300}``.
    An item whose page cannot be cleaned, or is not HTML, is dropped (``DropItem``,
    with one line naming the URL and the reason).
    """

    def __init__(self, config: ExtractConfig | None = None, workers: int | None = None) -> None:
        self.config = config or ExtractConfig(rules=load_rules())
        self.workers = workers
        self._pool: CleaningPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScraperPipeline:
        settings = crawler.settings
        workers = settings.getint(PREFIX + "WORKERS", 0) or None
        return cls(config_from_settings(settings), workers)

    def open_spider(self, spider: Any = None) -> None:
        self._pool = CleaningPool(self.config, workers=self.workers)

    def close_spider(self, spider: Any = None) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        fields = {key: adapter[key] for key in adapter}  # as given: no deep copy
        response = fields.get("response")
        source = response if response is not None else _Parts.of(fields)
        if not isinstance(getattr(source, "body", None), bytes):
            return item  # not a page: another pipeline's business
        document = await self._clean(source)
        extra = {k: v for k, v in fields.items() if k not in _CONSUMED}
        return {**document.to_dict(), **extra}

    async def _clean(self, response: Any) -> Document:
        """``response``: a Scrapy ``Response``, or ``_Parts`` of one."""
        url = str(response.url)
        content_type = _header(response.headers, "Content-Type")
        media = (content_type or "").split(";")[0].strip().lower()
        if media and media not in HTML_TYPES:
            raise DropItem(f"{url}: not HTML (content type {media})")
        if self._pool is None:  # used without open_spider (a test, a custom engine)
            self.open_spider()
        assert self._pool is not None
        meta = _meta(response)
        requested = (meta.get("redirect_urls") or [url])[0]
        # As the fetcher does: the URL asked for names the page, the final one is its URL.
        page = Page(data=response.body, source=requested, url=url, charset=_charset(content_type))
        cleaned = await self._pool.clean(page)
        if cleaned.error is not None or cleaned.document is None:
            raise DropItem(str(cleaned.error))
        info = FetchInfo(
            requested_url=requested,
            final_url=url,
            status=int(response.status),
            fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            etag=_header(response.headers, "ETag"),
            last_modified=_header(response.headers, "Last-Modified"),
            content_type=content_type,
            encoding=cleaned.encoding or None,
            attempts=int(meta.get("retry_times", 0)) + 1,
        )
        return dataclasses.replace(cleaned.document, fetch=info, source=requested)
