"""Writing documents: file names, atomic writes, and the one ``save``.

    Document ──render (the one format asked)──▶ str ──atomic_write──▶ DIR/name.fmt
             ──record (the same format)──▶ one record on a stream (``--out -``)

Every writer (``scraper clean``, ``scraper fetch``, jobs) saves through ``save``, and
names files here: ``file_name`` for a URL, ``unique_name`` for saved inputs. Every
file is written to a temporary file in the target folder, flushed, then renamed over
its final name, so a crash or Ctrl-C never leaves a half-written document. The formats
themselves live in ``scraper.formats``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TextIO
from urllib.parse import urlsplit

from scraper.errors import StorageError
from scraper.formats import FORMATS, record, render, suffix_for
from scraper.model import Document

__all__ = [
    "FORMATS",
    "TEMP_PREFIX",
    "atomic_write",
    "ctrl_c_deferred",
    "file_mode",
    "file_name",
    "owned_temp_prefix",
    "render",
    "save",
    "suffix_for",
    "unique_name",
]

TEMP_PREFIX = ".tmp-"  # of every temporary file; jobs add their own part

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_MAX = 80
_HASH_CHARS = 16  # 64 bits: a collision among a billion URLs is a 1-in-30-million event


def file_name(url: str, suffix: str = ".json") -> str:
    """``https://example.com/a.html?x=1`` -> ``example-com-a-html-x-1-<hash>.json``.

    The slug keeps only ``[a-z0-9-]``, so no URL can name a path (``..``, ``/``,
    ``\\``, NUL, a drive letter, a dot file) or differ only by case on a
    case-insensitive disk; the hash of the exact URL keeps two URLs with the same slug
    apart.
    """
    try:
        parts = urlsplit(url)
        readable = " ".join((parts.hostname or "", parts.path, parts.query))
    except ValueError:
        readable = url
    slug = _NOT_SLUG.sub("-", readable.lower()).strip("-")[:_SLUG_MAX].rstrip("-") or "page"
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    return f"{slug}-{digest}{suffix}"


def unique_name(name: str, original: str, taken: set[str]) -> str:
    """``name`` unless taken; then the input's full name (``original``), then a counter.

    Names are relative POSIX paths without a suffix (``sub/page``); ``taken`` is
    updated.
    """
    candidate = name
    if candidate in taken:
        parent = PurePosixPath(name).parent
        candidate = str(parent / original) if "/" in name else original
    counter = 2
    base = candidate
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def save(
    doc: Document,
    out: Path | TextIO,
    name: str,
    fmt: str = "json",
    *,
    temp_prefix: str = TEMP_PREFIX,
) -> None:
    """Write ``doc`` in ``fmt``, rendered once: to ``out/name.fmt`` atomically, or as
    one record to the stream ``out`` (``--out -``). Raises ``StorageError``."""
    if isinstance(out, Path):
        atomic_write(out / (name + suffix_for(fmt)), render(doc, fmt), temp_prefix=temp_prefix)
        return
    try:
        out.write(record(doc, fmt))
        out.flush()
    except OSError as exc:
        raise StorageError(f"{name}: cannot write to the output stream: {exc}") from exc


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that arrives inside the block until the block is done.

    The temporary file exists from inside ``mkstemp`` until its rename; a
    KeyboardInterrupt raised anywhere in between (even before ``mkstemp`` has returned
    its name) would leave it behind. Swapping the Python-level handler also catches a
    signal already pending, since Python looks the handler up when it runs it.

    A process started with Ctrl-C ignored (``cmd &`` in a shell script) keeps ignoring
    it after the block, but a stop signal handed over inside it (``cli.signals`` hands
    SIGTERM and SIGHUP to whoever handles SIGINT) still stops the caller: dropping it
    lost such a ``kill PID`` whenever it came during a save.
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
            elif any(signum != signal.SIGINT for signum in received):
                raise KeyboardInterrupt


def owned_temp_prefix(owner: str) -> str:
    """The prefix of the temporary files of ``owner`` (a job's name): ``.tmp-<8 hex>-``.

    Two jobs may share one output folder; each sweeps only the leftovers of its own
    killed runs, by this prefix (a start-up sweep of every ``.tmp-*`` deleted the file
    the other job was writing and stopped its run). Hex of fixed length: no owner's
    prefix is the start of another's, and none matches ``mkstemp``'s ``.tmp-XXXXXXXX``.
    """
    return f"{TEMP_PREFIX}{hashlib.sha256(owner.encode('utf-8')).hexdigest()[:8]}-"


def atomic_write(path: Path, content: str | bytes, *, temp_prefix: str = TEMP_PREFIX) -> None:
    """Write ``content`` to ``path`` via a temporary file and a rename.

    The file gets the mode the umask gives, as with any other program (``mkstemp``
    alone made every document 0600, unreadable to the indexer or web server).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with ctrl_c_deferred():
        _write_then_rename(path, data, temp_prefix)


def file_mode() -> int:
    """The mode a new file gets from the umask (``mkstemp`` makes them 0600)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere the only way is to set it and set it back (a moment's race with
    # another thread creating a file; there is no other portable call).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_then_rename(path: Path, data: bytes, prefix: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".part")
    except OSError as exc:
        raise StorageError(f"{path}: cannot write: {exc.strerror}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), file_mode())
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
