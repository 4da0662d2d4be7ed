"""Writing documents to disk: atomic writes (formats live in ``scraper.formats``).

Every file is written to a temporary file in the target folder, flushed, then renamed
over its final name, so a crash or Ctrl-C never leaves a half-written document.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from scraper.errors import StorageError
from scraper.formats import FORMATS, render, suffix_for

__all__ = ["FORMATS", "atomic_write", "ctrl_c_deferred", "render", "suffix_for"]


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that arrives inside the block until the block is done.

    The temporary file exists from inside ``mkstemp`` until its rename; a
    KeyboardInterrupt raised anywhere in between (even before ``mkstemp`` has returned
    its name) would leave it behind. Swapping the Python-level handler also catches a
    signal already pending, since Python looks the handler up when it runs it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only ever handled in the main thread
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):
                previous(signal.SIGINT, None)
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` via a temporary file and a rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with ctrl_c_deferred():
        _write_then_rename(path, data)


def _write_then_rename(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    except OSError as exc:
        raise StorageError(f"{path}: cannot write: {exc.strerror}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise StorageError(f"{path}: cannot write: {exc.strerror}", path=path) from exc
        raise
