"""When a page that failed is tried again: the retry policy of a job, as data.

    FetchError ──cause_of──▶ Cause ──RetryPolicy.next_try──▶ a moment, or None (failed)
    FetchConfig ──settings_id──▶ digest of the settings that decide what can be fetched;
                                 failed and skipped pages are due again when it changes

Causes get fixed: a feed lists an article that answers 404 for an hour before it is
published; a page is refused as private until ``allow_private`` is set. So nothing
fails for good: 404 and 410 are tried again a few times over days, every failed or
skipped page again once the settings that refused it change, and ``scraper retry``
re-queues on demand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from scraper.errors import (
    BlockedAddressError,
    FetchError,
    RobotsDisallowedError,
    ScraperError,
    TransientFetchError,
)
from scraper.fetching.config import FetchConfig

__all__ = ["GONE_STATUSES", "SETTINGS", "Cause", "RetryPolicy", "cause_of", "settings_id"]

GONE_STATUSES = frozenset({404, 410})

# The fetch settings that decide whether a page can be fetched at all; a change in
# any of them makes failed and skipped pages due again. Politeness and retry timing
# (delay, per_host, attempts, ...) change how, not whether, and are left out.
SETTINGS = (
    "allow_private",
    "obey_robots",
    "user_agent",
    "headers",
    "max_bytes",
    "max_redirects",
    "timeout",
    "deadline",
    "http2",
)


class Cause(StrEnum):
    """Why a page failed, which decides when it is tried again."""

    TRANSIENT = "transient"  # connect errors, timeouts, 429, 5xx: soon, with back-off
    GONE = "gone"  # 404, 410: maybe not published yet; a few times over days
    REFUSED = "refused"  # the settings refused it (private address, robots.txt)
    PERMANENT = "permanent"  # anything else: when the settings change, or on demand


def cause_of(error: ScraperError) -> Cause:
    if isinstance(error, TransientFetchError):
        return Cause.TRANSIENT
    if isinstance(error, BlockedAddressError | RobotsDisallowedError):
        return Cause.REFUSED
    if isinstance(error, FetchError) and error.status in GONE_STATUSES:
        return Cause.GONE
    return Cause.PERMANENT


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``[job]`` ``retry_limit``/``retry_backoff`` for transient failures,
    ``gone_retries``/``gone_backoff`` for 404 and 410; each wait doubles, up to ``cap``."""

    limit: int = 5  # attempts in all, for transient failures
    backoff: float = 3600.0  # seconds before the first retry
    gone_retries: int = 4  # tries after the first 404 or 410
    gone_backoff: float = 21600.0  # seconds before the first of them (6 hours)
    cap: float = 7 * 86400.0  # no wait is longer than a week

    def next_try(self, cause: Cause, attempts: int, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` failed attempts, or ``None``: failed."""
        if cause is Cause.TRANSIENT and attempts < self.limit:
            first = self.backoff
        elif cause is Cause.GONE and attempts <= self.gone_retries:
            first = self.gone_backoff
        else:
            return None
        # min() before timedelta: 2 ** 99 hours is past what a timedelta holds.
        return now + timedelta(seconds=min(first * 2 ** (attempts - 1), self.cap))


def settings_id(config: FetchConfig) -> str:
    """A short digest of the ``SETTINGS`` (header values are hashed, never stored)."""
    values = {name: getattr(config, name) for name in SETTINGS}
    text = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
