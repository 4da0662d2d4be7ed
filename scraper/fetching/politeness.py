"""Per-host politeness: at most ``per_host`` requests in flight to one host and at least
``delay`` seconds between the starts of two requests to it, plus a global cap.

Hand-written because neither httpx (its pool limits connections, not request pacing)
nor tenacity paces requests. Hosts are independent: waiting on a slow or delayed host
never holds a global slot, so many hosts proceed in parallel. The clock and sleep are
injected so tests never really wait.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

__all__ = ["Clock", "Politeness", "Sleep"]

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class _Host:
    def __init__(self, per_host: int, delay: float) -> None:
        self.slots = asyncio.Semaphore(per_host)
        self.delay = delay
        self.next_start = 0.0


class Politeness:
    """Hands out permission to send one request to a host."""

    def __init__(
        self, *, concurrency: int, per_host: int, delay: float, clock: Clock, sleep: Sleep
    ) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(self._per_host, self._delay)
        return state

    def set_delay(self, host: str, delay: float) -> None:
        """Lengthen ``host``'s delay (a robots.txt ``Crawl-delay``); never shortens it."""
        state = self._host(host)
        state.delay = max(state.delay, delay)

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold a request slot for ``host`` for the duration of the block."""
        state = self._host(host)
        async with state.slots:
            # Reserve the next start time before sleeping, so concurrent waiters for
            # the same host line up one ``delay`` apart instead of waking together.
            now = self._clock()
            start = max(now, state.next_start)
            state.next_start = start + state.delay
            if start > now:
                await self._sleep(start - now)
            async with self._global:
                yield
