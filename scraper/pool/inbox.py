"""Answers for one event loop's ``CleaningPool.clean`` calls, handed over in bursts."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from scraper.batch import Cleaned

__all__ = ["Inbox"]


class Inbox:
    """Hands the pool thread's answers to one event loop.

    The manager reads a worker's answers several at a time; waking the loop once per
    burst instead of once per page (``call_soon_threadsafe`` writes to its pipe each
    time) spares the loop an iteration and a system call per page.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._answers: list[tuple[asyncio.Future[Cleaned], Cleaned]] = []

    def put(self, future: asyncio.Future[Cleaned], cleaned: Cleaned) -> None:
        """From the pool's thread."""
        with self._lock:
            self._answers.append((future, cleaned))
            if len(self._answers) > 1:
                return  # the loop is already asked to drain
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            self._loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        with self._lock:
            answers, self._answers = self._answers, []
        for future, cleaned in answers:
            if not future.done():
                future.set_result(cleaned)
