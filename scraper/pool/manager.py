"""The cleaning pool's manager thread: pages to workers, answers to callers.

    put(Task) ──▶ waiting ──batch──▶ worker process ──one answer per page──▶ task.done

* Batching: pages waiting while every worker is busy go together (up to
  ``MAX_BATCH``), one page alone when a worker is idle; each worker has up to
  ``DEPTH`` batches given to it, so that the next one is already in its pipe.
* Time: a worker answers each page on its own, so the page it is on started when the
  previous answer came; the thread waits on every worker's answers, their pipes'
  ends and the nearest deadline, and kills a worker whose page ran past the time limit
  (plus ``GRACE``).
* Death: a worker that dies (killed, out of memory) fails the page it was on; the
  rest of its pages go back to the front of the queue and a new worker takes them.
  Its results pipe tells: the worker holds the only write end. Workers that die
  before they are ready, ``START_FAILURES`` in a row, fail every page with a message
  saying so.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import selectors
import threading
import time
from collections import deque

from scraper.batch import READY, Cleaned, dumps
from scraper.config import ExtractConfig
from scraper.errors import ExtractionError, TimeLimitError
from scraper.pool.processes import Worker, start_worker
from scraper.pool.tasks import Task, failed
from scraper.pool.tuning import DEPTH, GRACE, MAX_BATCH, MAX_CONFIGS, START_FAILURES

__all__ = ["Manager"]

_NO_START = "cleaning processes die as they start (their error output, above, says why)"
_CLOSED = "cleaning stopped: the pool is closed"


class Manager:
    """Up to ``size`` worker processes and the thread that drives them.

    ``put`` may be called from any thread; every task's ``done`` is called once, from
    the manager's thread (or from ``put``'s caller's, if the pool is broken).
    """

    def __init__(self, config: ExtractConfig, size: int) -> None:
        self.config = config
        self.size = size
        self.workers: list[Worker] = []
        self.broken: str | None = None  # why every page now fails, if it does
        self._incoming: queue.SimpleQueue[Task] = queue.SimpleQueue()
        self._waiting: deque[Task] = deque()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._woken = False
        self._closed = False
        self._failed_starts = 0
        self._thread: threading.Thread | None = None
        self._selector = selectors.DefaultSelector()  # the manager thread's
        self._lock = threading.Lock()  # guards starting the thread and closing

    def put(self, task: Task) -> None:
        """Queue ``task`` (the thread starts with the first one)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._manage, name="scraper-pool")
                self._thread.daemon = True
                self._thread.start()
            self._incoming.put(task)
            self._wake()

    def close(self) -> None:
        """Stop the workers; pages not yet cleaned fail with "the pool is closed"."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
            self._wake()
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        with self._lock:
            self._selector.close()
            os.close(self._wake_r)
            os.close(self._wake_w)

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
                    if worker is not None and worker in self.workers:
                        self._read(worker)
                self._enforce_time_limit()
        except BaseException as exc:  # a bug: fail every page rather than hang
            self.broken = f"cleaning failed: the pool stopped ({exc!r})"
            raise
        finally:
            self._shutdown()

    def _take_incoming(self) -> None:
        while True:
            try:
                task = self._incoming.get_nowait()
            except queue.Empty:
                return
            if self.broken is not None:
                task.done(failed(task.page, self.broken))
            else:
                self._waiting.append(task)

    def _start_workers(self) -> None:
        """Start a worker while pages wait that no idle worker will take."""
        idle = sum(not w.assigned for w in self.workers)
        while len(self.workers) < self.size and len(self._waiting) > idle:
            try:
                worker = start_worker()
            except OSError as exc:  # no more processes or descriptors: fail what waits
                self._fail_waiting(f"cannot start a cleaning process: {exc}")
                return
            worker.outbox.put(pickle.dumps(self.config, pickle.HIGHEST_PROTOCOL))
            threading.Thread(target=worker.feed, name="scraper-feeder", daemon=True).start()
            self.workers.append(worker)
            self._selector.register(worker.results, selectors.EVENT_READ, worker)
            idle += 1

    def _fail_waiting(self, reason: str) -> None:
        for task in self._waiting:
            task.done(failed(task.page, reason))
        self._waiting.clear()

    def _assign(self) -> None:
        for worker in sorted(self.workers, key=lambda w: (w.batches, not w.ready)):
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
                worker.outbox.put(dumps(message))

    def _timeout(self) -> float | None:
        limit = self.config.time_limit
        starts = [w.since for w in self.workers if w.ready and w.assigned]
        if limit is None or not starts:
            return None
        return max(0.0, min(starts) + limit + GRACE - time.monotonic())

    def _read(self, worker: Worker) -> None:
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
        for worker in list(self.workers):
            if worker.ready and worker.assigned and now - worker.since > limit + GRACE:
                page = worker.assigned[0].page
                error = TimeLimitError(
                    f"{page.source}: time limit of {limit:g}s ran out; cleaning abandoned"
                    f" after {now - worker.since:.1f}s (its process was killed and replaced)"
                )
                self._lost(worker, error)

    def _lost(self, worker: Worker, error: ExtractionError | None) -> None:
        """Stop ``worker``; fail the page it was on, put the others back in front."""
        code = self._stop(worker)
        self.workers.remove(worker)
        tasks = list(worker.assigned)
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts >= START_FAILURES:
                self.broken = f"{_NO_START}; the last one's exit code: {code}"
                self._waiting.extendleft(reversed(tasks))
                self._fail_waiting(self.broken)
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

    def _stop(self, worker: Worker) -> int | None:
        """Kill the worker's process (it holds no state) and wait for it; its exit code."""
        worker.outbox.put(None)
        worker.process.kill()
        code = worker.process.join()
        with contextlib.suppress(KeyError):
            self._selector.unregister(worker.results)
        worker.results.close()
        return code

    def _shutdown(self) -> None:
        for worker in self.workers:
            self._stop(worker)
        self._take_incoming()
        left = [task for worker in self.workers for task in worker.assigned]
        self.workers.clear()
        for task in [*left, *self._waiting]:
            task.done(failed(task.page, _CLOSED))
        self._waiting.clear()


def _configs_for(worker: Worker, batch: list[Task]) -> tuple[dict[int, ExtractConfig], list[int]]:
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
