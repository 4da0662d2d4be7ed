"""The cleaning pool: the worker processes that turn ``Page``s into ``Document``s.

    submit(Page) ──▶ waiting ──batch──▶ worker process ──one answer per page──▶ done(Cleaned)

One pool serves every entry point (``scraper clean``, ``scraper fetch``, ``scraper
run`` and the library); ``clean_ordered`` drives it from plain code, ``clean`` from an
event loop. The pool owns its processes instead of borrowing a
``ProcessPoolExecutor`` because it must kill one of them: lexbor's parser cannot be
interrupted (one ``<div>`` with 100,000 attributes takes it minutes), so a page still
running past ``ExtractConfig.time_limit`` (plus ``GRACE``) is abandoned, its worker
killed and replaced, and the page fails with an error naming it. An executor can
neither say which page a worker is on nor kill one worker.

* Start: each worker is a fresh ``python -c`` process (``scraper.batch.BOOT``)
  given three pipes, on every platform. Forking a process that runs threads (the
  resolver's, a test server's) can deadlock, and multiprocessing's "spawn" imports the
  user's main script again in every worker, so that a script without an ``if __name__
  == "__main__":`` guard ran its crawl once more per worker; a worker started this way
  imports only ``scraper.batch`` and the extractor.
* Batching: pages waiting while every worker is busy go together (up to
  ``MAX_BATCH``), one page alone when a worker is idle; each worker has up to
  ``DEPTH`` batches given to it, so that the next one is already in its pipe.
* Time: a worker answers each page on its own, so the page it is on started when the
  previous answer came; one manager thread waits on every worker's answers, their
  process sentinels and the nearest deadline.
* Death: a worker that dies (killed, out of memory) fails the page it was on; the
  rest of its pages go back to the front of the queue and a new worker takes them.
  Its results pipe tells: the worker holds the only write end. Workers that die
  before they are ready, three in a row, fail every page with a message saying so.
* Bounds: the pool holds what it is given; its drivers bound that
  (``clean_ordered``'s ``window``; ``scraper.fetch_documents``' backlog). Configs
  given with pages are kept, in the pool and in each worker, for the last
  ``MAX_CONFIGS`` only (see there).

Pages go to a worker through a feeder thread per worker: a batch is larger than a
pipe's buffer, and the manager must never block on a worker stuck in a slow page.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import os
import pickle
import queue
import select
import selectors
import subprocess
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from types import TracebackType
from typing import TypeVar

from scraper.batch import READY, Cleaned, boot_command, clean_one, default_workers
from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, TimeLimitError
from scraper.model import Page

__all__ = [
    "DEPTH",
    "GRACE",
    "MAX_BATCH",
    "MAX_CONFIGS",
    "Cleaned",
    "CleaningPool",
    "default_workers",
]

# Large enough that the per-message cost is spread thin, small enough that one batch
# never holds a worker for long (about 50 ms of bench pages).
MAX_BATCH = 16
# Batches given to a worker at once: the next one waits in its pipe, so the worker goes
# on while its last answers travel back.
DEPTH = 2
# Seconds past the time limit before a worker is killed: the worker's own checks
# between stages usually stop a slow page first, with a message saying where.
GRACE = 1.0
# Bytes of pages ``clean_ordered`` reads ahead of the one its caller waits for (beside
# its count bound): WCXB dev holds 128 pages in a row that weigh 104 MB, and the main
# process's peak followed whichever such run was in flight, pickled copies included.
READ_AHEAD = 32 * 1024 * 1024
# Configs given with pages (``submit(page, done, config)``) that the pool and each of its
# workers keep, the least recently used one dropped first: a Dask worker's pool lives for
# run after run, and with learning is given a config per site per task (each a copy of
# every rule once pickled); keeping them all grew the pool and every worker for good.
# More than a batch's worth (``MAX_BATCH``), so that a batch never drops its own.
MAX_CONFIGS = 32
# Workers in a row that die before they are ready before the pool gives up.
_START_FAILURES = 3

Done = Callable[[Cleaned], None]
K = TypeVar("K")

_NO_START = "cleaning processes die as they start (their error output, above, says why)"


@dataclass(slots=True)
class _Task:
    seq: int
    page: Page
    done: Done
    config: ExtractConfig | None = None  # None: the pool's
    key: int | None = None  # the config's number in this pool (see CleaningPool._key)
    last: bool = False  # the last page of its batch


class _Process:
    """A worker process (a ``subprocess.Popen``) and the write end of its lifeline: the
    worker exits when that closes, that is when this process dies (``batch.work``)."""

    def __init__(self, inbox: int, results: int) -> None:
        lifeline, self._lifeline = os.pipe()
        try:
            self._popen = subprocess.Popen(
                [*boot_command(), str(inbox), str(results), str(lifeline)],
                pass_fds=(inbox, results, lifeline),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # stdout may be the run's output (--out -)
            )
        except BaseException:
            os.close(self._lifeline)
            raise
        finally:
            os.close(lifeline)
        self.pid = self._popen.pid

    def is_alive(self) -> bool:
        return self._popen.poll() is None

    def kill(self) -> None:
        if self.is_alive():
            self._popen.kill()

    def join(self) -> int:
        """Wait for the process to end; its exit code (-N: killed by signal N)."""
        code = self._popen.wait()
        os.close(self._lifeline)
        return code


@dataclass(eq=False)
class _Worker:
    process: _Process
    inbox: Connection
    results: Connection
    outbox: queue.SimpleQueue[bytes | None] = field(default_factory=queue.SimpleQueue)
    assigned: deque[_Task] = field(default_factory=deque)
    batches: int = 0
    ready: bool = False
    since: float = 0.0  # when the page at the head of ``assigned`` started
    # The keys of the configs it holds, least recently used first (it drops what we do).
    configs: OrderedDict[int, None] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        # ``Connection.poll`` builds a selector per call; one poll object per worker.
        self._poll = select.poll()
        self._poll.register(self.results.fileno(), select.POLLIN)

    def has_answers(self) -> bool:
        """Something to read on the results pipe (an answer, or its end)."""
        return bool(self._poll.poll(0))

    def feed(self) -> None:
        """The feeder thread: send batches until told to stop or the worker is gone.

        It alone writes to and closes the inbox (closing it under a blocked send from
        another thread could hit a reused descriptor).
        """
        try:
            while (message := self.outbox.get()) is not None:
                self.inbox.send_bytes(message)
        except OSError:  # the worker died; the manager sees it on its side
            pass
        finally:
            self.inbox.close()


class CleaningPool:
    """Worker processes that clean pages; ``with CleaningPool(config) as pool: ...``.

    ``workers`` defaults to ``default_workers()`` (one per core but one, from three
    cores up). Processes start when the first page
    comes, and again whenever one was lost and pages are waiting. ``workers=0`` cleans
    in a thread of this process instead (for one page, where a process's start-up
    costs more than the page): nothing is spawned, and the time limit is only checked
    between the stages of cleaning, since nothing can be killed.
    """

    def __init__(self, config: ExtractConfig | None = None, *, workers: int | None = None) -> None:
        if workers is not None and workers < 0:
            raise ValueError("workers must not be negative")
        self.config = config if config is not None else ExtractConfig()
        self.workers = default_workers() if workers is None else workers
        self._inline: ThreadPoolExecutor | None = None
        self._incoming: queue.SimpleQueue[_Task] = queue.SimpleQueue()
        self._waiting: deque[_Task] = deque()
        self._pool: list[_Worker] = []
        self._seq = itertools.count()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._woken = False
        self._closed = False
        self._broken: str | None = None
        self._failed_starts = 0
        # id(config) -> (config, key), least recently used first; holding the config
        # keeps its id from being reused while it is here. Keys are never reused.
        self._configs: OrderedDict[int, tuple[ExtractConfig, int]] = OrderedDict()
        self._keys = itertools.count()
        self._thread: threading.Thread | None = None
        self._selector = selectors.DefaultSelector()  # the manager thread's
        self._inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Inbox] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()  # guards starting the thread and closing

    # -- the callers' side ----------------------------------------------------------------

    def submit(self, page: Page, done: Done, config: ExtractConfig | None = None) -> None:
        """Clean ``page`` (with ``config`` instead of the pool's, if given);
        ``done(cleaned)`` is called once, from the pool's thread."""
        with self._lock:
            if self._closed or self._broken is not None:
                done(_failed(page, self._broken or "cleaning stopped: the pool is closed"))
                return
            if self.workers == 0:
                if self._inline is None:
                    self._inline = ThreadPoolExecutor(1, thread_name_prefix="scraper-clean")
                self._inline.submit(self._clean_inline, page, done, config)
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._manage, name="scraper-pool")
                self._thread.daemon = True
                self._thread.start()
            key = None if config is None else self._key(config)
            self._incoming.put(_Task(next(self._seq), page, done, config, key))
            self._wake()

    def _key(self, config: ExtractConfig) -> int:
        """``config``'s number, the same while the pool holds it (called with the lock)."""
        held = self._configs.get(id(config))
        if held is not None:  # the same object: a held object's id is not reused
            self._configs.move_to_end(id(config))
            return held[1]
        key = next(self._keys)
        self._configs[id(config)] = (config, key)
        if len(self._configs) > MAX_CONFIGS:
            self._configs.popitem(last=False)
        return key

    def _clean_inline(self, page: Page, done: Done, config: ExtractConfig | None) -> None:
        if self._closed:
            done(_failed(page, "cleaning stopped: the pool is closed"))
        else:
            done(clean_one(page, config or self.config))

    async def clean(self, page: Page) -> Cleaned:
        """The page's encoding and document (or error), from an event loop."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Cleaned] = loop.create_future()
        with self._lock:
            inbox = self._inboxes.get(loop)
            if inbox is None:
                inbox = self._inboxes[loop] = _Inbox(loop)
        self.submit(page, functools.partial(inbox.put, future))
        return await future

    def clean_ordered(
        self,
        items: Iterable[tuple[K, Page | None]],
        *,
        window: int | None = None,
        budget: int = READ_AHEAD,
        config_of: Callable[[K], ExtractConfig | None] | None = None,
    ) -> Iterator[tuple[K, Cleaned | None]]:
        """Clean the pages of ``items`` and yield them in the same order.

        An item whose page is ``None`` (it could not be read) passes through;
        ``config_of(key)`` may give a page a config of its own. At most
        ``window`` items (default: four full batches per worker, twice what the workers
        hold) are taken ahead of the
        one the caller waits for, and no more once their pages weigh ``budget`` bytes
        (one page always goes), which bounds both the pages in flight and the results
        waiting to be yielded, whatever the pages weigh.
        """
        window = window or 2 * DEPTH * MAX_BATCH * max(1, self.workers)
        ahead: deque[tuple[K, list[Cleaned | None], int]] = deque()
        held = 0  # bytes of the pages in ``ahead``
        ready = threading.Condition()

        def done_into(slot: list[Cleaned | None]) -> Done:
            def done(cleaned: Cleaned) -> None:
                with ready:
                    slot.append(cleaned)
                    ready.notify()

            return done

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
                    self.submit(page, done_into(slot), config)
            if not ahead:
                return
            key, slot, size = ahead[0]
            with ready:
                while not slot:
                    ready.wait(0.5)  # a timeout keeps Ctrl-C deliverable
            ahead.popleft()
            held -= size
            yield key, slot[0]

    def close(self) -> None:
        """Stop the workers; pages not yet cleaned fail with "the pool is closed"."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._wake()
        if self._inline is not None:
            self._inline.shutdown(wait=True)  # pages not started fail at once
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        with self._lock:
            self._selector.close()
            os.close(self._wake_r)
            os.close(self._wake_w)

    def __enter__(self) -> CleaningPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> CleaningPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close)

    # -- the manager thread ---------------------------------------------------------------

    def _wake(self) -> None:
        """Make the manager look at its queue (called with the lock held)."""
        if not self._woken:
            self._woken = True  # before the write: see _manage
            with contextlib.suppress(OSError):  # full (already woken)
                os.write(self._wake_w, b"x")

    def _manage(self) -> None:
        # One selector for the thread's life, each pipe registered once: building one
        # per wait (``multiprocessing.connection.wait``) was 40% of this thread's time.
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        try:
            while not self._closed:
                self._take_incoming()
                self._start_workers()
                self._assign()
                ready = [key.data for key, _ in self._selector.select(self._timeout())]
                if None in ready:
                    # Drain, then clear: a submit in between leaves its byte unread.
                    os.read(self._wake_r, 4096)
                    self._woken = False
                for worker in ready:
                    if worker is not None and worker in self._pool:
                        self._read(worker)
                self._enforce_time_limit()
        except BaseException as exc:  # a bug: fail every page rather than hang
            self._broken = f"cleaning failed: the pool stopped ({exc!r})"
            raise
        finally:
            self._shutdown()

    def _take_incoming(self) -> None:
        while True:
            try:
                task = self._incoming.get_nowait()
            except queue.Empty:
                return
            if self._broken is not None:
                task.done(_failed(task.page, self._broken))
            else:
                self._waiting.append(task)

    def _start_workers(self) -> None:
        """Start a worker while pages wait that no idle worker will take."""
        idle = sum(not w.assigned for w in self._pool)
        while len(self._pool) < self.workers and len(self._waiting) > idle:
            inbox_r, inbox_w = os.pipe()
            results_r, results_w = os.pipe()
            try:
                process = _Process(inbox_r, results_w)
            except OSError as exc:  # no more processes or descriptors: fail what waits
                for fd in (inbox_w, results_r):
                    os.close(fd)
                self._fail_waiting(f"cannot start a cleaning process: {exc}")
                return
            finally:  # the worker holds the only copies now: its death closes them
                os.close(inbox_r)
                os.close(results_w)
            worker = _Worker(
                process, Connection(inbox_w, readable=False), Connection(results_r, writable=False)
            )
            worker.outbox.put(pickle.dumps(self.config, pickle.HIGHEST_PROTOCOL))
            threading.Thread(target=worker.feed, name="scraper-feeder", daemon=True).start()
            self._pool.append(worker)
            self._selector.register(worker.results, selectors.EVENT_READ, worker)
            idle += 1

    def _fail_waiting(self, reason: str) -> None:
        for task in self._waiting:
            task.done(_failed(task.page, reason))
        self._waiting.clear()

    def _assign(self) -> None:
        for worker in sorted(self._pool, key=lambda w: (w.batches, not w.ready)):
            while self._waiting and worker.batches < DEPTH:
                size = min(MAX_BATCH, len(self._waiting))
                batch = [self._waiting.popleft() for _ in range(size)]
                batch[-1].last = True
                if not worker.assigned:
                    worker.since = time.monotonic()
                worker.assigned.extend(batch)
                worker.batches += 1
                configs, forget = _configs_for(worker, batch)
                pages = [(task.seq, task.page, task.key) for task in batch]
                message = (configs, forget, pages)
                worker.outbox.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def _timeout(self) -> float | None:
        limit = self.config.time_limit
        starts = [w.since for w in self._pool if w.ready and w.assigned]
        if limit is None or not starts:
            return None
        return max(0.0, min(starts) + limit + GRACE - time.monotonic())

    def _read(self, worker: _Worker) -> None:
        """Take every answer the worker has sent; if it is gone, recover."""
        try:
            while worker.has_answers():
                message = worker.results.recv_bytes()
                if message == READY:
                    worker.ready = True
                    worker.since = time.monotonic()
                    self._failed_starts = 0
                    continue
                seq, cleaned = pickle.loads(message)
                task = worker.assigned.popleft()
                assert task.seq == seq, "a worker answers its pages in order"
                worker.since = time.monotonic()
                worker.batches -= task.last
                task.done(cleaned)
        except (EOFError, OSError):
            self._lost(worker, None)
            return
        if not worker.process.is_alive():
            self._lost(worker, None)

    def _enforce_time_limit(self) -> None:
        limit = self.config.time_limit
        if limit is None:
            return
        now = time.monotonic()
        for worker in list(self._pool):
            if worker.ready and worker.assigned and now - worker.since > limit + GRACE:
                page = worker.assigned[0].page
                error = TimeLimitError(
                    f"{page.source}: time limit of {limit:g}s ran out; cleaning abandoned"
                    f" after {now - worker.since:.1f}s (its process was killed and replaced)"
                )
                self._lost(worker, error)

    def _lost(self, worker: _Worker, error: ExtractionError | None) -> None:
        """Stop ``worker``; fail the page it was on, put the others back in front."""
        code = self._stop(worker)
        self._pool.remove(worker)
        tasks = list(worker.assigned)
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= _START_FAILURES:
                self._broken = f"{_NO_START}; the last one's exit code: {code}"
                self._waiting.extendleft(reversed(tasks))
                self._fail_waiting(self._broken)
                return
        elif tasks:
            head = tasks.pop(0)
            if error is None:
                error = ExtractionError(
                    f"{head.page.source}: cleaning failed: its process died (exit code {code})"
                )
            head.done(Cleaned("", error=error))
        for task in reversed(tasks):
            task.last = False  # it ended a batch of the dead worker's only
            self._waiting.appendleft(task)

    def _stop(self, worker: _Worker) -> int | None:
        """Kill the worker's process (it holds no state) and wait for it; its exit code."""
        worker.outbox.put(None)
        worker.process.kill()
        code = worker.process.join()
        with contextlib.suppress(KeyError):
            self._selector.unregister(worker.results)
        worker.results.close()
        return code

    def _shutdown(self) -> None:
        for worker in self._pool:
            self._stop(worker)
        self._take_incoming()
        left = [task for worker in self._pool for task in worker.assigned]
        self._pool.clear()
        for task in [*left, *self._waiting]:
            task.done(_failed(task.page, "cleaning stopped: the pool is closed"))
        self._waiting.clear()


def _configs_for(worker: _Worker, batch: list[_Task]) -> tuple[dict[int, ExtractConfig], list[int]]:
    """The configs of ``batch`` that ``worker`` lacks, and the keys it is to drop (least
    recently used first, never one of this batch's) to keep ``MAX_CONFIGS``."""
    configs: dict[int, ExtractConfig] = {}
    for task in batch:
        if task.key is None or task.config is None:
            continue
        if task.key in worker.configs:
            worker.configs.move_to_end(task.key)
        else:
            configs[task.key] = task.config
            worker.configs[task.key] = None
    used = {task.key for task in batch}
    forget = [key for key in worker.configs if key not in used]
    forget = forget[: max(0, len(worker.configs) - MAX_CONFIGS)]
    for key in forget:
        del worker.configs[key]
    return configs, forget


def _failed(page: Page, reason: str) -> Cleaned:
    return Cleaned("", error=ExtractionError(f"{page.source}: {reason}"))


class _Inbox:
    """Answers for one event loop's ``clean`` calls, handed over in bursts.

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
