"""Decoding and cleaning pages in batches, in worker processes.

This module is what a cleaning worker imports, and it needs only the extractor: no
httpx, no fetcher, no job runner (``import scraper`` is lazy for the same reason), so a
worker starts in about 0.2 s instead of 0.5 s.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import resource_tracker

from scraper.config import ExtractConfig
from scraper.encoding import decode_html
from scraper.errors import ConfigError, ExtractionError, ScraperError
from scraper.extraction import extract_page
from scraper.model import Document, Page

__all__ = [
    "Cleaned",
    "clean_batch",
    "default_workers",
    "init_worker",
    "process_pool",
    "refuse_inside_worker_start",
]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One page after the worker: the encoding used, and the document or the error."""

    encoding: str
    document: Document | None = None
    error: ScraperError | None = None


def _clean_one(page: Page, config: ExtractConfig) -> Cleaned:
    try:
        _, encoding = decode_html(page.data, page.charset)
    except Exception as exc:  # a decoding bug costs this page only
        return Cleaned("", error=ExtractionError(f"{page.source}: cannot decode: {exc!r}"))
    try:
        # The encoding just found is passed on, so extract_page's own decoding takes
        # the declared-charset path instead of detecting the charset a second time.
        document = extract_page(replace(page, charset=encoding), config)
    except ScraperError as exc:
        return Cleaned(encoding, error=exc)
    except Exception as exc:  # RecursionError, a bug: never an unpicklable exception
        message = f"{page.source}: cleaning failed: {exc!r}"
        return Cleaned(encoding, error=ExtractionError(message))
    return Cleaned(encoding, document=document)


def clean_batch(pages: list[Page], config: ExtractConfig) -> list[Cleaned]:
    """Decode and clean ``pages`` (runs in a worker); one ``Cleaned`` per page."""
    return [_clean_one(page, config) for page in pages]


def _exit_with_parent() -> None:
    """Exit as soon as the parent process is gone.

    A parent killed with SIGKILL (or by the OOM killer) never shuts its pool down, and a
    worker waiting on the pool's queue never sees its end (it holds a copy of the
    writing side too): without this, each killed hourly run left its workers behind.
    The parent's sentinel becomes readable when the parent dies; nothing is polled.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)  # nobody is left to read the results

    threading.Thread(target=watch, name="scraper-parent-watch", daemon=True).start()


def refuse_inside_worker_start() -> None:
    """Raise ``ConfigError`` when called while a worker process imports the main script.

    Workers start the "spawn" way, which imports the user's script again in each of
    them; a script that runs its Fetcher at top level, with no ``if __name__ ==
    "__main__":`` guard, would otherwise start a second crawl in every worker.
    ``_inheriting`` is multiprocessing's own flag for that phase (its
    ``_check_not_importing_main`` reads it); there is no public one.
    """
    # (parent_process() is still None at that point: it is set after the import.)
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        script = getattr(sys.modules.get("__mp_main__"), "__file__", None) or "the main script"
        raise ConfigError(
            f"{script}: a Fetcher was started while a cleaning process imported this script;"
            ' run it under `if __name__ == "__main__":`'
        )


def init_worker() -> None:
    """Set up a cleaning worker: Ctrl-C, SIGTERM and SIGHUP are the parent's to handle
    (it stops the pool and reports), and the worker does not outlive its parent.

    A terminal that closes sends SIGHUP to the whole process group, and systemd sends
    SIGTERM to every process of the service: a worker that died of it would fail its
    pages while the parent was still stopping cleanly.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    _exit_with_parent()


def default_workers() -> int:
    """One worker per core the process may run on, but one: the event loop's."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with SIGHUP blocked, for good.

    The tracker (which unlinks the pool's semaphores) ignores SIGINT and SIGTERM but not
    SIGHUP: a closing terminal, which signals the whole process group, killed it, and
    the run's orderly stop then ended in its tracebacks and "leaked semaphore" warnings.
    A blocked signal stays blocked across fork and exec, and the tracker never unblocks
    it; this thread's mask is restored at once (a SIGHUP meanwhile is only delayed).
    """
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def process_pool(workers: int) -> ProcessPoolExecutor:
    _start_resource_tracker()
    # "spawn": forking a process that runs threads (the resolver's, a test server's)
    # can deadlock, and Python 3.12 warns about it.
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
    )
