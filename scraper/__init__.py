"""scraper: fetch article pages, strip the site's chrome, save clean text plus metadata."""

from __future__ import annotations

__version__ = "0.1.0"
