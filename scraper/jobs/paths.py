"""Which folders a job may be given: no control characters, no system folders.

    [job] out, state ──path_problem──▶ text refused (NUL, newline, ...)
                     ──system_folder──▶ "/", "/etc", "/usr/lib/x", the home folder ... refused

A job writes its documents, ``runs.jsonl``, its lock and state into these folders and
deletes its own leftover temporary files there; ``out = "/"`` or ``out = "/etc"`` is a
typo whose cost is too high to find out at run time, so the job file is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from scraper.fetching.config import CONTROL

__all__ = ["path_problem", "system_folder"]

# Folders no job writes into, nor anywhere below them (the operating system's own).
_SYSTEM_TREES = (
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
    "/proc", "/sbin", "/sys", "/usr",
)  # fmt: skip
# Folders a job may write below (/srv/scraper, /var/lib/scraper) but not into itself.
_SYSTEM_FOLDERS = ("/", "/home", "/media", "/mnt", "/opt", "/root", "/run", "/srv", "/tmp",
                   "/var", "/var/lib", "/var/tmp")  # fmt: skip


def path_problem(text: str) -> str | None:
    """Why ``text`` cannot be a path in a job file, or ``None``."""
    found = CONTROL.search(text)
    if found:
        return f"must not contain control characters ({found.group()!r} at {found.start() + 1})"
    return None


def system_folder(folder: Path) -> str | None:
    """Why a job must not write into ``folder`` (a system folder), or ``None``."""
    real = Path(os.path.realpath(folder))
    named = "" if real == folder else f" ({folder})"
    own = "give the job a folder of its own"
    if str(real) in _SYSTEM_FOLDERS + _SYSTEM_TREES or real == _home():
        return f"is {real}{named}, a system folder; {own}"
    for tree in _SYSTEM_TREES:
        if Path(tree) in real.parents:
            return f"is {real}{named}, inside the system folder {tree}; {own}"
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (KeyError, RuntimeError):  # no HOME and no passwd entry
        return None
