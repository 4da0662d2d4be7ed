"""The cleaning pool's worker processes, as the manager thread sees them.

Each worker is a fresh ``python -c`` process (``scraper.batch.BOOT``) given three
pipes, on every platform. Forking a process that runs threads (the resolver's, a test
server's) can deadlock, and multiprocessing's "spawn" imports the user's main script
again in every worker, so that a script without an ``if __name__ == "__main__":``
guard ran its crawl once more per worker; a worker started this way imports only
``scraper.batch`` and the extractor.

Pages go to a worker through a feeder thread per worker: a batch is larger than a
pipe's buffer, and the manager must never block on a worker stuck in a slow page.
"""

from __future__ import annotations

import os
import queue
import select
import subprocess
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from scraper.batch import boot_command
from scraper.pool.tasks import Task

__all__ = ["Worker", "WorkerProcess", "start_worker"]


class WorkerProcess:
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
class Worker:
    """A worker process, its pipes and the pages given to it, oldest first."""

    process: WorkerProcess
    inbox: Connection
    results: Connection
    outbox: queue.SimpleQueue[bytes | None] = field(default_factory=queue.SimpleQueue)
    assigned: deque[Task] = field(default_factory=deque)
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


def start_worker() -> Worker:
    """Start a worker process with its pipes (``OSError``: no process or descriptor
    left); the feeder thread is the caller's to start."""
    inbox_r, inbox_w = os.pipe()
    results_r, results_w = os.pipe()
    try:
        process = WorkerProcess(inbox_r, results_w)
    except OSError:
        for fd in (inbox_w, results_r):
            os.close(fd)
        raise
    finally:  # the worker holds the only copies now: its death closes them
        os.close(inbox_r)
        os.close(results_w)
    return Worker(
        process, Connection(inbox_w, readable=False), Connection(results_r, writable=False)
    )
