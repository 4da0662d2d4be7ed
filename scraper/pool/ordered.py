"""Cleaning an iterable of pages through the pool from plain code, in input order,
with bounds on the pages taken ahead (``CleaningPool.clean_ordered``)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from scraper.batch import Cleaned
from scraper.config import ExtractConfig
from scraper.model import Page
from scraper.pool.tasks import Done

__all__ = ["Submit", "clean_ordered"]

K = TypeVar("K")


class Submit(Protocol):
    def __call__(self, page: Page, done: Done, config: ExtractConfig | None = None) -> None: ...


def _done_into(slot: list[Cleaned | None], ready: threading.Condition) -> Done:
    def done(cleaned: Cleaned) -> None:
        with ready:
            slot.append(cleaned)
            ready.notify()

    return done


def clean_ordered(
    submit: Submit,
    items: Iterable[tuple[K, Page | None]],
    *,
    window: int,
    budget: int,
    config_of: Callable[[K], ExtractConfig | None] | None = None,
) -> Iterator[tuple[K, Cleaned | None]]:
    """Clean the pages of ``items`` through ``submit`` and yield them in the same order.

    An item whose page is ``None`` (it could not be read) passes through;
    ``config_of(key)`` may give a page a config of its own. At most ``window`` items are
    taken ahead of the one the caller waits for, and no more once their pages weigh
    ``budget`` bytes (one page always goes), which bounds both the pages in flight and
    the results waiting to be yielded, whatever the pages weigh.
    """
    ahead: deque[tuple[K, list[Cleaned | None], int]] = deque()
    held = 0  # bytes of the pages in ``ahead``
    ready = threading.Condition()
    source = iter(items)
    exhausted = False
    while True:
        while not exhausted and len(ahead) < window and (held < budget or not ahead):
            item = next(source, None)
            if item is None:
                exhausted = True
                break
            key, page = item
            slot: list[Cleaned | None] = []
            size = len(page.data) if page is not None else 0
            ahead.append((key, slot, size))
            held += size
            if page is None:
                slot.append(None)
            else:
                config = config_of(key) if config_of is not None else None
                submit(page, _done_into(slot, ready), config)
        if not ahead:
            return
        key, slot, size = ahead[0]
        with ready:
            while not slot:
                ready.wait(0.5)  # a timeout keeps Ctrl-C deliverable
        ahead.popleft()
        held -= size
        yield key, slot[0]
