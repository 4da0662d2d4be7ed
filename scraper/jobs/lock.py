"""Advisory locks on files: one run of a job at a time (a lock file beside the state
database), and one writer of a shared file at a time (``runs.jsonl`` of a folder that
two jobs share).

``fcntl.flock`` is held by the open file, so the kernel drops it when the process ends,
however it ends (``kill -9`` included): a killed run never leaves the job stuck, and
there is no stale PID file to judge. The lock file itself is never deleted, because
deleting it would let two runs lock two different files of the same name.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from scraper.errors import JobLockedError, StateError, StorageError

__all__ = ["RunLock", "lock_path", "writer_lock"]

# How long a writer waits for another: a runs.jsonl line takes milliseconds to write, so
# a holder for longer than this is stopped (SIGSTOP) or hung, and a person should look.
WRITER_WAIT = 30.0


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


class RunLock:
    """``with RunLock(state_path):`` holds the job's lock or raises ``JobLockedError``."""

    def __init__(self, state: Path, job: str = "") -> None:
        self.state = state
        self.path = lock_path(state)
        self._job = job or state.stem
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StateError(f"{self.path}: cannot open lock file: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, job = _read_holder(fd)
            os.close(fd)
            holder = f" as process {pid}" if pid else ""
            if job and job != self._job:  # two job files name one state database
                raise StateError(
                    f"{self.state}: this state belongs to job {job!r}, running now{holder};"
                    f" job {self._job!r} cannot use it: give each job a `state` of its own"
                ) from None
            raise JobLockedError(
                f"job {self._job!r} is already running{holder} (lock {self.path}); try again later"
            ) from None
        # Who holds it, for the messages above; informative only, the flock is the lock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {self._job}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def _read_holder(fd: int) -> tuple[str, str]:
    """The process id and job name the holder wrote (``"1234 news"``; older: ``"1234"``)."""
    try:
        text = os.pread(fd, 512, 0).decode("utf-8", "replace").strip()
    except OSError:
        return "", ""
    pid, _, job = text.partition(" ")
    return (pid if pid.isdigit() else ""), job


@contextmanager
def writer_lock(
    path: Path,
    *,
    wait: float = WRITER_WAIT,
    sleep: Callable[[float], object] = time.sleep,
) -> Iterator[None]:
    """Hold the lock of ``path`` (on ``PATH.lock`` beside it) while it is rewritten.

    The lock is on a file of its own because ``path`` itself is replaced by a rename
    on every write: a lock on it would be on a file no later writer opens. Polled
    rather than blocking, so a holder that never lets go is a ``StorageError`` naming
    the file after ``wait`` seconds, not a job hung for ever. fcntl as ``RunLock``
    uses, so the project needs no lock library for two ten-line uses.
    """
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise StorageError(f"{lock}: cannot open lock file: {exc.strerror}", path=lock) from exc
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"{path}: another process has held its lock ({lock}) for {wait:.0f} s",
                        path=path,
                    ) from None
                sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing drops the lock
