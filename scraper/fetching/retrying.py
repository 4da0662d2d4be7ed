"""Retry policy, composed from tenacity's pieces and built from ``FetchConfig``.

Only ``TransientFetchError`` is retried (connect errors, timeouts, 429, 500, 502, 503,
504, bodies cut short); permanent errors end the page at once. Waits grow exponentially
with jitter, but a server's ``Retry-After`` wins (capped at ``max_backoff``). Attempts
stop at ``attempts`` or when the next wait would pass ``retry_time`` since the first try,
whichever comes first. The sleep is injected, so tests never really wait.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from scraper.errors import TransientFetchError
from scraper.fetching.config import FetchConfig
from scraper.fetching.politeness import Sleep

__all__ = ["RETRY_STATUSES", "make_retrying", "parse_retry_after", "wait_retry_after"]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


class wait_retry_after(wait_base):  # lower case like tenacity's own waits
    """Wait what the server asked for in ``Retry-After`` (capped), else ``fallback``."""

    def __init__(self, fallback: wait_base, cap: float) -> None:
        self.fallback = fallback
        self.cap = cap

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(exc, TransientFetchError) and exc.retry_after is not None:
            return min(exc.retry_after, self.cap)
        return float(self.fallback(retry_state))


def make_retrying(config: FetchConfig, sleep: Sleep) -> AsyncRetrying:
    """A fresh tenacity ``AsyncRetrying`` for one page."""
    backoff = wait_exponential_jitter(
        multiplier=config.backoff, max=config.max_backoff, jitter=config.backoff
    )
    return AsyncRetrying(
        retry=retry_if_exception_type(TransientFetchError),
        stop=stop_after_attempt(config.attempts) | stop_before_delay(config.retry_time),
        wait=wait_retry_after(backoff, config.max_backoff),
        sleep=sleep,
        reraise=True,
    )
