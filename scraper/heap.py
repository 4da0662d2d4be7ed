"""glibc's malloc, told to give large blocks back to the system when they are freed.

glibc serves a block of 128 KiB or more with a mapping of its own and unmaps it when it
is freed, but every such free raises that threshold, up to 32 MiB (its "dynamic mmap
threshold"). After the first large page, every page-sized buffer (the raw bytes, the
decoded text, the pickles between processes) comes from the heap instead, and the holes
they leave stay with the process: `scraper clean` of saved pages held 77 MiB of free
heap after 1,500 pages and 102 MiB after 3,000 while its live Python objects were under
3 MiB, so its peak grew with the number of pages. Fixing the threshold turns the
dynamic rule off: a large buffer is unmapped when freed, and the resident memory
follows what is alive.

Hand-written because no library exposes ``mallopt``; ctypes reaches it. Elsewhere than
glibc (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["LARGE", "give_back_large_blocks"]

LARGE = 128 * 1024  # glibc's own starting threshold
_M_MMAP_THRESHOLD = -3  # from glibc's malloc.h


def give_back_large_blocks() -> bool:
    """Serve blocks of ``LARGE`` bytes or more by their own mappings from now on;
    True if glibc took the setting."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE))
