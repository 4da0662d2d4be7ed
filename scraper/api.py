"""The library's front door: ``extract``, ``clean_text``, ``clean_file``, ``run_sync``."""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from scraper.config import ExtractConfig
from scraper.extraction import extract_decoded, extract_page
from scraper.model import Document, Page
from scraper.reading import check_page_bytes, read_page

__all__ = ["clean_file", "clean_text", "extract", "run_sync"]

T = TypeVar("T")

_DEFAULT = ExtractConfig()


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    config: ExtractConfig = _DEFAULT,
    time_limit: float | None = None,
) -> Document:
    """Clean one HTML page you already have.

    ``bytes`` are decoded like a saved file (BOM, declared charset, detection).
    ``time_limit`` (seconds) overrides ``config.time_limit`` for this page.
    Raises ``ExtractionError`` (too deep, out of time) or ``InputError`` (binary bytes).
    """
    if time_limit is not None:
        config = replace(config, time_limit=time_limit)
    raw = html if isinstance(html, bytes) else html.encode("utf-8")
    source = url or "<html>"
    data, warnings = check_page_bytes(raw, source)
    charset = "utf-8" if isinstance(html, str) else None
    page = Page(data=data, source=source, url=url, charset=charset, warnings=warnings)
    if isinstance(html, str) and data is raw and not raw.startswith(codecs.BOM_UTF8):
        # Bytes kept as they are, without a BOM: decoding them (as UTF-8, the charset
        # given) gives ``html`` back, and the parser reads these very bytes.
        doc = extract_decoded(page, html, config, utf8=raw)
    else:
        doc = extract_page(page, config)
    return doc if url else _without_source(doc)


def _without_source(doc: Document) -> Document:
    return replace(doc, source=None)


def clean_text(text: str, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean text that an earlier scraper extracted, chrome and all, line by line."""
    page = Page(data=text.encode("utf-8"), source="<text>", kind="text", charset="utf-8")
    return _without_source(extract_page(page, config))


def clean_file(path: str | Path, *, config: ExtractConfig = _DEFAULT) -> Document:
    """Clean one saved page (``.html``, ``.htm``, ``.xhtml``, ``.txt``, optionally ``.gz``)."""
    return extract_page(read_page(path, max_bytes=config.max_bytes), config)


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` that also works where an event loop is already running
    in this thread (a notebook cell, an ``async def``): there the coroutine runs on a
    loop of its own in a helper thread (``asyncio.run`` cannot nest), and this call
    blocks until it is done."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop running in this thread: the usual script
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1, thread_name_prefix="scraper-run") as runner:
        return runner.submit(asyncio.run, coroutine).result()
