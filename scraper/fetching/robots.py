"""robots.txt: parsed with protego, fetched once per origin and cached for the run.

RFC 9309 decides what a failed fetch means: a robots.txt that is unavailable (4xx) allows
everything; one that is unreachable (5xx, timeout, refused; and 429, which says
"come back later" like a 503) is retried and then disallows everything for the run.
Only the first 500 KiB is read (RFC 9309 asks crawlers to parse at least that much).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache", "RobotsRules", "agent_token"]

ROBOTS_MAX_BYTES = 500 * 1024


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups match: ``scraper/0.1 (...)`` -> ``scraper``."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt says; ``reason`` is set when it disallows all."""

    parser: Protego | None = None
    reason: str | None = None
    network: bool = False  # unreachable for a network error, not an HTTP status

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls()

    @classmethod
    def disallow_all(cls, reason: str, *, network: bool = False) -> RobotsRules:
        return cls(reason=reason, network=network)

    @classmethod
    def parse(cls, body: bytes) -> RobotsRules:
        return cls(parser=Protego.parse(body.decode("utf-8", errors="replace")))

    def allows(self, url: str, agent: str) -> bool:
        if self.reason is not None:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, agent))

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


Loader = Callable[[str], Awaitable[RobotsRules]]


class RobotsCache:
    """One ``RobotsRules`` per origin, loaded at most once even under concurrency."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._rules: dict[str, asyncio.Future[RobotsRules]] = {}

    async def rules(self, origin: str) -> RobotsRules:
        """The rules of ``origin`` (``scheme://host:port``), loading them on first use."""
        future = self._rules.get(origin)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._rules[origin] = future
            try:
                future.set_result(await self._load(origin + "/robots.txt"))
            except BaseException as exc:
                # Let a later caller try again rather than wait on a dead future.
                del self._rules[origin]
                if isinstance(exc, Exception):
                    future.set_exception(exc)
                    future.exception()  # mark retrieved: nobody else may be waiting
                else:
                    future.cancel()
                raise
        return await asyncio.shield(future)
