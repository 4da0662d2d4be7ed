"""What a cleaning worker process runs: decode each page once, clean it, send it back.

This module is what a worker imports, and it needs only the extractor: no httpx, no
fetcher, no job runner (``import scraper`` is lazy for the same reason), so a worker
starts in about 0.2 s instead of 0.5 s. The parent's side is ``scraper.pool``, which
starts each worker as ``python -c BOOT`` (``main`` below) with three pipes: the
worker never imports the user's script, so a script needs no ``__main__`` guard.

The protocol, one pickled message per ``send_bytes``: the parent first sends the
pool's ``ExtractConfig``; the worker says ``READY``; then it reads batches from its
inbox (``({key: ExtractConfig}, [key to drop, ...], [(seq, Page, key or None), ...])``:
a page with a config of its own names it by key, sent once per worker and kept until
the parent says to drop it) and answers each page on its own (``(seq, Cleaned)``), so
the parent always knows which page a worker is on and since when: that is how a page
past its time limit is found.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import json
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, ScraperError
from scraper.extraction import decode_page, extract_decoded
from scraper.heap import give_back_large_blocks
from scraper.model import Document, FetchInfo, Image, Link, Page, Quality

__all__ = [
    "BOOT",
    "READY",
    "Cleaned",
    "boot_command",
    "clean_one",
    "default_workers",
    "dumps",
    "main",
    "work",
]

READY = b"ready"
# The worker's command line: ``python -c BOOT SYS_PATH INBOX RESULTS LIFELINE`` (the
# parent's sys.path as JSON, then three file descriptors).
BOOT = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from scraper.batch import main; main(sys.argv[2:])"
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One page after the worker: the encoding used, and the document or the error."""

    encoding: str
    document: Document | None = None
    error: ScraperError | None = None


def _by_fields(cls: type[Any]) -> Callable[[Any], tuple[type[Any], tuple[Any, ...]]]:
    names = tuple(field.name for field in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[type[Any], tuple[Any, ...]]:
        return cls, tuple(getattr(obj, name) for name in names)

    return reduce


# Pages and documents cross the pipes as their class and field values, rebuilt by
# calling the class: a frozen dataclass with slots otherwise pickles through its
# generated ``__getstate__``/``__setstate__``, which look up every field of every object
# in Python, and was most of the cost of a message (a bench page's answer: 46 us to
# pickle and 40 to read back, against 22 and 15 this way; its page 17 and 19, against
# 6 and 6). None of these classes has an ``__init__`` that does more than set fields.
_REDUCERS: dict[type[Any], Callable[[Any], tuple[type[Any], tuple[Any, ...]]]] = {
    cls: _by_fields(cls) for cls in (Cleaned, Document, FetchInfo, Image, Link, Page, Quality)
}


def dumps(message: object) -> bytes:
    """``message`` pickled for a pool's pipe (either way), pages and documents by fields."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    table: dict[Any, Any] = dict(copyreg.dispatch_table)  # what a plain pickle uses
    table.update(_REDUCERS)
    pickler.dispatch_table = table
    pickler.dump(message)
    return buffer.getvalue()


def clean_one(page: Page, config: ExtractConfig) -> Cleaned:
    """Decode ``page`` once and clean it; never raises (the error is in the result)."""
    try:
        html, encoding = decode_page(page)
    except Exception as exc:  # a decoding bug costs this page only
        return Cleaned("", error=ExtractionError(f"{page.source}: cannot decode: {exc!r}"))
    try:
        document = extract_decoded(page, html, config)
    except ScraperError as exc:
        return Cleaned(encoding, error=_named(exc, page.source))
    except RecursionError:
        return Cleaned(encoding, error=ExtractionError(f"{page.source}: markup too deep"))
    except Exception as exc:  # RecursionError, a bug: never an unpicklable exception
        message = f"{page.source}: cleaning failed: {exc!r}"
        return Cleaned(encoding, error=ExtractionError(message))
    return Cleaned(encoding, document=document)


def _named(exc: ScraperError, source: str) -> ScraperError:
    """The error, its message starting with the page's name (file or URL)."""
    if str(exc).startswith(source):
        return exc
    try:
        named = type(exc)(f"{source}: {exc}")
    except TypeError:  # an error class that wants more arguments: keep the original
        return exc
    named.__dict__.update(exc.__dict__)  # .url, .path
    return named


def _exit_with_parent(lifeline: int) -> None:
    """Exit as soon as the parent process is gone.

    A parent killed with SIGKILL (or by the OOM killer) never stops its workers, and a
    worker deep in a slow page would not see its inbox close until it is done: without
    this, each killed hourly run left its workers behind. The parent holds the only
    write end of ``lifeline`` and never writes: a read returns at its death.
    """

    def watch() -> None:
        os.read(lifeline, 1)
        os._exit(1)  # nobody is left to read the results

    threading.Thread(target=watch, name="scraper-parent-watch", daemon=True).start()


def main(argv: Sequence[str]) -> None:
    """A worker process's entry point (``BOOT``): ``INBOX RESULTS LIFELINE`` fds."""
    inbox, results, lifeline = (int(fd) for fd in argv)
    give_back_large_blocks()  # see scraper.heap: the process tree's peak stays flat
    work(Connection(inbox, writable=False), Connection(results, readable=False), lifeline)


def work(inbox: Connection, results: Connection, lifeline: int | None = None) -> None:
    """A worker's life: take the pool's config, say ready, then clean batches until the
    inbox closes.

    Ctrl-C, SIGTERM and SIGHUP are the parent's to handle (it stops the pool and
    reports), and the worker does not outlive its parent. A terminal that closes sends
    SIGHUP to the whole process group, and systemd sends SIGTERM to every process of
    the service: a worker that died of it would fail its pages while the parent was
    still stopping cleanly.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    if lifeline is not None:
        _exit_with_parent(lifeline)
    try:
        config: ExtractConfig = pickle.loads(inbox.recv_bytes())
    except (EOFError, OSError):
        return
    results.send_bytes(READY)
    configs: dict[int, ExtractConfig] = {}
    while True:
        try:
            more, forget, batch = pickle.loads(inbox.recv_bytes())
        except (EOFError, OSError):
            return
        configs.update(more)
        for key in forget:  # none of this batch's (scraper.pool.MAX_CONFIGS)
            configs.pop(key, None)
        for seq, page, key in batch:
            cleaned = clean_one(page, config if key is None else configs[key])
            try:
                message = dumps((seq, cleaned))
            except Exception as exc:  # an error holding something unpicklable
                failed = ExtractionError(f"{page.source}: cleaning failed: {exc!r}")
                message = pickle.dumps((seq, Cleaned(cleaned.encoding, error=failed)))
            results.send_bytes(message)


def boot_command() -> list[str]:
    """The command that starts a worker, but for its three descriptors."""
    return [sys.executable, "-c", BOOT, json.dumps(sys.path)]


def default_workers() -> int:
    """One worker per core the process may run on, but one (the event loop's) from
    three cores up; on one or two cores, one per core.

    The event loop that fetches needs less than a core: about 2 ms of CPU a page
    beside 2.5 to 3.5 ms of cleaning (bench/fetch.py's pages). With two cores and one
    worker, cleaning was the bottleneck while the loop's core sat idle a third of the
    time; a second worker lets the system use it. From three cores up, the loop is
    what limits a fetch and one more worker would only wait.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores if cores <= 2 else cores - 1)
