"""The folders a job writes to, checked before its first request.

    JobSpec.out, JobSpec.state ──check_folders──▶ made if missing, written to once, or StorageError

A folder that is a file, read-only, or on a full disk would otherwise be found only
when the first page is saved, after every page was fetched. Each folder is proven
writable by writing one byte to a file of its own name and deleting it: a full disk
(no block for the byte) fails here as well as a read-only one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from scraper.errors import StorageError
from scraper.storage import ctrl_c_deferred

__all__ = ["check_folders", "check_writable"]

PROBE_PREFIX = ".scraper-probe-"


def check_writable(folder: Path, what: str) -> None:
    """Make ``folder`` if missing and prove a file can be written in it."""
    if folder.exists() and not folder.is_dir():
        raise StorageError(f"{folder}: {what} is not a folder (a file is in the way)", path=folder)
    with ctrl_c_deferred():  # an interrupt must not leave the probe file behind
        _probe(folder, what)


def _probe(folder: Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=PROBE_PREFIX)
    except OSError as exc:
        raise StorageError(
            f"{folder}: {what} is not writable: {exc.strerror}", path=folder
        ) from exc
    try:
        os.write(fd, b"\n")
        os.fsync(fd)
    except OSError as exc:
        raise StorageError(
            f"{folder}: {what} is not writable: {exc.strerror}", path=folder
        ) from exc
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)


def _not_writable(folder: Path, what: str, exc: OSError) -> StorageError:
    return StorageError(f"{folder}: {what} is not writable: {exc.strerror}", path=folder)


def check_folders(out: Path, state: Path) -> None:
    """The output folder and the state database's folder, in that order."""
    check_writable(out, "the output folder (out)")
    if state.is_dir():
        raise StorageError(f"{state}: the state database is a folder, not a file", path=state)
    if state.parent != out:
        check_writable(state.parent, "the state database's folder")
