"""scraper: fetch article pages, strip the site's chrome, save clean text plus metadata."""

from __future__ import annotations

__version__ = "0.1.0"

from scraper.api import clean_file, clean_text, extract
from scraper.config import ExtractConfig, Rules, SiteRules, load_rules
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
from scraper.fetching import FetchConfig, Fetcher, FetchResult, fetch
from scraper.jobs import Job, JobStatus, RunReport
from scraper.model import Document, FetchInfo, Page

__all__ = [
    "ConfigError",
    "Document",
    "ExtractConfig",
    "ExtractionError",
    "FetchConfig",
    "FetchError",
    "FetchInfo",
    "FetchResult",
    "Fetcher",
    "InputError",
    "Job",
    "JobStatus",
    "Page",
    "PermanentFetchError",
    "Rules",
    "RunReport",
    "ScraperError",
    "SiteRules",
    "StorageError",
    "TransientFetchError",
    "__version__",
    "clean_file",
    "clean_text",
    "extract",
    "fetch",
    "load_rules",
]
