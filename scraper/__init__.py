"""scraper: fetch article pages, strip the site's chrome, save clean text plus metadata.

The names below are imported on first use (PEP 562): ``import scraper`` stays cheap,
and a cleaning worker process, which needs the extractor only, never loads httpx, the
fetcher or the job runner (that kept 0.3 s of start-up off every worker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scraper.version import __version__

if TYPE_CHECKING:
    from scraper.api import clean_file, clean_text, extract, run_sync
    from scraper.config import ExtractConfig, Favor, Rules, SiteRules, load_rules
    from scraper.errors import (
        ConfigError,
        ExtractionError,
        FetchError,
        InputError,
        PermanentFetchError,
        ScraperError,
        StorageError,
        TransientFetchError,
    )
    from scraper.fetch_clean import afetch, fetch, fetch_documents
    from scraper.fetching import FetchConfig, Fetcher, FetchResult
    from scraper.jobs import Job, JobStatus, RunReport
    from scraper.model import Document, FetchInfo, Image, Link, Page, Quality
    from scraper.pool import CleaningPool

# Where each exported name lives.
_HOMES = {
    "scraper.api": ("clean_file", "clean_text", "extract", "run_sync"),
    "scraper.config": ("ExtractConfig", "Favor", "Rules", "SiteRules", "load_rules"),
    "scraper.errors": (
        "ConfigError",
        "ExtractionError",
        "FetchError",
        "InputError",
        "PermanentFetchError",
        "ScraperError",
        "StorageError",
        "TransientFetchError",
    ),
    "scraper.fetch_clean": ("afetch", "fetch", "fetch_documents"),
    "scraper.fetching": ("FetchConfig", "FetchResult", "Fetcher"),
    "scraper.jobs": ("Job", "JobStatus", "RunReport"),
    "scraper.model": ("Document", "FetchInfo", "Image", "Link", "Page", "Quality"),
    "scraper.pool": ("CleaningPool",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "CleaningPool",
    "ConfigError",
    "Document",
    "ExtractConfig",
    "ExtractionError",
    "Favor",
    "FetchConfig",
    "FetchError",
    "FetchInfo",
    "FetchResult",
    "Fetcher",
    "Image",
    "InputError",
    "Job",
    "JobStatus",
    "Link",
    "Page",
    "PermanentFetchError",
    "Quality",
    "Rules",
    "RunReport",
    "ScraperError",
    "SiteRules",
    "StorageError",
    "TransientFetchError",
    "__version__",
    "afetch",
    "clean_file",
    "clean_text",
    "extract",
    "fetch",
    "fetch_documents",
    "load_rules",
    "run_sync",
]


def __getattr__(name: str) -> Any:
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
